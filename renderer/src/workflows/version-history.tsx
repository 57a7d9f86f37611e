import { History, RotateCcw } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { JsonValue, WorkflowDocument } from '../../../shared/workflow/document';
import { useApiQuery } from '../api/hooks';
import { diffDocuments, isEmptyDiff, type DocumentDiff } from '../canvas/version-diff';
import { formatRelative } from '../components/format';
import { Modal } from '../components/modal';

const show = (value: JsonValue | undefined) => (value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value, null, 1));

function DiffView({ diff }: { diff: DocumentDiff }) {
  if (isEmptyDiff(diff)) return <p className="muted">No difference.</p>;
  return (
    <div className="version-diff" data-testid="version-diff">
      {diff.workflow.length > 0 && (
        <section>
          <h3>Workflow</h3>
          <FieldTable fields={diff.workflow} />
        </section>
      )}
      {diff.added.length > 0 && (
        <section>
          <h3 className="diff-added">Added nodes</h3>
          <ul data-testid="diff-added">{diff.added.map((node) => <li key={node.id}>+ {node.name}</li>)}</ul>
        </section>
      )}
      {diff.removed.length > 0 && (
        <section>
          <h3 className="diff-removed">Removed nodes</h3>
          <ul data-testid="diff-removed">{diff.removed.map((node) => <li key={node.id}>− {node.name}</li>)}</ul>
        </section>
      )}
      {diff.changed.map((change) => (
        <section key={change.id} data-testid="diff-changed">
          <h3 className="diff-changed">Changed: {change.name}</h3>
          <FieldTable fields={change.fields} />
        </section>
      ))}
      {(diff.edgesAdded.length > 0 || diff.edgesRemoved.length > 0) && (
        <section>
          <h3>Connections</h3>
          <ul>
            {diff.edgesAdded.map((edge) => <li key={`+${edge}`} className="diff-added">+ {edge}</li>)}
            {diff.edgesRemoved.map((edge) => <li key={`-${edge}`} className="diff-removed">− {edge}</li>)}
          </ul>
        </section>
      )}
      {diff.moved.length > 0 && <p className="muted small">Moved only: {diff.moved.join(', ')}</p>}
    </div>
  );
}

function FieldTable({ fields }: { fields: DocumentDiff['workflow'] }) {
  return (
    <table className="table compact diff-table">
      <thead>
        <tr>
          <th>Field</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field.path}>
            <td className="mono">{field.path}</td>
            <td className="diff-before">
              <pre>{show(field.before)}</pre>
            </td>
            <td className="diff-after">
              <pre>{show(field.after)}</pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Saved versions of a workflow: pick one to see what it changed against the version before it
 * (or against the canvas as it is), and restore it onto the canvas as one undoable edit.
 */
export function VersionHistory({ workflowId, open, current, onRestore, onClose }: { workflowId: string; open: boolean; current: WorkflowDocument; onRestore(document: WorkflowDocument, version: number): void; onClose(): void }) {
  const versions = useApiQuery('workflows.versions', { id: workflowId }, { enabled: open });
  const [picked, setPicked] = useState<number | undefined>();
  const [against, setAgainst] = useState<'previous' | 'canvas'>('previous');
  const chosen = picked ?? versions.data?.[0]?.version;
  const selected = useApiQuery('workflows.get', { id: workflowId, version: chosen }, { enabled: open && chosen !== undefined });
  const previous = useApiQuery('workflows.get', { id: workflowId, version: (chosen ?? 2) - 1 }, { enabled: open && chosen !== undefined && chosen > 1 && against === 'previous' });
  const diff = useMemo(() => {
    if (!selected.data) return undefined;
    if (against === 'canvas') return diffDocuments(selected.data.document, current);
    const before = chosen === 1 ? { ...selected.data.document, nodes: [], edges: [] } : previous.data?.document;
    return before ? diffDocuments(before, selected.data.document) : undefined;
  }, [against, chosen, current, previous.data, selected.data]);
  return (
    <Modal open={open} onClose={onClose} title="Versions" testId="version-history" wide>
      <div className="versions-layout">
        <ul className="version-list" aria-label="Saved versions">
          {versions.data?.map((version) => (
            <li key={version.version}>
              <button type="button" className={version.version === chosen ? 'version-item selected' : 'version-item'} aria-pressed={version.version === chosen} onClick={() => setPicked(version.version)} data-testid="version-item" data-version={version.version}>
                <History size={14} aria-hidden /> <strong>v{version.version}</strong>
                <span className="muted small">
                  {formatRelative(version.createdAt)} · {version.nodeCount} node{version.nodeCount === 1 ? '' : 's'}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <div className="version-detail">
          <div className="toolbar">
            <div className="segmented small" role="radiogroup" aria-label="Compare with">
              <button type="button" role="radio" aria-checked={against === 'previous'} className={`segment${against === 'previous' ? ' selected' : ''}`} onClick={() => setAgainst('previous')} data-testid="compare-previous">
                What v{chosen} changed
              </button>
              <button type="button" role="radio" aria-checked={against === 'canvas'} className={`segment${against === 'canvas' ? ' selected' : ''}`} onClick={() => setAgainst('canvas')} data-testid="compare-canvas">
                v{chosen} → the canvas now
              </button>
            </div>
            <button type="button" className="button primary" disabled={!selected.data} onClick={() => selected.data && chosen !== undefined && onRestore(selected.data.document, chosen)} data-testid="restore-version">
              <RotateCcw size={14} aria-hidden /> Restore v{chosen}
            </button>
          </div>
          {diff ? <DiffView diff={diff} /> : <p className="muted">Loading…</p>}
        </div>
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
