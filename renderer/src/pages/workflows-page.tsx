import { Upload, Workflow } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { useApiQuery } from '../api/hooks';
import { CommandLine } from '../components/code';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { CanvasSlot } from '../workflows/canvas-slot';
import { ImportDialog } from '../workflows/import-dialog';
import { WorkflowTable } from '../workflows/workflow-table';

/** `#/workflows/<id>` opens one workflow (the canvas); `#/workflows` the list. */
function useOpenWorkflow(): [string | undefined, (id: string | undefined) => void] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/')[1] || undefined;
  const [id, setId] = useState(read);
  useEffect(() => {
    const onHash = () => setId(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const open = useCallback((next: string | undefined) => {
    location.hash = next ? `/workflows/${encodeURIComponent(next)}` : '/workflows';
  }, []);
  return [id ? decodeURIComponent(id) : undefined, open];
}

export function WorkflowsPage() {
  const workflows = useApiQuery('workflows.list', {});
  const [importing, setImporting] = useState(false);
  const [open, setOpen] = useOpenWorkflow();
  if (open) return <CanvasSlot id={open} onBack={() => setOpen(undefined)} />;

  const importButton = (
    <button type="button" className="button primary" onClick={() => setImporting(true)} data-testid="import-workflow">
      <Upload size={14} aria-hidden /> Import
    </button>
  );
  return (
    <div className="page" data-testid="page-workflows">
      <PageHeader title="Workflows" subtitle="Chains of triggers, MCP tools, API calls and code, run by the local engine." actions={importButton} />
      {workflows.data && workflows.data.length === 0 && (
        <EmptyState icon={Workflow} title="No workflows yet" action={importButton}>
          <p>Import an n8n export or an Echelon workflow file to get started, here or from the command line:</p>
          <CommandLine>npx echelon workflow import my-workflow.json</CommandLine>
        </EmptyState>
      )}
      {workflows.data && workflows.data.length > 0 && (
        <section className="card">
          <WorkflowTable workflows={workflows.data} onOpen={setOpen} />
        </section>
      )}
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}
