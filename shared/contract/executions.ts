import { z } from 'zod';
import { method } from './define';

/**
 * `queued` waits in the queue, `waiting` is parked until a time (delay, retry backoff) or a
 * person, `crashed` was stopped after crashing the engine too many times.
 */
export const ExecutionStatus = z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'crashed']);
export type ExecutionStatus = z.infer<typeof ExecutionStatus>;

export const FINISHED_STATUSES: readonly ExecutionStatus[] = ['succeeded', 'failed', 'cancelled', 'crashed'];

export const StepStatus = z.enum(['running', 'succeeded', 'failed', 'waiting', 'cancelled']);
export type StepStatus = z.infer<typeof StepStatus>;

export const TriggerKind = z.enum(['manual', 'schedule', 'webhook', 'mcp', 'workflow', 'error', 'sub-workflow', 'retry', 'alert']);
export type TriggerKind = z.infer<typeof TriggerKind>;

/** A JSON value as shown: cut past a size limit, with a marker saying so. */
export const Payload = z.object({
  value: z.unknown(),
  truncated: z.boolean(),
  /** Size of the full value as JSON. */
  bytes: z.number().int(),
  /** The full value lives in a file under the data dir rather than in the database. */
  inFile: z.boolean(),
});
export type Payload = z.infer<typeof Payload>;

export const ExecutionError = z.object({
  message: z.string(),
  code: z.string().optional(),
  nodeId: z.string().optional(),
  nodeName: z.string().optional(),
});
export type ExecutionError = z.infer<typeof ExecutionError>;

export const ExecutionSummary = z.object({
  id: z.number().int(),
  workflowId: z.string(),
  workflowName: z.string(),
  /** The version this run pinned. */
  workflowVersion: z.number().int(),
  status: ExecutionStatus,
  trigger: TriggerKind,
  priority: z.enum(['high', 'normal', 'low']),
  createdAt: z.string(),
  runAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** The current attempt's own time (a retry's, not counting the attempts before it). */
  durationMs: z.number().optional(),
  /** 1, or how many times it has been run with retries. */
  attempt: z.number().int().min(1),
  /** For a retried execution: from the first attempt's start to the end, pauses between attempts included. */
  totalMs: z.number().optional(),
  error: ExecutionError.optional(),
  /** Failed after its last retry and waits for "retry now" or "discard". */
  deadLetter: z.boolean(),
  /** Times the engine restarted it after the process died during it. */
  recoveries: z.number().int(),
  parentId: z.number().int().optional(),
});
export type ExecutionSummary = z.infer<typeof ExecutionSummary>;

export const StepRecord = z.object({
  seq: z.number().int(),
  nodeId: z.string(),
  nodeName: z.string(),
  nodeType: z.string(),
  /** How many times this node had run before in this execution (loops, several inputs). */
  runIndex: z.number().int(),
  status: StepStatus,
  attempt: z.number().int(),
  /** Sent to external services (HTTP `Idempotency-Key`): execution id + node id + attempt. */
  idempotencyKey: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  /** Parked until then (delay, wait until, retry backoff). */
  waitUntil: z.string().optional(),
  input: Payload,
  output: Payload,
  error: ExecutionError.optional(),
  logs: z.array(z.string()),
  /** Items on each output (absent while running, or when the output is kept in a file). */
  items: z.record(z.string(), z.number().int()).optional(),
});
export type StepRecord = z.infer<typeof StepRecord>;

/** One attempt of an execution (a retry starts a new one from the first unfinished step). */
export const ExecutionAttempt = z.object({
  attempt: z.number().int().min(1),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  status: ExecutionStatus,
  error: z.string().optional(),
});
export type ExecutionAttempt = z.infer<typeof ExecutionAttempt>;

export const ExecutionDetail = ExecutionSummary.extend({
  input: Payload,
  output: Payload,
  steps: z.array(StepRecord),
  /** Every attempt, oldest first; one entry for an execution never retried (none before it starts). */
  attempts: z.array(ExecutionAttempt),
});
export type ExecutionDetail = z.infer<typeof ExecutionDetail>;

export const DurationStats = z.object({ p50: z.number(), p95: z.number(), p99: z.number() });

export const MetricsRow = z.object({
  /** Workflow id or node type. */
  key: z.string(),
  name: z.string(),
  count: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  /** 0..1 */
  successRate: z.number(),
  durationMs: DurationStats,
});
export type MetricsRow = z.infer<typeof MetricsRow>;

export const QueueMetrics = z.object({
  /** Queued runs (ready + scheduled for later). */
  depth: z.number().int(),
  ready: z.number().int(),
  delayed: z.number().int(),
  running: z.number().int(),
  waiting: z.number().int(),
  deadLetter: z.number().int(),
  /** How long the oldest ready run has been waiting to start. */
  lagMs: z.number(),
  /** Queue depth at which new runs are refused. */
  capacity: z.number().int(),
  concurrency: z.number().int(),
});
export type QueueMetrics = z.infer<typeof QueueMetrics>;

export const EngineMetrics = z.object({
  since: z.string(),
  queue: QueueMetrics,
  workflows: z.array(MetricsRow),
  nodeTypes: z.array(MetricsRow),
  /** Runs refused because the queue was full, and enqueues dropped as duplicates, since start. */
  refused: z.number().int(),
  deduplicated: z.number().int(),
});
export type EngineMetrics = z.infer<typeof EngineMetrics>;

const ExecutionId = z.number().int().min(1);

/** Columns the executions list sorts by. */
export const ExecutionSort = z.enum(['id', 'workflow', 'status', 'trigger', 'started', 'duration']);
export type ExecutionSort = z.infer<typeof ExecutionSort>;

export const executionsMethods = {
  'executions.list': method({
    description: 'Executions, newest first unless sorted otherwise, filtered by status, workflow, trigger, time and text; `offset` (or `before`) pages on.',
    input: z
      .object({
        status: ExecutionStatus.optional(),
        workflowId: z.string().optional(),
        deadLetter: z.boolean().optional(),
        trigger: TriggerKind.optional(),
        /** Created at or after `from` and before `to` (ISO times). */
        from: z.string().datetime({ offset: true }).optional(),
        to: z.string().datetime({ offset: true }).optional(),
        /** Part of the workflow's name or of the error, or the execution's number. */
        text: z.string().max(200).optional(),
        sort: ExecutionSort.default('id'),
        order: z.enum(['asc', 'desc']).default('desc'),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        before: ExecutionId.optional(),
        /** Also count every match (for a scrollable list of all of them). */
        withTotal: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ items: z.array(ExecutionSummary), nextBefore: z.number().int().optional(), total: z.number().int().optional() }),
    reads: ['executions'],
  }),
  'executions.get': method({
    description: 'One execution with its steps: status, attempts, durations, input and output (large ones cut), logs and errors.',
    input: z.object({ id: ExecutionId }).strict(),
    output: ExecutionDetail,
    reads: ['executions', 'execution_steps'],
  }),
  'executions.cancel': method({
    description: 'Cancels a queued, waiting or running execution: the current step is stopped.',
    input: z.object({ id: ExecutionId }).strict(),
    output: ExecutionSummary,
  }),
  'executions.retry': method({
    description: 'Resumes a failed, cancelled or crashed execution from its first unfinished step (finished steps are kept).',
    input: z.object({ id: ExecutionId }).strict(),
    output: ExecutionSummary,
  }),
  'executions.runFrom': method({
    description: 'A new run that starts at a node with the input it had in this execution: the steps before it are replayed, not run again.',
    input: z.object({ id: ExecutionId, nodeId: z.string().min(1).max(64) }).strict(),
    output: ExecutionSummary,
  }),
  'executions.discard': method({
    description: 'Takes a failed execution off the dead-letter list without running it again.',
    input: z.object({ id: ExecutionId }).strict(),
    output: ExecutionSummary,
  }),
  'executions.metrics': method({
    description: 'Per workflow and node type: count, success rate, p50/p95/p99 duration; queue depth and lag.',
    input: z.object({}).strict(),
    output: EngineMetrics,
  }),
};

export const ExecutionUpdate = z.object({
  id: z.number().int(),
  workflowId: z.string(),
  status: ExecutionStatus,
  /** The step that changed, when a step did. */
  step: z.object({ seq: z.number().int(), nodeId: z.string(), status: StepStatus, attempt: z.number().int() }).optional(),
});
export type ExecutionUpdate = z.infer<typeof ExecutionUpdate>;

export const executionsEvents = {
  /** Status and step changes, batched per engine tick (at most a few hundred per event). */
  'executions.updated': z.object({ items: z.array(ExecutionUpdate), dropped: z.number().int() }),
};
