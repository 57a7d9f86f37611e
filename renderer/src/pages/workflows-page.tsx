import { Workflow } from 'lucide-react';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { CommandLine } from '../components/code';

export function WorkflowsPage() {
  return (
    <div className="page" data-testid="page-workflows">
      <PageHeader title="Workflows" subtitle="Chains of triggers, MCP tools, API calls and code, run by the local engine." />
      <EmptyState icon={Workflow} title="No workflows yet">
        <p>Import an n8n export or an Echelon workflow file to get started:</p>
        <CommandLine>npx echelon workflow import my-workflow.json</CommandLine>
      </EmptyState>
    </div>
  );
}
