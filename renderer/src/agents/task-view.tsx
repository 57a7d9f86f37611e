import { Ban, Bot, Check, RotateCcw, ShieldQuestion, Wrench, X } from 'lucide-react';
import { memo } from 'react';
import type { TaskDetail, TaskStep } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { ApprovalCard } from './approval-card';
import { count, duration, TaskStateBadge, usd } from './status';
import { useTaskStream } from './use-task-stream';

const LIVE = new Set(['pending', 'scheduled', 'processing', 'awaiting_approval']);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function StepIcon({ step }: { step: TaskStep }) {
  if (step.kind === 'model') return <Bot size={15} aria-hidden />;
  if (step.kind === 'approval') return step.status === 'approved' ? <Check size={15} aria-hidden /> : step.status === 'denied' ? <X size={15} aria-hidden /> : <ShieldQuestion size={15} aria-hidden />;
  return <Wrench size={15} aria-hidden />;
}

function stepTitle(step: TaskStep): string {
  if (step.kind === 'model') return `Turn ${step.turn}${step.finishReason ? ` · ${step.finishReason === 'tool-calls' ? 'calls tools' : step.finishReason}` : ' · writing…'}`;
  const name = `${step.server ?? ''}__${step.tool ?? ''}`;
  if (step.kind === 'approval') return `${name} · ${step.status === 'pending' ? 'waits for approval' : step.status}${step.reason ? `: ${step.reason}` : ''}`;
  return `${name} · ${step.status}`;
}

/**
 * One row of the timeline: a model turn with its text, a tool call with its arguments and result,
 * an approval. Memoised: a streamed token re-renders the turn it belongs to, not every step.
 */
const Step = memo(function Step({ step, streamed }: { step: TaskStep; streamed?: string }) {
  const text = step.text ?? (step.status === 'running' ? streamed : undefined);
  return (
    <li className={`run-step kind-${step.kind} step-${step.status}`} data-testid={`step-${step.kind}`} data-status={step.status}>
      <div className="run-step-head">
        <StepIcon step={step} />
        <span className="run-step-title">{stepTitle(step)}</span>
        {step.usage && (
          <span className="muted small">
            {count(step.usage.inputTokens)} in · {count(step.usage.outputTokens)} out
          </span>
        )}
        <span className="muted small">{duration(step.durationMs)}</span>
      </div>
      {text && <div className={step.status === 'running' ? 'run-answer streaming' : 'run-answer'}>{text}</div>}
      {(step.kind === 'tool' || step.status === 'pending') && step.arguments !== null && <pre>{pretty(step.arguments)}</pre>}
      {(step.result || step.error) && <pre className="run-result">{step.error ?? step.result}</pre>}
    </li>
  );
});

function Actions({ task }: { task: TaskDetail }) {
  const cancel = useApiMutation('agents.tasks.cancel');
  const retry = useApiMutation('agents.tasks.retry');
  const discard = useApiMutation('agents.tasks.discard');
  return (
    <div className="page-actions">
      {LIVE.has(task.state) && (
        <button type="button" className="button" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: task.id })} data-testid="task-cancel">
          <Ban size={14} aria-hidden /> Stop
        </button>
      )}
      {['failed', 'stopped', 'interrupted', 'cancelled'].includes(task.state) && (
        <button type="button" className="button" disabled={retry.isPending} onClick={() => retry.mutate({ id: task.id })} data-testid="task-retry">
          <RotateCcw size={14} aria-hidden /> Retry from the last step
        </button>
      )}
      {task.deadLetter && (
        <button type="button" className="button" disabled={discard.isPending} onClick={() => discard.mutate({ id: task.id })}>
          Discard
        </button>
      )}
    </div>
  );
}

/** A task as it runs: the model's words as they stream, each tool call and result, approvals to decide. */
export function TaskView({ id, onClose }: { id: number; onClose(): void }) {
  const task = useApiQuery('agents.tasks.get', { id });
  const streamed = useTaskStream(id);
  const detail = task.data;
  if (!detail) return <section className="card">{task.isError ? <p className="error-text">{task.error.message}</p> : <p className="muted">Loading…</p>}</section>;
  const lastTurn = Math.max(0, ...detail.timeline.filter((step) => step.kind === 'model').map((step) => step.turn));
  const answer = detail.answer ?? (LIVE.has(detail.state) ? (streamed.get(lastTurn) ?? '') : null);
  return (
    <section className="card" data-testid="task-view" data-task={detail.id}>
      <header className="detail-header">
        <div className="detail-title">
          <h2>
            Task #{detail.id} <TaskStateBadge state={detail.state} status={detail.status} />
          </h2>
          <p className="muted small">
            {detail.agentName}
            {detail.agentVersion ? ` v${detail.agentVersion}` : ''} · {detail.priority} priority · from {detail.source} · attempt {detail.attempt} · correlation <code>{detail.correlationId}</code>
          </p>
        </div>
        <Actions task={detail} />
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <X size={16} />
        </button>
      </header>
      <p>{detail.task}</p>
      {detail.input !== null && <pre className="json">{pretty(detail.input)}</pre>}
      {detail.pendingApproval && <ApprovalCard approval={detail.pendingApproval} />}
      {detail.error && (
        <p className="notice error-text" role="alert" data-testid="task-error">
          {detail.error}
        </p>
      )}
      {answer !== null && (
        <>
          <h3 className="section-title">Answer</h3>
          <div className={detail.state === 'processing' ? 'run-answer streaming' : 'run-answer'} data-testid="task-answer">
            {answer || (LIVE.has(detail.state) ? '' : '—')}
          </div>
        </>
      )}
      <div className="run-usage muted">
        <span>{plural(detail.steps, 'turn')}</span>
        <span>{plural(detail.toolCalls, 'tool call')}</span>
        <span>{count(detail.usage.inputTokens)} tokens in</span>
        <span>{count(detail.usage.outputTokens)} out</span>
        <span>{usd(detail.usage.costUsd)}</span>
        <span>{duration(detail.durationMs)}</span>
      </div>
      <h3 className="section-title">Steps</h3>
      {detail.timeline.length === 0 ? (
        <p className="muted">{detail.state === 'pending' ? 'Waiting in the queue: the agent takes it once it is running and free.' : 'No step yet.'}</p>
      ) : (
        <ol className="run-steps" data-testid="task-steps">
          {detail.timeline.map((step) => (
            <Step key={step.seq} step={step} streamed={step.kind === 'model' ? streamed.get(step.turn) : undefined} />
          ))}
        </ol>
      )}
    </section>
  );
}
