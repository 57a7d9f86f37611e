import { ChevronDown, ChevronRight } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ExecutionDetail, StepRecord } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { formatDuration } from './format';
import { PayloadView } from './payload-view';
import { StatusBadge } from './status-badge';

/** Where a step sits on the execution's time axis, in percent. */
function span(step: StepRecord, start: number, total: number): { left: number; width: number } {
  const from = Date.parse(step.startedAt) - start;
  const length = step.durationMs ?? 0;
  return { left: Math.min(100, (from / total) * 100), width: Math.max(0.6, Math.min(100, (length / total) * 100)) };
}

function Step({ step, start, total, typeName, focused }: { step: StepRecord; start: number; total: number; typeName: string; focused: boolean }) {
  const [open, setOpen] = useState(focused);
  const row = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focused) row.current?.scrollIntoView({ block: 'nearest' });
  }, [focused]);
  const bar = span(step, start, total);
  return (
    <li ref={row} className={`step-row step-${step.status}`} data-testid="step-row" data-node={step.nodeId} data-seq={step.seq} data-open={open}>
      <button type="button" className="step-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />}
        <span className="step-name">
          <strong>{step.nodeName}</strong>
          <span className="muted">{typeName}</span>
        </span>
        <StatusBadge status={step.status} />
        <span className="step-attempt muted" title="Attempt">
          #{step.attempt}
        </span>
        <span className="step-bar" aria-hidden>
          <span className={`step-bar-fill bar-${step.status}`} style={{ marginLeft: `${bar.left}%`, width: `${bar.width}%` }} />
        </span>
        <span className="step-duration num">{formatDuration(step.durationMs)}</span>
      </button>
      {open && (
        <div className="step-body">
          {step.error && (
            <p className="step-error" role="alert">
              {step.error.message}
            </p>
          )}
          <dl className="facts">
            <dt>Started</dt>
            <dd>{new Date(step.startedAt).toLocaleString()}</dd>
            {step.waitUntil && (
              <>
                <dt>Waits until</dt>
                <dd>{new Date(step.waitUntil).toLocaleString()}</dd>
              </>
            )}
            {step.idempotencyKey && (
              <>
                <dt>Idempotency key</dt>
                <dd className="mono">{step.idempotencyKey}</dd>
              </>
            )}
          </dl>
          <div className="payloads">
            <PayloadView label="Input" payload={step.input} />
            <PayloadView label="Output" payload={step.output} />
          </div>
          {step.logs.length > 0 && (
            <div className="payload">
              <div className="payload-label">Logs</div>
              <pre className="json" data-testid="step-logs">
                {step.logs.join('\n')}
              </pre>
            </div>
          )}
        </div>
      )}
    </li>
  );
}

/** Every step of an execution on one time axis, expandable to its input, output, logs and error. */
export function StepTimeline({ execution, openStep }: { execution: ExecutionDetail; openStep?: number }) {
  const catalog = useApiQuery('workflows.nodeTypes', {});
  const names = useMemo(() => new Map(catalog.data?.map((entry) => [entry.type, entry.name])), [catalog.data]);
  if (execution.steps.length === 0) return <p className="muted">No step has run yet.</p>;
  const start = Date.parse(execution.steps[0]!.startedAt);
  const end = Math.max(...execution.steps.map((step) => Date.parse(step.finishedAt ?? step.startedAt)));
  const total = Math.max(1, end - start);
  return (
    <ol className="timeline" data-testid="step-timeline">
      {execution.steps.map((step) => (
        <Step key={`${step.seq}-${step.attempt}-${step.seq === openStep}`} step={step} start={start} total={total} typeName={names.get(step.nodeType) ?? step.nodeType} focused={step.seq === openStep} />
      ))}
    </ol>
  );
}
