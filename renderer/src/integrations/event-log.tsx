import type { ConnectionEvent } from '../../../shared/contract';
import { formatRelative } from '../components/format';

export function EventLog({ events }: { events: readonly ConnectionEvent[] }) {
  if (events.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ul className="activity event-log" data-testid="event-log">
      {events.map((event) => (
        <li key={event.id} className={`activity-${event.level}`} data-testid="event">
          <span className="activity-source">{event.kind}</span>
          <span className="activity-message">{event.message}</span>
          <time className="muted" dateTime={event.at} title={new Date(event.at).toLocaleString()}>
            {formatRelative(event.at)}
          </time>
        </li>
      ))}
    </ul>
  );
}
