import type { Payload } from '../../../shared/contract';
import { formatBytes } from './format';

/** A step's input or output as JSON, with a marker when it was cut for display. */
export function PayloadView({ label, payload, testId, empty = 'None' }: { label: string; payload: Payload; testId?: string; empty?: string }) {
  const id = testId ?? `payload-${label.toLowerCase()}`;
  if (payload.bytes === 0 && payload.value === null) {
    return (
      <div className="payload" data-testid={id} data-empty>
        <div className="payload-label">{label}</div>
        <p className="muted">{empty}</p>
      </div>
    );
  }
  return (
    <div className="payload" data-testid={id}>
      <div className="payload-label">
        {label} <span className="muted">{formatBytes(payload.bytes)}</span>
      </div>
      <pre className="json">{JSON.stringify(payload.value, null, 2)}</pre>
      {payload.truncated && (
        <p className="truncated" data-testid="truncated-marker">
          Cut for display: the full {payload.inFile ? 'payload is kept in a file in the data folder' : 'payload is kept with the step'} ({formatBytes(payload.bytes)}).
        </p>
      )}
    </div>
  );
}
