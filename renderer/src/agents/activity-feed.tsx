import { useApiQuery } from '../api/hooks';
import { formatRelative } from '../components/format';
import { SeverityTag } from './status';

/** The agents' events, newest first, with their severity; a click opens the task. */
export function ActivityFeed({ agent, onOpenTask, limit = 40 }: { agent?: string; onOpenTask(id: number): void; limit?: number }) {
  const events = useApiQuery('agents.events.list', { agent, limit });
  if (events.data && events.data.length === 0) return <p className="muted">Nothing has happened yet: starts, tasks, approvals and failures appear here as they happen.</p>;
  return (
    <ul className="feed" data-testid="activity-feed">
      {events.data?.map((event) => (
        <li key={event.id} data-severity={event.severity}>
          <SeverityTag severity={event.severity} />
          <span>
            {event.agentName && !agent && <span className="feed-agent">{event.agentName}</span>}
            {event.taskId !== null ? (
              <button type="button" className="link-button" onClick={() => onOpenTask(event.taskId!)} title={event.correlationId ? `Correlation ${event.correlationId}` : undefined}>
                {event.message}
              </button>
            ) : (
              event.message
            )}
          </span>
          <time className="muted small" dateTime={event.at} title={new Date(event.at).toLocaleString()}>
            {formatRelative(event.at)}
          </time>
        </li>
      ))}
    </ul>
  );
}
