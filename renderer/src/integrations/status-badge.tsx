import type { ConnectionStatus } from '../../../shared/contract';

const LABELS: Record<ConnectionStatus, string> = {
  configuring: 'Configuring',
  testing: 'Testing…',
  connected: 'Connected',
  error: 'Error',
  disconnected: 'Disconnected',
};

export function StatusBadge({ status, testId = 'connection-status' }: { status: ConnectionStatus; testId?: string }) {
  return (
    <span className={`status-badge status-${status}`} data-testid={testId} data-status={status}>
      <span className="dot" aria-hidden />
      {LABELS[status]}
    </span>
  );
}
