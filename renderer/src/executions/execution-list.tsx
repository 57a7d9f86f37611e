import type { ExecutionSummary } from '../../../shared/contract';
import { formatRelative } from '../components/format';
import { ExecutionActions } from './execution-detail';
import { formatDuration } from './format';
import { StatusBadge } from './status-badge';

/** Columns marked `optional` give way when the list shares the page with an open execution, which shows them itself. */
export function ExecutionList({ items, selected, onSelect, actions }: { items: ExecutionSummary[]; selected?: number; onSelect(id: number): void; actions?: boolean }) {
  return (
    <table className="table selectable" data-testid="execution-list">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>Workflow</th>
          <th>Status</th>
          <th className="optional">Trigger</th>
          <th>Started</th>
          <th className="num optional">Duration</th>
          {actions && <th />}
        </tr>
      </thead>
      <tbody>
        {items.map((execution) => (
          <tr
            key={execution.id}
            className={execution.id === selected ? 'selected' : undefined}
            data-testid="execution-row"
            data-id={execution.id}
            data-status={execution.status}
            tabIndex={0}
            onClick={() => onSelect(execution.id)}
            onKeyDown={(event) => event.key === 'Enter' && onSelect(execution.id)}
          >
            <td className="num mono">{execution.id}</td>
            <td>
              {execution.workflowName} <span className="muted">v{execution.workflowVersion}</span>
              {execution.error && <div className="row-error">{execution.error.message}</div>}
            </td>
            <td>
              <StatusBadge status={execution.status} />
            </td>
            <td className="muted optional">{execution.trigger}</td>
            <td className="muted nowrap" title={execution.startedAt ?? execution.createdAt}>
              {formatRelative(execution.startedAt ?? execution.createdAt)}
            </td>
            <td className="num optional">{formatDuration(execution.durationMs)}</td>
            {actions && (
              <td onClick={(event) => event.stopPropagation()}>
                <ExecutionActions execution={execution} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
