import type { TaskSummary } from '../../../shared/contract';
import { formatRelative } from '../components/format';
import { duration, TaskStateBadge, usd } from './status';

/** Tasks, newest first; a click opens one. */
export function TasksTable({ tasks, selected, onSelect, showAgent }: { tasks: readonly TaskSummary[]; selected?: number; onSelect(id: number): void; showAgent?: boolean }) {
  if (tasks.length === 0) return <p className="muted">No task matches.</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="tasks-table">
        <thead>
          <tr>
            <th>#</th>
            {showAgent && <th>Agent</th>}
            <th>Task</th>
            <th>Status</th>
            <th className="num">Time</th>
            <th className="num">Cost</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.id} className={task.id === selected ? 'selected' : undefined} onClick={() => onSelect(task.id)} data-testid="task-row" style={{ cursor: 'pointer' }}>
              <td className="mono">{task.id}</td>
              {showAgent && <td>{task.agentName}</td>}
              <td className="truncate" title={task.task}>
                {task.task}
              </td>
              <td>
                <TaskStateBadge state={task.state} status={task.deadLetter ? `${task.status} (dead letter)` : task.status} />
              </td>
              <td className="num">{duration(task.durationMs)}</td>
              <td className="num">{usd(task.usage.costUsd)}</td>
              <td className="muted nowrap">{formatRelative(task.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
