import { useQueryClient } from '@tanstack/react-query';
import { RefreshCw, RotateCw } from 'lucide-react';
import { useCallback } from 'react';
import type { UpdateStatus } from '../../../shared/contract';
import { queryKey, useApiEvent, useApiMutation, useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';

function summary(status: UpdateStatus): string {
  switch (status.state) {
    case 'unsupported':
    case 'error':
      return status.message ?? '';
    case 'checking':
      return 'Checking for updates…';
    case 'downloading':
      return `Downloading Echelon ${status.version ?? ''}… ${Math.round(status.percent ?? 0)}%`;
    case 'ready':
      return `Echelon ${status.version} is ready. Restart when it suits you; otherwise it installs when you quit.`;
    case 'idle':
      return `Echelon ${status.currentVersion} is up to date${status.checkedAt ? ` (checked ${formatRelative(status.checkedAt)})` : ''}.`;
  }
}

/** The desktop app's updates: where they stand, whether Echelon checks by itself, and the restart the person chooses. */
export function UpdatesCard() {
  const client = useQueryClient();
  const status = useApiQuery('desktop.updates.status', {});
  const set = useCallback((next: UpdateStatus) => client.setQueryData(queryKey('desktop.updates.status', {}), next), [client]);
  // Progress arrives as events while the updater works.
  useApiEvent('desktop.updates.changed', set);
  const configure = useApiMutation('desktop.updates.configure', { onSuccess: set });
  const check = useApiMutation('desktop.updates.check', { onSuccess: set });
  const restart = useApiMutation('desktop.updates.restart');
  if (!status.data) return null;
  const current = status.data;
  const busy = current.state === 'checking' || current.state === 'downloading' || check.isPending;
  return (
    <section className="card" data-testid="updates-card" data-update-state={current.state}>
      <h2 className="card-title">Updates</h2>
      <p className={current.state === 'error' ? 'form-error' : current.state === 'unsupported' ? 'muted' : undefined} data-testid="update-summary" role="status">
        {summary(current)}
      </p>
      {current.state === 'downloading' && <progress className="update-progress" max={100} value={current.percent ?? 0} aria-label="Download progress" />}
      {current.state !== 'unsupported' && (
        <div className="settings-row">
          <label className="checkbox">
            <input type="checkbox" checked={current.automatic} disabled={configure.isPending} onChange={(event) => configure.mutate({ automatic: event.target.checked })} data-testid="update-automatic" />
            Check for updates automatically
          </label>
          {current.state === 'ready' ? (
            <button type="button" className="button primary" onClick={() => restart.mutate({})} disabled={restart.isPending} data-testid="update-restart">
              <RotateCw size={15} aria-hidden /> Restart to update
            </button>
          ) : (
            <button type="button" className="button" onClick={() => check.mutate({})} disabled={busy} data-testid="update-check">
              <RefreshCw size={15} aria-hidden /> Check now
            </button>
          )}
        </div>
      )}
    </section>
  );
}
