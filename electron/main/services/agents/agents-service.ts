import { randomUUID } from 'node:crypto';
import type { ModelMessage, ToolApprovalResponse } from 'ai';
import {
  AGENT_RUNTIME,
  EchelonError,
  FINISHED_TASK_STATES,
  type AgentDefinition,
  type AgentDetail,
  type AgentReport,
  type AgentSummary,
  type MethodOutput,
  type ParsedInput,
  type TaskDetail,
  type TaskSource,
  type TaskSummary,
} from '../../../../shared/contract';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { Caller } from '../../../../shared/rpc/router';
import type { ActivityLog } from '../activity/activity-log';
import type { Engine } from '../engine/engine';
import type { Notifier } from '../engine/ports';
import type { EventBus } from '../events/event-bus';
import type { IntegrationsService } from '../integrations/integrations-service';
import type { McpService } from '../mcp/mcp-service';
import type { Redactor } from '../redaction/redactor';
import type { SecretSource } from '../secrets/secret-source';
import type { Store } from '../store/store';
import { AgentRepository, type StoredAgent } from './definitions/agent-repository';
import { DefinitionChecks } from './definitions/definition-checks';
import { exportAgent, importAgent } from './definitions/portable';
import { ROLE_TEMPLATES } from './definitions/templates';
import { AgentEventLog } from './events/agent-event-log';
import { ChatMemory } from './memory/chat-memory';
import { agentMetrics, aggregate, rangeStart } from './metrics/agent-metrics';
import { PriceTable } from './metrics/price-table';
import { TaskRepository, type TaskRow } from './persistence/task-repository';
import { ProviderFactory } from './providers/provider-factory';
import { usageOf } from './run/budget';
import { taskPrompt } from './run/task-run';
import { AgentRuntime } from './runtime/agent-runtime';
import { mcpToolHost } from './tools/mcp-tool-host';
import { WorkflowTools } from './tools/workflow-tools';
import { approvalView, laneOf, taskDetail, taskSummary } from './views/task-views';
import { StepRunner } from './workflow/step-runner';

export interface AgentsServiceOptions {
  store: Store;
  bus: EventBus;
  redactor: Redactor;
  activity: ActivityLog;
  mcp: McpService;
  integrations: IntegrationsService;
  secrets: SecretSource;
  engine: Engine;
  notifier: Notifier;
  /** Whether a person is looking at Echelon now (the desktop shell knows); approvals notify when not. */
  windowFocused?: () => boolean;
}

/** A task a workflow step gives an agent: a saved agent, or the step's own definition. */
export interface StepTask {
  agent?: string;
  definition?: AgentDefinition;
  prompt: string;
  input?: unknown;
  /** The step's idempotency key: a resumed step finds the task it started. */
  dedupKey: string;
  /** Earlier turns of the conversation (chat memory), before the prompt. */
  history?: ModelMessage[];
  signal: AbortSignal;
}

const FINISHED = new Set(FINISHED_TASK_STATES);
const RETRYABLE = new Set(['failed', 'stopped', 'interrupted', 'cancelled']);

const callerLabel: Record<Caller, string> = { renderer: 'in the app', cli: 'from the CLI', gateway: 'through the gateway', workflow: 'by a workflow', test: 'by a test', agent: 'by an agent', api: 'through the REST API' };

/**
 * AI agents: versioned definitions, the queue and runtime that run their tasks through the
 * AI SDK's tool loop with Echelon's MCP tools, approvals, the activity feed, metrics and
 * prices. The workflow nodes ("AI agent", "Chat model") and the REST API use it too.
 */
export class AgentsService implements Disposable {
  readonly agents: AgentRepository;
  readonly tasks: TaskRepository;
  readonly events: AgentEventLog;
  readonly prices: PriceTable;
  readonly providers: ProviderFactory;
  readonly workflowTools: WorkflowTools;
  readonly checks: DefinitionChecks;
  readonly runtime: AgentRuntime;
  /** What the "AI agent" and "Chat model" workflow nodes call (the engine's `agents` port). */
  readonly steps: StepRunner;
  private readonly toolSource: Disposable;

  constructor(private readonly options: AgentsServiceOptions) {
    const { store, redactor, integrations, mcp } = options;
    this.agents = new AgentRepository(store.db, store.changes);
    this.tasks = new TaskRepository(store.db, store.changes);
    this.events = new AgentEventLog(store.db, store.changes, options.activity, (text) => redactor.redact(text));
    this.prices = new PriceTable(store.db, store.changes);
    this.providers = new ProviderFactory({
      connection: (ref) => this.findConnection(ref),
      fetchFor: (id) => integrations.fetchFor(id),
      secrets: options.secrets,
      redactor,
    });
    this.workflowTools = new WorkflowTools(options.engine, options.bus);
    this.toolSource = mcp.addToolSource(this.workflowTools);
    const tools = mcpToolHost(mcp, this.workflowTools, integrations);
    this.checks = new DefinitionChecks({ providers: this.providers, mcp, workflows: this.workflowTools, prices: this.prices, agents: this.agents });
    this.runtime = new AgentRuntime({
      agents: this.agents,
      tasks: this.tasks,
      events: this.events,
      bus: options.bus,
      notifier: options.notifier,
      windowFocused: options.windowFocused ?? (() => false),
      run: { tasks: this.tasks, providers: this.providers, prices: this.prices, tools, redactValue: (value) => redactor.redactValue(value) },
      check: async (definition, signal) => {
        const provider = this.providers.resolve(definition.provider, definition.name);
        const models = await this.providers.listModels(definition.provider, definition.name, signal);
        const warnings = models.includes(definition.model) ? [] : [`${provider.label} does not list the model "${definition.model}": tasks may fail until it does.`];
        const { missing } = await tools.describe(definition);
        return { warnings: [...warnings, ...missing.map((problem) => `Tool not available: ${problem}.`)] };
      },
      changed: () => store.changes.touched(AGENT_RUNTIME),
    });
    this.steps = new StepRunner(this, this.providers, new ChatMemory(store.db));
  }

  /** Runs agents in this process (the one running the workflow engine), resuming interrupted tasks; `only` one of them (a CLI run). */
  start(options: { recover?: boolean; only?: string } = {}): void {
    this.runtime.start({ recover: options.recover !== false, only: options.only });
  }

  /** A connection by id, or by name (case does not matter). */
  private findConnection(ref: string) {
    const connections = this.options.integrations.connections.list();
    return connections.find((connection) => connection.id === ref) ?? connections.find((connection) => connection.name.toLowerCase() === ref.toLowerCase());
  }

  // ---------------------------------------------------------------- agents

  private providerLabel(definition: AgentDefinition): string {
    try {
      return this.providers.resolve(definition.provider, definition.name).label;
    } catch {
      return 'connection missing';
    }
  }

  private summaries(agents: StoredAgent[]): AgentSummary[] {
    const counts = this.tasks.queueCounts();
    const today = this.tasks.finishedSince(rangeStart(1));
    const open = this.tasks.open();
    return agents.map((agent) => {
      const definition = this.agents.definition(agent.id, agent.currentVersion);
      const queue = { pending: 0, scheduled: 0, processing: 0, awaitingApproval: 0, deadLetter: 0 };
      for (const row of counts) {
        if (row.agentId !== agent.id) continue;
        if (row.deadLetter === 1) queue.deadLetter += row.count;
        if (row.state === 'pending') queue.pending += row.count;
        else if (row.state === 'scheduled') queue.scheduled += row.count;
        else if (row.state === 'processing') queue.processing += row.count;
        else if (row.state === 'awaiting_approval') queue.awaitingApproval += row.count;
      }
      const current = open.find((task) => task.agentId === agent.id && (task.state === 'processing' || task.state === 'awaiting_approval'));
      const { status, lastError } = this.runtime.status(agent);
      return {
        id: agent.id,
        name: agent.name,
        description: definition.description,
        role: definition.role,
        version: agent.currentVersion,
        model: definition.model,
        provider: this.providerLabel(definition),
        status,
        lastError,
        toolCount: definition.tools.length,
        queue,
        today: today.get(agent.id) ?? { completed: 0, failed: 0, costUsd: 0 },
        currentTask: current ? { id: current.id, task: current.task, state: current.state } : null,
        createdAt: agent.createdAt,
        updatedAt: agent.updatedAt,
      };
    });
  }

  list(): AgentSummary[] {
    return this.summaries(this.agents.list());
  }

  get(ref: string): AgentDetail {
    const agent = this.agents.require(ref);
    return { ...this.summaries([agent])[0]!, definition: this.agents.definition(agent.id), versions: this.agents.versions(agent.id) };
  }

  save(id: string | undefined, definition: AgentDefinition): AgentDetail {
    const report = this.checks.definition(definition, id);
    if (!report.ok) {
      const first = report.problems[0]!;
      throw new EchelonError(first.path === 'name' ? 'conflict' : 'invalid_input', first.message, { path: `definition.${first.path}`, issues: report.problems });
    }
    const before = id ? this.agents.require(id).currentVersion : 0;
    const saved = this.agents.save(id, definition);
    if (saved.currentVersion !== before) {
      this.events.record({ agentId: saved.id, agentName: saved.name, severity: 'LOW', kind: before ? 'agent.updated' : 'agent.created', message: before ? `Saved version ${saved.currentVersion}: its next task uses it.` : 'Created.' });
    }
    return this.get(saved.id);
  }

  async remove(ref: string): Promise<boolean> {
    const agent = this.agents.require(ref);
    await this.runtime.deactivate(agent.id);
    for (const task of this.tasks.open().filter((row) => row.agentId === agent.id)) await this.runtime.cancel(task);
    this.runtime.forget(agent.id);
    const removed = this.agents.remove(agent.id);
    this.events.record({ agentId: agent.id, agentName: agent.name, severity: 'MEDIUM', kind: 'agent.removed', message: 'Removed, with its versions; its finished tasks stay in the history.' });
    return removed;
  }

  async startAgent(ref: string): Promise<AgentSummary> {
    const agent = this.agents.require(ref);
    await this.runtime.activate(agent.id);
    return this.summaries([this.agents.require(agent.id)])[0]!;
  }

  async stopAgent(ref: string): Promise<AgentSummary> {
    const agent = this.agents.require(ref);
    await this.runtime.deactivate(agent.id);
    return this.summaries([this.agents.require(agent.id)])[0]!;
  }

  pauseAgent(ref: string): AgentSummary {
    const agent = this.agents.require(ref);
    this.runtime.pause(agent.id);
    return this.summaries([this.agents.require(agent.id)])[0]!;
  }

  resumeAgent(ref: string): AgentSummary {
    const agent = this.agents.require(ref);
    this.runtime.resume(agent.id);
    return this.summaries([this.agents.require(agent.id)])[0]!;
  }

  templates() {
    return ROLE_TEMPLATES;
  }

  export(ref: string): string {
    const agent = this.agents.require(ref);
    return exportAgent(this.agents.definition(agent.id), (id) => this.findConnection(id)?.name);
  }

  /** An exported agent: a new agent, or a new version of the one with its name. */
  import(text: string): AgentDetail {
    const definition = importAgent(text, (ref) => this.findConnection(ref));
    return this.save(this.agents.find(definition.name)?.id, definition);
  }

  // ---------------------------------------------------------------- tasks

  private requireTask(id: number): TaskRow {
    const task = this.tasks.get(id);
    if (!task) throw new EchelonError('not_found', `No task ${id}: list them with \`echelon agent tasks NAME\`.`, { path: 'id' });
    return task;
  }

  private newTask(fields: Pick<TaskRow, 'agentId' | 'agentName' | 'definition' | 'source' | 'task' | 'input' | 'priority' | 'runAt' | 'dedupKey' | 'correlationId'>): TaskRow {
    const now = Date.now();
    return this.tasks.insert({
      ...fields,
      agentVersion: null,
      state: fields.runAt > now ? 'scheduled' : 'pending',
      stopReason: null,
      deadLetter: 0,
      attempt: 0,
      recoveries: 0,
      answer: null,
      output: null,
      error: null,
      turns: 0,
      toolCalls: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      activeMs: 0,
      budgetBase: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
    });
  }

  createTask(input: ParsedInput<'agents.tasks.create'>): TaskSummary {
    const agent = this.agents.require(input.agent);
    const runAt = input.runAt ? Date.parse(input.runAt) : Date.now();
    const task = this.newTask({
      agentId: agent.id,
      agentName: agent.name,
      definition: null,
      source: input.source,
      task: input.task,
      input: input.input === undefined ? null : JSON.stringify(input.input),
      priority: laneOf(input.priority),
      runAt,
      dedupKey: null,
      correlationId: input.correlationId ?? randomUUID(),
    });
    const waiting = agent.desiredState === 'active' ? '' : ` It waits until the agent is started.`;
    this.events.record({ agentId: agent.id, agentName: agent.name, taskId: task.id, severity: 'LOW', kind: 'task.created', message: `Task ${task.id} queued (${input.priority} priority, from ${input.source}).${waiting}`, correlationId: task.correlationId });
    this.runtime.emitTask(task);
    this.runtime.enqueue(task);
    return taskSummary(this.tasks.get(task.id)!);
  }

  listTasks(filter: ParsedInput<'agents.tasks.list'>): TaskSummary[] {
    const agentId = filter.agent ? this.agents.require(filter.agent).id : undefined;
    return this.tasks.list({ ...filter, agentId }).map(taskSummary);
  }

  getTask(id: number): TaskDetail {
    return taskDetail(this.requireTask(id), this.tasks.steps(id));
  }

  async waitTask(id: number, untilApproval: boolean, timeoutMs?: number): Promise<TaskDetail> {
    this.requireTask(id);
    const row = await this.runtime.wait(id, (task) => FINISHED.has(task.state) || (untilApproval && task.state === 'awaiting_approval'), timeoutMs);
    return taskDetail(row, this.tasks.steps(row.id));
  }

  async cancelTask(id: number): Promise<TaskSummary> {
    const task = this.requireTask(id);
    if (FINISHED.has(task.state)) throw new EchelonError('conflict', `Task ${id} has already ${task.state === 'stopped' ? 'stopped' : task.state}; there is nothing to cancel.`);
    if (task.state === 'processing' && !this.runtime.isRunning(id)) {
      throw new EchelonError('conflict', `Task ${id} is running in another Echelon process: cancel it there (the CLI reaches a running \`echelon serve\` by itself).`);
    }
    if (task.state === 'awaiting_approval') this.settleApprovals(task, false, 'The task was cancelled.');
    await this.runtime.cancel(this.tasks.get(id)!);
    return taskSummary(this.tasks.get(id)!);
  }

  /** Runs a finished task again from its last step, its limits counting afresh. */
  retryTask(id: number): TaskSummary {
    const task = this.requireTask(id);
    if (!RETRYABLE.has(task.state)) throw new EchelonError('conflict', `Task ${id} is ${task.state}; only a failed, stopped, interrupted or cancelled task can be retried.`);
    if (task.state === 'interrupted') this.runtime.acceptUnknownOutcomes(id);
    Object.assign(task, { state: 'pending', finishedAt: null, deadLetter: 0, error: null, stopReason: null, runAt: Date.now(), attempt: task.attempt + 1, budgetBase: usageOf(task) });
    this.tasks.update(task);
    this.events.record({ agentId: task.agentId, agentName: task.agentName, taskId: id, severity: 'LOW', kind: 'task.retried', message: `Task ${id} retried from its last step (attempt ${task.attempt}).`, correlationId: task.correlationId });
    this.runtime.emitTask(task);
    this.runtime.enqueue(task);
    return taskSummary(task);
  }

  discardTask(id: number): TaskSummary {
    const task = this.requireTask(id);
    if (task.deadLetter !== 1) throw new EchelonError('conflict', `Task ${id} is not on the dead-letter list.`);
    task.deadLetter = 0;
    this.tasks.update(task);
    return taskSummary(task);
  }

  // ---------------------------------------------------------------- approvals

  approvals(agent?: string): MethodOutput<'agents.approvals.list'> {
    const agentId = agent ? this.agents.require(agent).id : undefined;
    return this.tasks.pendingApprovals(agentId).map((step) => approvalView(step, this.tasks.get(step.taskId)!));
  }

  /**
   * Decides the task's oldest waiting call. Once every call of the turn is decided, the answers
   * join the message list (a denial carries its reason to the model) and the task goes on.
   */
  decide(taskId: number, approve: boolean, reason: string | undefined, caller: Caller): TaskSummary {
    const task = this.requireTask(taskId);
    const pending = this.tasks.steps(taskId).filter((step) => step.kind === 'approval' && step.status === 'pending');
    if (task.state !== 'awaiting_approval' || pending.length === 0) throw new EchelonError('conflict', `Task ${taskId} is not waiting for an approval (it is ${task.state.replace('_', ' ')}).`);
    const step = pending[0]!;
    const why = reason?.trim() || (approve ? undefined : 'A person denied this call.');
    this.tasks.transaction(() => {
      Object.assign(step, { status: approve ? 'approved' : 'denied', reason: why ?? null, finishedAt: Date.now() });
      this.tasks.updateStep(step);
      if (pending.length === 1) this.continueAfterApprovals(task);
    });
    this.events.record({
      agentId: task.agentId,
      agentName: task.agentName,
      taskId,
      severity: approve ? 'LOW' : 'MEDIUM',
      kind: approve ? 'approval.approved' : 'approval.denied',
      message: `${step.server}__${step.tool} ${approve ? 'approved' : 'denied'} ${callerLabel[caller]}${why ? `: ${why}` : ''}.`,
      correlationId: task.correlationId,
    });
    if (pending.length === 1) {
      this.runtime.resumeSoon(taskId);
      this.runtime.emitTask(task);
      this.runtime.enqueue(task);
    }
    return taskSummary(task);
  }

  /** Writes the decided approvals the message list lacks as one tool message, and queues the task. */
  private continueAfterApprovals(task: TaskRow): void {
    const answered = new Set(
      this.tasks.messages(task.id).flatMap((message) => (message.role === 'tool' ? message.content.flatMap((part) => (part.type === 'tool-approval-response' ? [part.approvalId] : [])) : [])),
    );
    const responses: ToolApprovalResponse[] = this.tasks
      .steps(task.id)
      .filter((step) => step.kind === 'approval' && (step.status === 'approved' || step.status === 'denied') && step.approvalId && !answered.has(step.approvalId))
      .map((step) => ({ type: 'tool-approval-response', approvalId: step.approvalId!, approved: step.status === 'approved', ...(step.reason ? { reason: step.reason } : {}) }));
    this.tasks.appendMessages(task.id, [{ role: 'tool', content: responses }]);
    Object.assign(task, { state: 'pending', runAt: Date.now() });
    this.tasks.update(task);
  }

  /** Denies every waiting call of a task (it is being cancelled), keeping its message list whole. */
  private settleApprovals(task: TaskRow, approve: boolean, reason: string): void {
    this.tasks.transaction(() => {
      for (const step of this.tasks.steps(task.id).filter((row) => row.kind === 'approval' && row.status === 'pending')) {
        Object.assign(step, { status: approve ? 'approved' : 'denied', reason, finishedAt: Date.now() });
        this.tasks.updateStep(step);
      }
      this.continueAfterApprovals(task);
    });
  }

  // ---------------------------------------------------------------- metrics and feed

  metrics(agent: string | undefined, days: number): MethodOutput<'agents.metrics'> {
    const agentId = agent ? this.agents.require(agent).id : undefined;
    const from = rangeStart(days);
    const to = Date.now() + 1;
    return agentMetrics(this.tasks.finished(from, to, agentId), from, to);
  }

  report(ref: string, days: number): AgentReport {
    const agent = this.agents.require(ref);
    const from = rangeStart(days);
    const rows = this.tasks.finished(from, Date.now() + 1, agent.id);
    const metrics = agentMetrics(rows, from, Date.now() + 1);
    const reasons = new Map<string, number>();
    for (const row of rows) if (row.state === 'stopped' && row.stopReason) reasons.set(row.stopReason, (reasons.get(row.stopReason) ?? 0) + 1);
    return {
      agent: this.summaries([agent])[0]!,
      metrics: aggregate(rows, `${days} days`, agent.id, agent.name),
      daily: metrics.days,
      tools: this.tasks.toolStats(agent.id, from),
      stopReasons: [...reasons].map(([reason, count]) => ({ reason: reason.replaceAll('-', ' '), count })).sort((a, b) => b.count - a.count),
      recentFailures: this.tasks
        .list({ agentId: agent.id, limit: 50 })
        .filter((task) => task.state === 'failed' || task.state === 'interrupted')
        .slice(0, 10)
        .map(taskSummary),
    };
  }

  // ---------------------------------------------------------------- workflow steps

  /** Runs (or, for a resumed step, finds) a workflow step's task and waits for its end. */
  async runStep(request: StepTask): Promise<TaskRow> {
    // The "AI agent" node runs where the engine runs; a one-off CLI run has not started the runtime.
    if (!this.runtime.isStarted) this.runtime.start({ recover: false });
    let task = this.tasks.byDedup(request.dedupKey);
    if (!task) {
      const agent = request.agent ? this.agents.require(request.agent) : undefined;
      if (!agent && !request.definition) throw new EchelonError('invalid_input', 'Choose a saved agent, or set the model and provider of this node.');
      task = this.newTask({
        agentId: agent?.id ?? null,
        agentName: agent?.name ?? request.definition!.name,
        definition: agent ? null : JSON.stringify(request.definition),
        source: 'workflow' satisfies TaskSource,
        task: request.prompt,
        input: request.input === undefined ? null : JSON.stringify(request.input),
        priority: laneOf('high'),
        runAt: Date.now(),
        dedupKey: request.dedupKey,
        correlationId: request.dedupKey,
      });
      this.tasks.appendMessages(task.id, [...(request.history ?? []), { role: 'user', content: taskPrompt(task) }]);
      this.runtime.emitTask(task);
    }
    if (!FINISHED.has(task.state)) this.runtime.runDirect(task);
    const cancel = () => void this.cancelTask(task.id).catch(() => {});
    request.signal.addEventListener('abort', cancel, { once: true });
    try {
      return await this.runtime.wait(task.id, (row) => FINISHED.has(row.state));
    } finally {
      request.signal.removeEventListener('abort', cancel);
    }
  }

  async dispose(): Promise<void> {
    await this.runtime.dispose();
    this.toolSource.dispose();
    this.workflowTools.dispose();
  }
}
