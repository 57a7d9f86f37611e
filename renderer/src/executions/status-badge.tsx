import type { ExecutionStatus, StepStatus } from '../../../shared/contract';

const LABELS: Record<ExecutionStatus | StepStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  waiting: 'Waiting',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  crashed: 'Crashed',
};

/** A status as a coloured pill; colour comes from the theme, the word carries the meaning. */
export function StatusBadge({ status }: { status: ExecutionStatus | StepStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="status-badge" data-status={status}>
      {LABELS[status]}
    </span>
  );
}
