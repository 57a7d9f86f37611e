import { Pin, PinOff, Play, X } from 'lucide-react';
import type { ExecutionDetail, StepRecord } from '../../../shared/contract';
import type { WorkflowNode } from '../../../shared/workflow/document';
import { formatDuration } from '../executions/format';
import { PayloadView } from '../executions/payload-view';
import { StatusBadge } from '../executions/status-badge';

/** Items as a pinned output keeps them: their `json`, per output. */
export function pinnableOutput(step: StepRecord): Record<string, unknown[]> | undefined {
  const value = step.output.value;
  if (step.output.truncated || !value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value as Record<string, Array<{ json?: unknown }>>).map(([name, items]) => [name, Array.isArray(items) ? items.map((item) => item?.json ?? null) : []]));
}

/**
 * One node in a run shown on the canvas (n8n's execution view): its status, input, output and
 * error; pin the output for later runs, or run again from here with the recorded upstream data.
 */
export function StepPanel({
  execution,
  node,
  step,
  onPin,
  onUnpin,
  onRunFrom,
  onClose,
}: {
  execution: ExecutionDetail;
  node: WorkflowNode;
  step?: StepRecord;
  onPin(output: Record<string, unknown[]>): void;
  onUnpin(): void;
  onRunFrom(): void;
  onClose(): void;
}) {
  const pinnable = step ? pinnableOutput(step) : undefined;
  return (
    <aside className="node-inspector step-panel" aria-label={`Run ${execution.id}: ${node.name}`} data-testid="step-panel">
      <header className="inspector-header">
        <div>
          <strong>{node.name}</strong>
          <span className="muted">
            Run #{execution.id} {step ? `· step ${step.seq + 1} · ${formatDuration(step.durationMs)}` : '· did not run'}
          </span>
        </div>
        <button type="button" className="icon-button" aria-label="Close (Esc)" title="Close (Esc)" onClick={onClose}>
          <X size={15} />
        </button>
      </header>
      {step ? <StatusBadge status={step.status} /> : <span className="badge">Skipped</span>}
      {step?.error && (
        <p className="step-error" role="alert" data-testid="step-panel-error">
          {step.error.message}
        </p>
      )}
      <div className="step-panel-actions">
        <button type="button" className="button" onClick={onRunFrom} disabled={!step} data-testid="run-from-here" title="A new run that starts at this node, with the input it had here; the nodes before it are not run again">
          <Play size={14} aria-hidden /> Run from here
        </button>
        {node.pinnedOutput ? (
          <button type="button" className="button" onClick={onUnpin} data-testid="unpin-output">
            <PinOff size={14} aria-hidden /> Unpin output
          </button>
        ) : (
          <button type="button" className="button" onClick={() => pinnable && onPin(pinnable)} disabled={!pinnable || step?.status !== 'succeeded'} data-testid="pin-output" title="Runs started by hand use this output instead of running the node">
            <Pin size={14} aria-hidden /> Pin this output
          </button>
        )}
      </div>
      {step && (
        <div className="payloads stacked">
          <PayloadView label="Input" testId="step-input" payload={step.input} empty="No input (a trigger)." />
          <PayloadView label="Output" testId="step-output" payload={step.output} empty={step.status === 'failed' ? 'No output: the step failed.' : 'No items.'} />
        </div>
      )}
      {step && step.logs.length > 0 && (
        <div className="payload">
          <div className="payload-label">Logs</div>
          <pre className="json">{step.logs.join('\n')}</pre>
        </div>
      )}
    </aside>
  );
}
