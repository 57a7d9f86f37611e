import type { ApprovalView, StopReason, TaskDetail, TaskPriority, TaskState, TaskStep, TaskSummary } from '../../../../../shared/contract';
import type { StepRow, TaskRow } from '../persistence/task-repository';

/** Queue lanes, first served first. */
export const PRIORITIES: readonly TaskPriority[] = ['critical', 'high', 'medium', 'low'];

export const laneOf = (priority: TaskPriority) => PRIORITIES.indexOf(priority);

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What people read: `completed`, `stopped: max steps`, `waiting for approval`… */
export function statusLabel(state: TaskState, stopReason: StopReason | null): string {
  if (state === 'stopped' && stopReason) return `stopped: ${stopReason.replaceAll('-', ' ')}`;
  if (state === 'awaiting_approval') return 'waiting for approval';
  return state;
}

const parse = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

export function taskSummary(row: TaskRow): TaskSummary {
  return {
    id: row.id,
    agentId: row.agentId,
    agentName: row.agentName,
    agentVersion: row.agentVersion,
    task: row.task,
    priority: PRIORITIES[row.priority] ?? 'medium',
    state: row.state,
    stopReason: row.stopReason,
    status: statusLabel(row.state, row.stopReason),
    deadLetter: row.deadLetter === 1,
    attempt: row.attempt,
    source: row.source,
    correlationId: row.correlationId,
    createdAt: iso(row.createdAt)!,
    runAt: iso(row.runAt)!,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.finishedAt !== null && row.startedAt !== null ? row.finishedAt - row.startedAt : null,
    steps: row.turns,
    toolCalls: row.toolCalls,
    usage: { inputTokens: row.inputTokens, outputTokens: row.outputTokens, costUsd: row.costUsd },
    answer: row.answer,
    error: row.error,
  };
}

export function taskStep(row: StepRow): TaskStep {
  return {
    seq: row.seq,
    kind: row.kind,
    status: row.status,
    turn: row.turn,
    text: row.text,
    finishReason: row.finishReason,
    server: row.server,
    tool: row.tool,
    toolCallId: row.toolCallId,
    arguments: parse(row.arguments),
    result: row.result,
    error: row.error,
    usage: row.kind === 'model' && row.inputTokens !== null ? { inputTokens: row.inputTokens, outputTokens: row.outputTokens ?? 0, costUsd: row.costUsd ?? 0 } : null,
    approvalId: row.approvalId,
    reason: row.reason,
    startedAt: iso(row.startedAt)!,
    finishedAt: iso(row.finishedAt),
    durationMs: row.finishedAt === null ? null : row.finishedAt - row.startedAt,
  };
}

export function approvalView(step: StepRow, task: TaskRow): ApprovalView {
  return {
    taskId: task.id,
    seq: step.seq,
    approvalId: step.approvalId ?? '',
    agentId: task.agentId,
    agentName: task.agentName,
    task: task.task,
    server: step.server ?? '',
    tool: step.tool ?? '',
    arguments: parse(step.arguments),
    requestedAt: iso(step.startedAt)!,
    correlationId: task.correlationId,
  };
}

export function taskDetail(row: TaskRow, steps: StepRow[]): TaskDetail {
  const pending = steps.find((step) => step.kind === 'approval' && step.status === 'pending');
  return {
    ...taskSummary(row),
    input: parse(row.input),
    timeline: steps.map(taskStep),
    toolCallList: steps
      .filter((step) => step.kind === 'tool')
      .map((step) => ({
        server: step.server ?? '',
        tool: step.tool ?? '',
        arguments: parse(step.arguments),
        ...(step.status === 'ok' ? { result: step.result ?? '' } : { error: step.error ?? step.result ?? step.status }),
      })),
    pendingApproval: pending ? approvalView(pending, row) : null,
  };
}
