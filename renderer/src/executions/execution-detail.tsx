import { Ban, RotateCcw, Trash2, X } from 'lucide-react';
import type { ExecutionSummary } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { showToast } from '../components/toasts';
import { formatDuration } from './format';
import { PayloadView } from './payload-view';
import { StatusBadge } from './status-badge';
import { StepTimeline } from './step-timeline';

const ACTIVE = new Set(['queued', 'running', 'waiting']);

/** Cancel, retry and discard, for an execution in the states that allow them. */
export function ExecutionActions({ execution }: { execution: ExecutionSummary }) {
  const cancel = useApiMutation('executions.cancel');
  const retry = useApiMutation('executions.retry');
  const discard = useApiMutation('executions.discard');
  const report = (verb: string) => ({
    onSuccess: () => showToast({ kind: 'success', title: `Execution ${execution.id} ${verb}` }),
    onError: (error: Error) => showToast({ kind: 'error', title: `Could not ${verb.replace(/ed$|led$/, '')} execution ${execution.id}`, detail: error.message }),
  });
  const canRetry = execution.status === 'failed' || execution.status === 'cancelled' || execution.status === 'crashed' || (execution.status === 'waiting' && execution.error !== undefined);
  return (
    <div className="row-actions">
      {ACTIVE.has(execution.status) && (
        <button type="button" className="button" data-testid="cancel-execution" onClick={() => cancel.mutate({ id: execution.id }, report('cancelled'))}>
          <Ban size={14} aria-hidden /> Cancel
        </button>
      )}
      {canRetry && (
        <button type="button" className="button" data-testid="retry-execution" onClick={() => retry.mutate({ id: execution.id }, report('queued again'))}>
          <RotateCcw size={14} aria-hidden /> Retry now
        </button>
      )}
      {execution.deadLetter && (
        <button type="button" className="button" data-testid="discard-execution" onClick={() => discard.mutate({ id: execution.id }, report('discarded'))}>
          <Trash2 size={14} aria-hidden /> Discard
        </button>
      )}
    </div>
  );
}

export function ExecutionDetailPanel({ id, onClose }: { id: number; onClose: () => void }) {
  const detail = useApiQuery('executions.get', { id });
  const execution = detail.data;
  return (
    <section className="card detail" data-testid="execution-detail" aria-labelledby="execution-title">
      <header className="detail-header">
        <h2 id="execution-title">
          Execution {id} {execution && <StatusBadge status={execution.status} />}
        </h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <X size={16} />
        </button>
      </header>
      {detail.error && <p className="step-error">{detail.error.message}</p>}
      {execution && (
        <>
          <dl className="facts">
            <dt>Workflow</dt>
            <dd>
              {execution.workflowName} <span className="muted">v{execution.workflowVersion}</span>
            </dd>
            <dt>Trigger</dt>
            <dd>{execution.trigger}</dd>
            <dt>Started</dt>
            <dd>{execution.startedAt ? new Date(execution.startedAt).toLocaleString() : 'not yet'}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(execution.durationMs)}</dd>
            {execution.recoveries > 0 && (
              <>
                <dt>Recovered</dt>
                <dd>{execution.recoveries} time(s) after the process stopped</dd>
              </>
            )}
            {execution.parentId !== undefined && (
              <>
                <dt>Started by</dt>
                <dd>execution {execution.parentId}</dd>
              </>
            )}
          </dl>
          {execution.error && (
            <p className="step-error" role="alert" data-testid="execution-error">
              {execution.error.nodeName ? <strong>{execution.error.nodeName}: </strong> : null}
              {execution.error.message}
            </p>
          )}
          <ExecutionActions execution={execution} />
          <h3 className="section-title">Steps</h3>
          <StepTimeline execution={execution} />
          <div className="payloads">
            <PayloadView label="Trigger" payload={execution.input} />
            <PayloadView label="Result" payload={execution.output} />
          </div>
        </>
      )}
    </section>
  );
}
