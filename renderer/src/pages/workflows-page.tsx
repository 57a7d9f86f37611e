import { Plus, Upload, Workflow } from 'lucide-react';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { call } from '../api/client';
import { useApiQuery } from '../api/hooks';
import { CommandLine } from '../components/code';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { showToast } from '../components/toasts';
import { ImportDialog } from '../workflows/import-dialog';
import { WorkflowTable } from '../workflows/workflow-table';
import { emptyWorkflow } from '../../../shared/workflow/document';

// The canvas (React Flow, layout, generated forms) is most of the app's code: it loads when a
// workflow is opened (fetched early once the list shows), so every other page starts without it.
const loadEditor = () => import('../workflows/workflow-editor-page');
const WorkflowEditorPage = lazy(() => loadEditor().then((module) => ({ default: module.WorkflowEditorPage })));

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
  useEffect(() => {
    void loadEditor();
  }, []);
  if (open) {
    return (
      <Suspense fallback={<div className="page muted" data-testid="editor-loading">Loading the workflow…</div>}>
        <WorkflowEditorPage workflowId={open} onBack={() => setOpen(undefined)} />
      </Suspense>
    );
  }

  const create = async () => {
    try {
      const saved = await call('workflows.save', { document: emptyWorkflow('Untitled workflow') });
      setOpen(saved.id);
    } catch (error) {
      showToast({ kind: 'error', title: 'Could not create a workflow', detail: (error as Error).message });
    }
  };
  const actions = (
    <>
      <button type="button" className="button" onClick={() => setImporting(true)} data-testid="import-workflow">
        <Upload size={14} aria-hidden /> Import
      </button>
      <button type="button" className="button primary" onClick={() => void create()} data-testid="new-workflow">
        <Plus size={14} aria-hidden /> New workflow
      </button>
    </>
  );
  return (
    <div className="page" data-testid="page-workflows">
      <PageHeader title="Workflows" subtitle="Chains of triggers, MCP tools, API calls and code, run by the local engine." actions={actions} />
      {workflows.data && workflows.data.length === 0 && (
        <EmptyState icon={Workflow} title="No workflows yet" action={actions}>
          <p>Build one on the canvas, or import an n8n export or an Echelon workflow file, here or from the command line:</p>
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
