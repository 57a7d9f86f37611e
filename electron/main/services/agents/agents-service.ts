import { AGENT_RUNTIME, EchelonError, type AgentDefinition, type AgentDetail, type AgentReport, type AgentSummary, type MethodOutput } from '../../../../shared/contract';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { ActivityLog } from '../activity/activity-log';
import type { Engine } from '../engine/engine';
import type { Notifier } from '../engine/ports';
import type { EventBus } from '../events/event-bus';
import type { IntegrationsService } from '../integrations/integrations-service';
import type { McpService } from '../mcp/mcp-service';
import type { Redactor } from '../redaction/redactor';
import type { SecretSource } from '../secrets/secret-source';
import type { Store } from '../store/store';
import { ApprovalService } from './approvals/approval-service';
import { AgentRepository, type StoredAgent } from './definitions/agent-repository';
import { DefinitionChecks } from './definitions/definition-checks';
import { exportAgent, importAgent } from './definitions/portable';
import { ROLE_TEMPLATES } from './definitions/templates';
import { AgentEventLog } from './events/agent-event-log';
import { ChatMemory } from './memory/chat-memory';
import { agentMetrics, aggregate, rangeStart } from './metrics/agent-metrics';
import { PriceTable } from './metrics/price-table';
import { TaskRepository } from './persistence/task-repository';
import { ProviderFactory } from './providers/provider-factory';
import { AgentRuntime } from './runtime/agent-runtime';
import { TaskService } from './tasks/task-service';
import { mcpToolHost } from './tools/mcp-tool-host';
import { WorkflowTools } from './tools/workflow-tools';
import { taskSummary } from './views/task-views';
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
  /** Tasks given to agents: created, listed, waited for, cancelled, retried. */
  readonly taskService: TaskService;
  /** Tool calls waiting for a person. */
  readonly approvals: ApprovalService;
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
    const tools = mcpToolHost(mcp, this.workflowTools, integrations, (request) => options.engine.runCode(request), { providers: this.providers, secrets: options.secrets, redactor });
    this.checks = new DefinitionChecks({ providers: this.providers, mcp, workflows: this.workflowTools, prices: this.prices, agents: this.agents });
    this.runtime = new AgentRuntime({
      agents: this.agents,
      tasks: this.tasks,
      events: this.events,
      bus: options.bus,
      notifier: options.notifier,
      windowFocused: options.windowFocused ?? (() => false),
      run: { tasks: this.tasks, providers: this.providers, prices: this.prices, tools, redactValue: (value) => redactor.redactValue(value), redact: (text) => redactor.redact(text) },
      check: async (definition, signal) => {
        const provider = this.providers.resolve(definition.provider, definition.name);
        const models = await this.providers.listModels(definition.provider, definition.name, signal);
        const warnings = models.includes(definition.model) ? [] : [`${provider.label} does not list the model "${definition.model}": tasks may fail until it does.`];
        const { missing } = await tools.describe(definition);
        return { warnings: [...warnings, ...missing.map((problem) => `Tool not available: ${problem}.`)] };
      },
      changed: () => store.changes.touched(AGENT_RUNTIME),
    });
    this.approvals = new ApprovalService({ agents: this.agents, tasks: this.tasks, events: this.events, runtime: this.runtime });
    this.taskService = new TaskService({ agents: this.agents, tasks: this.tasks, events: this.events, runtime: this.runtime, approvals: this.approvals });
    this.steps = new StepRunner(this.taskService, this.providers, new ChatMemory(store.db));
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
    for (const task of this.tasks.open().filter((row) => row.agentId === agent.id)) await this.taskService.cancel(task.id);
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

  /** An agent as its team shares it: the provider's connection by name, since ids differ between computers. */
  shared(id: string): AgentDefinition | undefined {
    if (this.agents.find(id)?.id !== id) return undefined;
    const definition = this.agents.definition(id);
    const provider = definition.provider;
    if (!('connection' in provider)) return definition;
    return { ...definition, provider: { connection: this.findConnection(provider.connection)?.name ?? provider.connection } };
  }

  /**
   * A teammate's version, saved under the team's id; the agent's next task uses it. Not checked
   * here (its tools' servers may reach this computer later): a task checks what it calls.
   */
  receive(id: string, definition: AgentDefinition): void {
    const before = this.agents.find(id)?.id === id ? this.agents.require(id).currentVersion : 0;
    const saved = this.agents.saveAs(id, definition);
    if (saved.currentVersion === before) return;
    this.events.record({ agentId: id, agentName: saved.name, severity: 'LOW', kind: before ? 'agent.updated' : 'agent.created', message: `Version ${saved.currentVersion} came from the team: its next task uses it.` });
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

  async dispose(): Promise<void> {
    await this.runtime.dispose();
    this.toolSource.dispose();
    this.workflowTools.dispose();
  }
}
