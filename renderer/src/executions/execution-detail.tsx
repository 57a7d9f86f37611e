import { Ban, RotateCcw, Trash2, Workflow, X } from 'lucide-react';
import type { ExecutionDetail, ExecutionSummary, Payload } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { showToast } from '../components/toasts';
import { triggerLabel } from './execution-filters';
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
        <button type="button" className="button" data-testid="retry-execution" title="Resume from the first unfinished step; finished steps are not run again" onClick={() => retry.mutate({ id: execution.id }, report('queued again'))}>
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

/** What started the run: the payload it was given, else what its trigger step produced. */
function triggerPayload(execution: ExecutionDetail): Payload {
  if (execution.input.value !== null) return execution.input;
  const first = execution.steps[0];
  return first && first.output.value !== null ? first.output : execution.input;
}

export function ExecutionDetailPanel({ id, step, onClose, onOpenStep }: { id: number; step?: number; onClose(): void; onOpenStep(seq: number): void }) {
  const detail = useApiQuery('executions.get', { id });
  const execution = detail.data;
  const failedStep = execution?.steps.findLast((candidate) => candidate.status === 'failed');
  return (
    <section className="card detail execution-detail" data-testid="execution-detail" aria-labelledby="execution-title">
      <header className="detail-header">
        <h2 id="execution-title">
          Execution {id} {execution && <StatusBadge status={execution.status} />}
        </h2>
        <div className="detail-header-actions">
          {execution && (
            <a className="button" href={`#/workflows/${encodeURIComponent(execution.workflowId)}/execution/${execution.id}`} data-testid="open-on-canvas" title="See this run on the workflow's canvas">
              <Workflow size={14} aria-hidden /> Open on canvas
            </a>
          )}
          <button type="button" className="icon-button" aria-label="Close (Esc)" title="Close (Esc)" onClick={onClose}>
            <X size={16} />
          </button>
        </div>
      </header>
      {detail.error && <p className="step-error">{detail.error.message}</p>}
      {execution && (
        <>
          {execution.error && (
            <div className="failure-summary" role="alert" data-testid="execution-error">
              <strong>{execution.error.nodeName ? `Failed at “${execution.error.nodeName}”` : `Execution ${execution.status}`}</strong>
              <p>{execution.error.message}</p>
              {failedStep && failedStep.seq !== step && (
                <button type="button" className="link-button" onClick={() => onOpenStep(failedStep.seq)} data-testid="show-failing-step">
                  Show the failing step’s input
                </button>
              )}
            </div>
          )}
          <ExecutionActions execution={execution} />
          <dl className="facts">
            <dt>Workflow</dt>
            <dd>
              {execution.workflowName} <span className="muted">v{execution.workflowVersion}</span>
            </dd>
            <dt>Trigger</dt>
            <dd>{triggerLabel(execution.trigger)}</dd>
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
                <dd>
                  <a href={`#/executions/${execution.parentId}`}>execution {execution.parentId}</a>
                </dd>
              </>
            )}
          </dl>
          <h3 className="section-title">Steps</h3>
          <StepTimeline execution={execution} openStep={step ?? failedStep?.seq} />
          <div className="payloads">
            <PayloadView label="Trigger input" testId="payload-trigger" payload={triggerPayload(execution)} empty="Started without input." />
            <PayloadView label="Output" testId="payload-result" payload={execution.output} empty={execution.status === 'succeeded' ? 'The last step returned no items.' : 'No output: the run did not finish.'} />
          </div>
        </>
      )}
    </section>
  );
}
