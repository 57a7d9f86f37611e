import { Activity } from 'lucide-react';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { CommandLine } from '../components/code';

export function ExecutionsPage() {
  return (
    <div className="page" data-testid="page-executions">
      <PageHeader title="Executions" subtitle="Every workflow run, its steps, timings and errors." />
      <EmptyState icon={Activity} title="Nothing has run yet">
        <p>Runs appear here live, step by step. Run a workflow file from the command line:</p>
        <CommandLine>npx echelon workflow run my-workflow.json</CommandLine>
      </EmptyState>
    </div>
  );
}
