import type { AgentStatus, Severity, TaskState } from '../../../shared/contract';

const AGENT_LABELS: Record<AgentStatus, string> = { inactive: 'Inactive', starting: 'Starting', running: 'Running', paused: 'Paused', stopping: 'Stopping', error: 'Error' };

export function AgentStatusBadge({ status }: { status: AgentStatus }) {
  return (
    <span className={`badge agent-status status-${status}`} data-testid="agent-status" data-status={status}>
      <span className="badge-dot" aria-hidden />
      {AGENT_LABELS[status]}
    </span>
  );
}

/** A task's state; `status` (the label, such as "stopped: max steps") says which limit stopped it. */
export function TaskStateBadge({ state, status }: { state: TaskState; status: string }) {
  return (
    <span className={`badge task-state state-${state}`} data-testid="task-state" data-state={state}>
      <span className="badge-dot" aria-hidden />
      {status}
    </span>
  );
}

export function SeverityTag({ severity }: { severity: Severity }) {
  return <span className={`severity severity-${severity}`}>{severity}</span>;
}

export const usd = (value: number) => (value === 0 ? '$0' : value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`);
export const count = (value: number) => value.toLocaleString();
export const duration = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`);
