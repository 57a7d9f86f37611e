import { AlertTriangle, Ban, RefreshCw } from 'lucide-react';
import { useState } from 'react';
import type { Conflict, TeamStatus } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';
import { showToast } from '../components/toasts';
import { ConflictDialog } from './conflict-dialog';
import { describeSync } from './sync-indicator';

/** The sync status in words, what needs a person (conflicts, refused changes) and "sync now". */
export function SyncCard({ status }: { status: TeamStatus }) {
  const conflicts = useApiQuery('team.conflicts', {});
  const rejected = useApiQuery('team.rejected', {});
  const [open, setOpen] = useState<Conflict>();
  const syncNow = useApiMutation('team.syncNow', { onError: (error) => showToast({ kind: 'error', title: 'Sync failed', detail: error.message }) });
  const discard = useApiMutation('team.discardRejected');
  const { label, tone } = describeSync(status.sync);
  return (
    <section className="card team-card" data-testid="team-sync">
      <div className="card-toolbar">
        <div className="card-title">
          <RefreshCw size={16} aria-hidden /> Sync
        </div>
        <button type="button" className="button" onClick={() => syncNow.mutate({})} disabled={syncNow.isPending} data-testid="sync-now">
          <RefreshCw size={14} aria-hidden className={syncNow.isPending ? 'spin' : undefined} /> Sync now
        </button>
      </div>
      <p className={`sync-line sync-${tone}`} data-testid="team-sync-state">
        {label}
        {status.sync.lastSyncedAt && <span className="muted"> · last synced {formatRelative(status.sync.lastSyncedAt)}</span>}
        {status.sync.live ? <span className="muted"> · changes arrive live</span> : status.sync.state === 'synced' ? <span className="muted"> · reconnecting to live updates</span> : null}
      </p>
      {(conflicts.data ?? []).length > 0 && (
        <ul className="plain-list" data-testid="team-conflicts">
          {conflicts.data!.map((conflict) => (
            <li key={conflict.id} className="list-row attention">
              <span>
                <AlertTriangle size={14} aria-hidden /> <strong>{conflict.name}</strong> — {conflict.fields.length} field{conflict.fields.length === 1 ? '' : 's'} edited on both sides
              </span>
              <button type="button" className="button primary" onClick={() => setOpen(conflict)} data-testid="open-conflict">
                Resolve…
              </button>
            </li>
          ))}
        </ul>
      )}
      {(rejected.data ?? []).length > 0 && (
        <ul className="plain-list" data-testid="team-rejected">
          {rejected.data!.map((change) => (
            <li key={`${change.kind}:${change.entityId}`} className="list-row attention">
              <span>
                <Ban size={14} aria-hidden /> <strong>{change.name}</strong> ({change.kind}) was refused: {change.reason} <span className="muted">It stays on this computer.</span>
              </span>
              <button type="button" className="button" onClick={() => discard.mutate({ kind: change.kind, entityId: change.entityId })}>
                Take the team's version
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConflictDialog conflict={open} onClose={() => setOpen(undefined)} />
    </section>
  );
}
