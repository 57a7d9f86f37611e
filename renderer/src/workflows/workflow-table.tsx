import { Download, PenTool, Play, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { WorkflowSummary } from '../../../shared/contract';
import { call } from '../api/client';
import { useApiMutation } from '../api/hooks';
import { formatRelative } from '../components/format';
import { showToast } from '../components/toasts';
import { StatusBadge } from '../executions/status-badge';
import { PresenceAvatars } from '../team/presence-avatars';
import { useCanEdit } from '../team/use-team';

async function download(id: string): Promise<void> {
  const { text, fileName } = await call('workflows.export', { id });
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Row({ workflow, onOpen }: { workflow: WorkflowSummary; onOpen(id: string): void }) {
  const run = useApiMutation('workflows.run');
  const remove = useApiMutation('workflows.delete');
  const [confirming, setConfirming] = useState(false);
  // A viewer of the team's workflows reads them: no run, no delete (the server refuses too).
  const editable = useCanEdit();
  const blocked = workflow.unsupported.length > 0 || workflow.problemCount > 0;
  return (
    <tr data-testid="workflow-row" data-id={workflow.id}>
      <td>
        <strong>{workflow.name}</strong> <PresenceAvatars kind="workflow" id={workflow.id} size={20} />
        {workflow.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
        <div className="muted mono small">{workflow.id}</div>
      </td>
      <td className="num">v{workflow.version}</td>
      <td className="muted small">{workflow.triggers.map((type) => type.split('.')[0]).join(', ') || '—'}</td>
      <td>
        {workflow.lastRun ? (
          <span className="last-run">
            <StatusBadge status={workflow.lastRun.status} /> <span className="muted small">{formatRelative(workflow.lastRun.createdAt)}</span>
          </span>
        ) : (
          <span className="muted">never run</span>
        )}
      </td>
      <td>
        {workflow.unsupported.length > 0 ? (
          <span className="badge badge-failed" title={workflow.unsupported.map((node) => `${node.name} (${node.type})`).join(', ')} data-testid="unsupported-badge">
            {workflow.unsupported.length} unsupported
          </span>
        ) : workflow.problemCount > 0 ? (
          <span className="badge badge-waiting">{workflow.problemCount} problem(s)</span>
        ) : (
          <span className="badge badge-succeeded">ready</span>
        )}
      </td>
      <td>
        <div className="row-actions">
          {editable && (
          <button
            type="button"
            className="button"
            disabled={blocked || run.isPending}
            data-testid="run-workflow"
            title={blocked ? 'Fix its problems first' : 'Run now'}
            onClick={() =>
              run.mutate(
                { id: workflow.id },
                {
                  onSuccess: (result) => showToast({ kind: 'success', title: result.deduplicated ? 'Already queued' : `Started execution ${result.executionId}`, detail: workflow.name }),
                  onError: (error) => showToast({ kind: 'error', title: `Could not run ${workflow.name}`, detail: error.message }),
                },
              )
            }
          >
            <Play size={14} aria-hidden /> Run
          </button>
          )}
          <button type="button" className="button" data-testid="open-canvas" onClick={() => onOpen(workflow.id)}>
            <PenTool size={14} aria-hidden /> Open
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Export ${workflow.name}`}
            data-testid="export-workflow"
            onClick={() => void download(workflow.id).catch((error: Error) => showToast({ kind: 'error', title: 'Export failed', detail: error.message }))}
          >
            <Download size={15} />
          </button>
          {!editable ? null : confirming ? (
            <button
              type="button"
              className="button danger"
              data-testid="confirm-delete"
              onClick={() =>
                remove.mutate(
                  { id: workflow.id },
                  {
                    onSuccess: () => showToast({ kind: 'success', title: `Deleted ${workflow.name}` }),
                    onError: (error) => showToast({ kind: 'error', title: 'Could not delete', detail: error.message }),
                  },
                )
              }
              onBlur={() => setConfirming(false)}
            >
              Delete?
            </button>
          ) : (
            <button type="button" className="icon-button" aria-label={`Delete ${workflow.name}`} data-testid="delete-workflow" onClick={() => setConfirming(true)}>
              <Trash2 size={15} />
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

export function WorkflowTable({ workflows, onOpen }: { workflows: WorkflowSummary[]; onOpen(id: string): void }) {
  return (
    <table className="table" data-testid="workflow-list">
      <thead>
        <tr>
          <th>Workflow</th>
          <th className="num">Version</th>
          <th>Triggers</th>
          <th>Last run</th>
          <th>State</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {workflows.map((workflow) => (
          <Row key={workflow.id} workflow={workflow} onOpen={onOpen} />
        ))}
      </tbody>
    </table>
  );
}
