import type { ServerStatus } from '../../../shared/contract';

const LABELS: Record<ServerStatus | 'disabled', string> = {
  stopped: 'Stopped',
  starting: 'Starting',
  running: 'Running',
  degraded: 'Degraded',
  crashed: 'Crashed',
  backoff: 'Restarting',
  disabled: 'Disabled',
};

/** A server's state as a coloured pill: green running, amber degraded or restarting, red crashed. */
export function StatusBadge({ status }: { status: ServerStatus | 'disabled' }) {
  return (
    <span className={`badge server-${status}`} data-testid="server-status" data-status={status}>
      <span className="badge-dot" aria-hidden />
      {LABELS[status]}
    </span>
  );
}
