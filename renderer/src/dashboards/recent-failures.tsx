import { CircleX } from 'lucide-react';
import { useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';
import { executionHref } from '../navigation/use-hash-path';

/** The latest failed runs; each opens the run at its failing step. */
export function RecentFailures() {
  const failed = useApiQuery('executions.list', { status: 'failed', limit: 6 });
  const items = failed.data?.items ?? [];
  return (
    <div className="card" data-testid="recent-failures">
      <h2 className="card-title">
        <CircleX size={16} aria-hidden /> Recent failures
      </h2>
      {failed.data && items.length === 0 && <p className="muted">No run has failed. Failures show here, each one click from the step that failed.</p>}
      <ul className="activity failures">
        {items.map((run) => (
          <li key={run.id}>
            <a className="row-link failure-link" href={executionHref(run.id)} data-testid="recent-failure">
              <strong>{run.workflowName}</strong> <span className="muted">#{run.id}</span>
              <span className="row-error">
                {run.error?.nodeName ? `${run.error.nodeName}: ` : ''}
                {run.error?.message ?? 'failed'}
              </span>
            </a>
            <time className="muted" dateTime={run.createdAt} title={new Date(run.createdAt).toLocaleString()}>
              {formatRelative(run.finishedAt ?? run.createdAt)}
            </time>
          </li>
        ))}
      </ul>
    </div>
  );
}
