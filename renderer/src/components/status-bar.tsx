import { useConnectionState } from '../api/connection';
import { transport } from '../api/bridge';
import { useApiQuery } from '../api/hooks';
import { SyncIndicator } from '../team/sync-indicator';

const LABELS = { connected: 'Connected', connecting: 'Connecting…', reconnecting: 'Connection lost — reconnecting…' } as const;

export function StatusBar() {
  const state = useConnectionState();
  const status = useApiQuery('app.status', {});
  const where = transport === 'ipc' ? 'desktop app' : `echelon serve on ${location.host}`;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`connection connection-${state}`} data-testid="connection-state" data-state={state}>
        <span className="dot" aria-hidden />
        {LABELS[state]}
        <span className="muted"> · {where}</span>
      </span>
      <SyncIndicator />
      {status.data && (
        <span className="muted">
          v{status.data.version} · schema {status.data.schemaVersion} · {status.data.dataDir}
        </span>
      )}
      <span className="muted">Press ? for shortcuts</span>
    </footer>
  );
}
