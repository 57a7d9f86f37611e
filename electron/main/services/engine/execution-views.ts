import type { ExecutionAttempt, ExecutionDetail, ExecutionError, ExecutionSummary, StepRecord } from '../../../../shared/contract/executions';
import type { WorkflowDocument } from '../../../../shared/workflow/document';
import type { NodeTypes } from './node-types';
import type { AttemptRecord, ExecutionRow, StepRow } from './persistence/execution-repository';
import { isOutputRef, type PayloadStore } from './persistence/payloads';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? undefined : new Date(ms).toISOString());
const PRIORITY_NAMES = ['high', 'normal', 'low'] as const;

/** How many items a stored step output holds on each output (not read from files: those can be huge). */
function itemCounts(output: string | null): Record<string, number> | undefined {
  if (!output || output.startsWith('{"$file"')) return undefined;
  const outputs = JSON.parse(output) as Record<string, unknown>;
  if ('$file' in outputs) return undefined;
  return Object.fromEntries(Object.entries(outputs).map(([name, items]) => [name, Array.isArray(items) ? items.length : 0]));
}

const earlierAttempts = (row: ExecutionRow): AttemptRecord[] => (row.attempts ? (JSON.parse(row.attempts) as AttemptRecord[]) : []);

/** An execution row as the contract shows it. */
export function executionSummary(row: ExecutionRow): ExecutionSummary {
  const error = row.error ? (JSON.parse(row.error) as ExecutionError) : undefined;
  const end = row.finishedAt ?? undefined;
  const attempt = earlierAttempts(row).length + 1;
  const attemptStart = attempt > 1 ? row.attemptStartedAt : row.startedAt;
  return {
    id: row.id,
    workflowId: row.workflowId,
    workflowName: row.workflowName,
    workflowVersion: row.workflowVersion,
    status: row.status,
    trigger: row.trigger,
    priority: PRIORITY_NAMES[row.priority] ?? 'normal',
    createdAt: iso(row.createdAt)!,
    runAt: iso(Math.min(row.runAt, 8.64e15))!,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: end !== undefined && attemptStart !== null ? end - attemptStart : undefined,
    attempt,
    totalMs: attempt > 1 && end !== undefined && row.startedAt !== null ? end - row.startedAt : undefined,
    error,
    deadLetter: row.deadLetter === 1,
    recoveries: row.recoveries,
    parentId: row.parentId ?? undefined,
  };
}

/**
 * An execution with its steps, payloads cut for display: inputs that name another step's
 * output are shown as that output, offloaded payloads as their stored preview.
 */
export function executionDetail(row: ExecutionRow, steps: StepRow[], document: WorkflowDocument | undefined, payloads: PayloadStore, nodeTypes: NodeTypes): ExecutionDetail {
  const bySeq = new Map(steps.map((step) => [step.seq, step]));
  const resolve = (ref: { $ref: { seq: number; output: string } }) => {
    const target = bySeq.get(ref.$ref.seq);
    if (!target?.output) return null;
    const outputs = JSON.parse(target.output) as Record<string, unknown>;
    if ('$file' in outputs) return JSON.stringify((outputs as { preview?: Record<string, unknown> }).preview?.[ref.$ref.output] ?? []);
    return JSON.stringify(outputs[ref.$ref.output] ?? []);
  };
  const nodes = new Map((document?.nodes ?? []).map((node) => [node.id, node]));
  const input = row.input ? (JSON.parse(row.input) as { payload?: unknown; $file?: string }) : undefined;
  let output = payloads.view(null);
  if (row.output) {
    const ref = JSON.parse(row.output) as unknown;
    output = isOutputRef(ref) ? payloads.view(resolve(ref)) : payloads.view(row.output);
  }
  const summary = executionSummary(row);
  const attempts: ExecutionAttempt[] = earlierAttempts(row).map((earlier, index) => ({
    attempt: index + 1,
    startedAt: iso(earlier.startedAt)!,
    finishedAt: iso(earlier.finishedAt),
    durationMs: earlier.finishedAt - earlier.startedAt,
    status: earlier.status,
    ...(earlier.error ? { error: earlier.error } : {}),
  }));
  const currentStart = summary.attempt > 1 ? row.attemptStartedAt : row.startedAt;
  if (currentStart !== null) {
    attempts.push({ attempt: summary.attempt, startedAt: iso(currentStart)!, finishedAt: summary.finishedAt, durationMs: summary.durationMs, status: row.status, ...(summary.error ? { error: summary.error.message } : {}) });
  }
  return {
    ...summary,
    attempts,
    input: input && '$file' in input ? payloads.view(row.input) : payloads.view(input ? JSON.stringify(input.payload ?? null) : null),
    output,
    steps: steps.map((step): StepRecord => {
      const node = nodes.get(step.nodeId);
      const sideEffects = nodeTypes.spec(step.nodeType, node?.typeVersion ?? '1.0.0')?.sideEffects;
      return {
        seq: step.seq,
        nodeId: step.nodeId,
        nodeName: node?.name ?? step.nodeId,
        nodeType: step.nodeType,
        runIndex: step.runIndex,
        status: step.status,
        attempt: step.attempt,
        idempotencyKey: sideEffects ? (step.runIndex > 0 ? `e${row.id}-${step.nodeId}-r${step.runIndex}-${step.attempt}` : `e${row.id}-${step.nodeId}-${step.attempt}`) : undefined,
        startedAt: iso(step.startedAt)!,
        finishedAt: iso(step.finishedAt),
        durationMs: step.finishedAt !== null ? step.finishedAt - step.startedAt : undefined,
        waitUntil: step.waitUntil !== null ? iso(step.waitUntil) : undefined,
        input: payloads.view(step.input, resolve),
        output: payloads.view(step.output),
        error: step.error ? (JSON.parse(step.error) as ExecutionError) : undefined,
        logs: step.logs ? (JSON.parse(step.logs) as string[]) : [],
        items: itemCounts(step.output),
      };
    }),
  };
}
