import { z } from 'zod';
import { AgentDefinition, AgentLimits, ProviderRef, ToolGrant } from '../agents/definition';
import { method } from './define';
import { MCP_RUNTIME } from './mcp';

export * from '../agents/definition';

/** `inactive` until started; `paused` takes no new task but finishes what it runs; `error` could not start. */
export const AgentStatus = z.enum(['inactive', 'starting', 'running', 'paused', 'stopping', 'error']);
export type AgentStatus = z.infer<typeof AgentStatus>;

/**
 * A task's place in its agent's queue and its outcome. `scheduled` waits for a time (a retry's
 * backoff, or a start time given); `interrupted` stopped where resuming could repeat a call with
 * side effects, and waits for a person to retry or cancel it.
 */
export const TaskState = z.enum(['pending', 'scheduled', 'processing', 'awaiting_approval', 'completed', 'failed', 'stopped', 'cancelled', 'interrupted']);
export type TaskState = z.infer<typeof TaskState>;
export const FINISHED_TASK_STATES: readonly TaskState[] = ['completed', 'failed', 'stopped', 'cancelled', 'interrupted'];

export const TaskPriority = z.enum(['low', 'medium', 'high', 'critical']);
export type TaskPriority = z.infer<typeof TaskPriority>;

/** Which limit ended a task. */
export const StopReason = z.enum(['max-steps', 'max-input-tokens', 'max-output-tokens', 'max-cost', 'timeout', 'repeated-call']);
export type StopReason = z.infer<typeof StopReason>;

export const TaskSource = z.enum(['ui', 'cli', 'api', 'workflow']);
export type TaskSource = z.infer<typeof TaskSource>;

export const Severity = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
export type Severity = z.infer<typeof Severity>;

export const Usage = z.object({ inputTokens: z.number().int(), outputTokens: z.number().int(), costUsd: z.number() });
export type Usage = z.infer<typeof Usage>;

export const QueueCounts = z.object({
  pending: z.number().int(),
  scheduled: z.number().int(),
  processing: z.number().int(),
  awaitingApproval: z.number().int(),
  deadLetter: z.number().int(),
});
export type QueueCounts = z.infer<typeof QueueCounts>;

export const AgentSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  role: z.string(),
  version: z.number().int(),
  model: z.string(),
  /** The connection's name, or the inline endpoint's host. */
  provider: z.string(),
  status: AgentStatus,
  /** Why it is in `error`, in words a person can act on. */
  lastError: z.string().nullable(),
  toolCount: z.number().int(),
  queue: QueueCounts,
  /** Tasks it finished today (local time), for the grid. */
  today: z.object({ completed: z.number().int(), failed: z.number().int(), costUsd: z.number() }),
  /** The task it works on now, when there is one. */
  currentTask: z.object({ id: z.number().int(), task: z.string(), state: TaskState }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AgentSummary = z.infer<typeof AgentSummary>;

export const AgentVersion = z.object({ version: z.number().int(), createdAt: z.string(), model: z.string() });

export const AgentDetail = AgentSummary.extend({
  definition: AgentDefinition,
  versions: z.array(AgentVersion),
});
export type AgentDetail = z.infer<typeof AgentDetail>;

export const ApprovalView = z.object({
  taskId: z.number().int(),
  seq: z.number().int(),
  approvalId: z.string(),
  agentId: z.string().nullable(),
  agentName: z.string(),
  task: z.string(),
  server: z.string(),
  tool: z.string(),
  arguments: z.unknown(),
  requestedAt: z.string(),
  correlationId: z.string(),
});
export type ApprovalView = z.infer<typeof ApprovalView>;

export const TaskSummary = z.object({
  id: z.number().int(),
  agentId: z.string().nullable(),
  agentName: z.string(),
  agentVersion: z.number().int().nullable(),
  task: z.string(),
  priority: TaskPriority,
  state: TaskState,
  stopReason: StopReason.nullable(),
  /** What people read: `completed`, `stopped: max steps`, `failed`... */
  status: z.string(),
  /** Failed after its last try: waits for "retry" or "discard". */
  deadLetter: z.boolean(),
  attempt: z.number().int(),
  source: TaskSource,
  correlationId: z.string(),
  createdAt: z.string(),
  runAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  steps: z.number().int(),
  toolCalls: z.number().int(),
  usage: Usage,
  answer: z.string().nullable(),
  error: z.string().nullable(),
});
export type TaskSummary = z.infer<typeof TaskSummary>;

export const AgentStepKind = z.enum(['model', 'tool', 'approval']);
export const AgentStepStatus = z.enum(['running', 'ok', 'error', 'cancelled', 'interrupted', 'pending', 'approved', 'denied']);
export type AgentStepStatus = z.infer<typeof AgentStepStatus>;

export const TaskStep = z.object({
  seq: z.number().int(),
  kind: AgentStepKind,
  status: AgentStepStatus,
  /** The model turn it belongs to (from 1). */
  turn: z.number().int(),
  text: z.string().nullable(),
  finishReason: z.string().nullable(),
  server: z.string().nullable(),
  tool: z.string().nullable(),
  toolCallId: z.string().nullable(),
  arguments: z.unknown(),
  result: z.string().nullable(),
  error: z.string().nullable(),
  usage: Usage.nullable(),
  approvalId: z.string().nullable(),
  reason: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type TaskStep = z.infer<typeof TaskStep>;

/** A tool call as `agent run --json` reports it. */
export const ToolCallRecord = z.object({
  server: z.string(),
  tool: z.string(),
  arguments: z.unknown(),
  result: z.string().optional(),
  error: z.string().optional(),
});

export const TaskDetail = TaskSummary.extend({
  input: z.unknown(),
  /** Every model turn, tool call and approval, in order. */
  timeline: z.array(TaskStep),
  toolCallList: z.array(ToolCallRecord),
  pendingApproval: ApprovalView.nullable(),
});
export type TaskDetail = z.infer<typeof TaskDetail>;

export const AgentEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  taskId: z.number().int().nullable(),
  severity: Severity,
  kind: z.string(),
  message: z.string(),
  correlationId: z.string().nullable(),
});
export type AgentEvent = z.infer<typeof AgentEvent>;

export const Latency = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });

export const AgentDayMetrics = z.object({
  day: z.string(),
  agentId: z.string().nullable(),
  agentName: z.string(),
  completed: z.number().int(),
  failed: z.number().int(),
  stopped: z.number().int(),
  /** Completed out of finished, or null when none finished. */
  successRate: z.number().nullable(),
  stepsPerTask: z.number().nullable(),
  latencyMs: Latency,
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
});
export type AgentDayMetrics = z.infer<typeof AgentDayMetrics>;

export const AgentMetrics = z.object({
  from: z.string(),
  to: z.string(),
  /** Per agent and day, oldest first. */
  days: z.array(AgentDayMetrics),
  /** Per agent over the whole range (`day` is the range). */
  agents: z.array(AgentDayMetrics),
  /** Every agent together, per day (`agentName` is "All agents"). */
  totals: z.array(AgentDayMetrics),
});
export type AgentMetrics = z.infer<typeof AgentMetrics>;

export const AgentReport = z.object({
  agent: AgentSummary,
  metrics: AgentDayMetrics,
  daily: z.array(AgentDayMetrics),
  tools: z.array(z.object({ server: z.string(), tool: z.string(), calls: z.number().int(), errors: z.number().int(), approvals: z.number().int(), denials: z.number().int() })),
  stopReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  recentFailures: z.array(TaskSummary),
});
export type AgentReport = z.infer<typeof AgentReport>;

export const ModelPrice = z.object({
  /** A model name, or a prefix ending in `*` (`gpt-4o*`). */
  model: z.string().trim().min(1).max(200),
  inputPerMillion: z.number().min(0).max(100_000),
  outputPerMillion: z.number().min(0).max(100_000),
  updatedAt: z.string(),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

export const RoleTemplate = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  icon: z.string(),
  systemPrompt: z.string(),
  /** Tools it works well with; the wizard ticks those that exist here. */
  suggestedTools: z.array(ToolGrant.extend({ why: z.string() })),
  limits: AgentLimits,
  temperature: z.number(),
});
export type RoleTemplate = z.infer<typeof RoleTemplate>;

export const CheckProblem = z.object({ path: z.string(), message: z.string() });

export const ProviderCheck = z.object({
  ok: z.boolean(),
  /** Models the provider lists (empty when it could not answer). */
  models: z.array(z.string()),
  /** Whether the chosen model is one of them (null when no model was given). */
  modelListed: z.boolean().nullable(),
  responseMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type ProviderCheck = z.infer<typeof ProviderCheck>;

export const ToolCheck = z.object({
  server: z.string(),
  tool: z.string(),
  ok: z.boolean(),
  message: z.string(),
});

export const ToolCatalogServer = z.object({
  server: z.string(),
  /** `workflows` is Echelon's own: workflows exposed as tools. */
  kind: z.enum(['mcp', 'workflows']),
  status: z.string(),
  tools: z.array(z.object({ name: z.string(), description: z.string(), readOnly: z.boolean() })),
});

export const TaskFilter = z
  .object({
    agent: z.string().max(80).optional(),
    state: TaskState.optional(),
    deadLetter: z.boolean().optional(),
    beforeId: z.number().int().optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

const AgentRef = z.object({ agent: z.string().trim().min(1).max(80) }).strict();
const TaskRef = z.object({ id: z.number().int().min(1) }).strict();

export const NewTask = z
  .object({
    agent: z.string().trim().min(1).max(80),
    task: z.string().trim().min(1, 'Describe the task.').max(100_000),
    input: z.unknown().optional(),
    priority: TaskPriority.default('medium'),
    /** Run no earlier than this (ISO time): the task waits as `scheduled`. */
    runAt: z.iso.datetime({ offset: true }).optional(),
    /** Carried through events and the audit log; one is made when absent. */
    correlationId: z.string().trim().min(1).max(128).optional(),
    source: TaskSource.default('ui'),
  })
  .strict();
export type NewTask = z.input<typeof NewTask>;

/** Runtime state is not a table, but changes to it invalidate queries as if it were. */
export const AGENT_RUNTIME = 'agent_runtime';
const AGENT_TABLES = ['agents', 'agent_versions', AGENT_RUNTIME, 'agent_tasks'] as const;
const TASK_TABLES = ['agent_tasks', 'agent_task_steps'] as const;

export const agentsMethods = {
  'agents.list': method({
    description: 'Every agent with its live status, queue and today\'s numbers.',
    input: z.object({}).strict(),
    output: z.array(AgentSummary),
    reads: AGENT_TABLES,
  }),
  'agents.get': method({
    description: 'One agent (by id or name) with its definition and versions.',
    input: AgentRef,
    output: AgentDetail,
    reads: AGENT_TABLES,
  }),
  'agents.save': method({
    description: 'Create an agent, or save a new version of one; a running agent uses the new version for its next task.',
    input: z.object({ id: z.string().optional(), definition: AgentDefinition }).strict(),
    output: AgentDetail,
  }),
  'agents.remove': method({
    description: 'Stop an agent and delete it with its versions (its finished tasks stay in the history).',
    input: AgentRef,
    output: z.object({ removed: z.boolean() }),
  }),
  'agents.start': method({ description: 'Check the provider and tools, then take tasks from the queue.', input: AgentRef, output: AgentSummary }),
  'agents.stop': method({ description: 'Stop at once: running tasks are aborted and go back to the queue; nothing new starts.', input: AgentRef, output: AgentSummary }),
  'agents.pause': method({ description: 'Take no new task; running ones finish.', input: AgentRef, output: AgentSummary }),
  'agents.resume': method({ description: 'Take tasks again after a pause.', input: AgentRef, output: AgentSummary }),
  'agents.templates': method({
    description: 'The role templates the wizard starts from.',
    input: z.object({}).strict(),
    output: z.array(RoleTemplate),
  }),
  'agents.checkProvider': method({
    description: 'Ask the provider for its models: does it answer, and is the model listed?',
    input: z.object({ provider: ProviderRef, model: z.string().max(200).optional() }).strict(),
    output: ProviderCheck,
  }),
  'agents.checkTools': method({
    description: 'Whether each tool exists on a running server, or one Echelon can start (started and stopped again to look).',
    input: z.object({ tools: z.array(ToolGrant.pick({ server: true, tool: true })).max(200) }).strict(),
    output: z.object({ ok: z.boolean(), tools: z.array(ToolCheck) }),
  }),
  'agents.checkDefinition': method({
    description: 'Every problem of a definition at once, and warnings about limits that look wrong.',
    input: z.object({ definition: z.unknown(), id: z.string().optional() }).strict(),
    output: z.object({ ok: z.boolean(), problems: z.array(CheckProblem), warnings: z.array(CheckProblem) }),
    reads: ['agents', 'agent_prices'],
  }),
  'agents.toolCatalog': method({
    description: 'The tools agents can be given: of every MCP server (running ones list theirs), and workflows exposed as tools.',
    input: z.object({}).strict(),
    output: z.array(ToolCatalogServer),
    reads: ['mcp_servers', MCP_RUNTIME, 'workflows', 'workflow_versions'],
  }),
  'agents.export': method({
    description: 'An agent as a portable JSON document (the provider by connection name).',
    input: AgentRef,
    output: z.object({ json: z.string() }),
    reads: ['agents', 'agent_versions'],
  }),
  'agents.import': method({
    description: 'Create or update an agent from an exported JSON document.',
    input: z.object({ text: z.string().min(1).max(2_000_000) }).strict(),
    output: AgentDetail,
  }),
  'agents.tasks.create': method({
    description: 'Give an agent a task: it waits in the agent\'s queue by priority.',
    input: NewTask,
    output: TaskSummary,
  }),
  'agents.tasks.list': method({
    description: 'Tasks, newest first, of one agent or all, filtered by state.',
    input: TaskFilter,
    output: z.array(TaskSummary),
    reads: TASK_TABLES,
  }),
  'agents.tasks.get': method({
    description: 'One task with its steps: model turns, tool calls and results, approvals.',
    input: TaskRef,
    output: TaskDetail,
    reads: TASK_TABLES,
  }),
  'agents.tasks.wait': method({
    description: 'Waits until a task finishes (or needs an approval, with `untilApproval`), then returns it.',
    input: z.object({ id: z.number().int().min(1), untilApproval: z.boolean().default(false), timeoutMs: z.number().int().min(1).max(86_400_000).optional() }).strict(),
    output: TaskDetail,
  }),
  'agents.tasks.cancel': method({
    description: 'Cancel a task; a running one is aborted at once (the provider request and the tool call in flight).',
    input: TaskRef,
    output: TaskSummary,
  }),
  'agents.tasks.retry': method({
    description: 'Run a failed, stopped, interrupted or cancelled task again from its last step.',
    input: TaskRef,
    output: TaskSummary,
  }),
  'agents.tasks.discard': method({
    description: 'Take a failed task off the dead-letter list.',
    input: TaskRef,
    output: TaskSummary,
  }),
  'agents.approvals.list': method({
    description: 'Every tool call waiting for a person, oldest first.',
    input: z.object({ agent: z.string().max(80).optional() }).strict(),
    output: z.array(ApprovalView),
    reads: TASK_TABLES,
  }),
  'agents.approvals.decide': method({
    description: 'Approve (the tool runs and the model gets its result) or deny (the reason goes to the model) a waiting call.',
    input: z.object({ taskId: z.number().int().min(1), approve: z.boolean(), reason: z.string().trim().max(2000).optional() }).strict(),
    output: TaskSummary,
  }),
  'agents.events.list': method({
    description: 'The agents\' activity feed, newest first.',
    input: z.object({ agent: z.string().max(80).optional(), minSeverity: Severity.optional(), beforeId: z.number().int().optional(), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(AgentEvent),
    reads: ['agent_events'],
  }),
  'agents.metrics': method({
    description: 'Per agent and day: tasks done and failed, success rate, steps per task, latency percentiles, tokens and cost.',
    input: z.object({ agent: z.string().max(80).optional(), days: z.number().int().min(1).max(366).default(14) }).strict(),
    output: AgentMetrics,
    reads: ['agent_tasks'],
  }),
  'agents.report': method({
    description: 'One agent over a period: totals, daily numbers, its tools, why tasks stopped, recent failures.',
    input: z.object({ agent: z.string().trim().min(1).max(80), days: z.number().int().min(1).max(366).default(30) }).strict(),
    output: AgentReport,
    reads: [...AGENT_TABLES, 'agent_task_steps'],
  }),
  'agents.prices.list': method({
    description: 'The price table (USD per million tokens) used to compute cost; models on this machine cost nothing.',
    input: z.object({}).strict(),
    output: z.array(ModelPrice),
    reads: ['agent_prices'],
  }),
  'agents.prices.set': method({
    description: 'Add or change the price of a model.',
    input: ModelPrice.omit({ updatedAt: true }).strict(),
    output: ModelPrice,
  }),
  'agents.prices.remove': method({
    description: 'Remove a model from the price table.',
    input: z.object({ model: z.string().min(1).max(200) }).strict(),
    output: z.object({ removed: z.boolean() }),
  }),
};

export const agentsEvents = {
  /** An agent's status changed. */
  'agents.status': z.object({ agentId: z.string(), status: AgentStatus, lastError: z.string().nullable() }),
  /** A task changed state. */
  'agents.task.updated': z.object({ taskId: z.number().int(), agentId: z.string().nullable(), state: TaskState, status: z.string() }),
  /** Text the model is writing, as it arrives. */
  'agents.task.delta': z.object({ taskId: z.number().int(), agentId: z.string().nullable(), turn: z.number().int(), text: z.string() }),
  /** A tool call waits for a person. */
  'agents.approval.requested': ApprovalView,
};
