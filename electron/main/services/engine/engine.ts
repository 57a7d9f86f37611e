import path from 'node:path';
import { EchelonError } from '../../../../shared/contract/errors';
import type { EngineMetrics as EngineMetricsView, ExecutionDetail, ExecutionError, ExecutionSummary, ExecutionUpdate } from '../../../../shared/contract/executions';
import type { JsonValue, MissedSchedulePolicy, Priority, WorkflowDocument } from '../../../../shared/workflow/document';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { Redactor } from '../redaction/redactor';
import type { PluginRegistry } from '../registry/plugin-registry';
import type { Store } from '../store/store';
import { localBinaryServices } from './binary/local-binaries';
import { CodeSandbox } from './code/code-sandbox';
import { DEFAULT_CODE_SETTINGS } from './code/code-settings';
import { configureExpressionLimits } from './expressions/budget';
import { SecretTaint } from './expressions/secret-taint';
import { limitsFromEnv, type EngineLimits } from './limits-from-env';
import { ExecutionRun, type WebhookResponder } from './execution/execution-run';
import { DEFAULT_CONFIG, embeddedBackend, Executor, WAIT_FOR_PERSON, type ExecutorConfig } from './execution/executor';
import { compilePlan, PRIORITY, type WorkflowPlan } from './execution/plan';
import { runFrom } from './execution/run-from';
import type { StepContext } from './execution/step-context';
import { EngineLease } from './lease';
import { countExecution, countStep } from '../insights/execution-outcomes';
import { RunStats } from '../insights/run-stats';
import { RunStatsReader } from '../insights/run-stats-reader';
import { NodeError, type CodeRequest, type CodeResult, type Item, type NodeServices, type WebhookReply } from './node-api';
import { NodeTypes } from './node-types';
import { ExecutionObservers } from './observer';
import { ExecutionUpdates } from './execution-updates';
import { executionDetail, executionSummary } from './execution-views';
import { ExecutionRepository, type AttemptRecord, type ExecutionRow, type ListFilter, type StepRow } from './persistence/execution-repository';
import type { WriteBuffer } from './persistence/write-buffer';
import { PayloadStore } from './persistence/payloads';
import type { EnginePorts, McpNotification } from './ports';
import { DEFAULT_RETENTION, Retention, type PruneResult, type RetentionConfig } from './retention';
import { triggerListeners, webhookRoutes, type TriggerListeners } from './trigger-index';
import { StaticDataRepository } from './persistence/static-data-repository';
import { ScheduleService } from './schedules/schedule-service';
import { createServicePoller } from './service-triggers/create-service-poller';
import type { ServicePoller } from './service-triggers/service-poller';
import { DEFAULT_WEBHOOK_LIMITS, WebhookServer, type WebhookRequest, type WebhookRoute } from './webhooks/webhook-server';
import { blockingProblems } from './validation/validate-workflow';
import { WorkflowRepository } from './workflows/workflow-repository';
import { ExternalWorkflowChanges } from './workflows/external-changes';
import { WorkflowService } from './workflows/workflow-service';

export interface EngineOptions {
  store: Store;
  dataDir: string;
  redactor: Redactor;
  registry: PluginRegistry;
  ports: EnginePorts;
  /** Events for the renderer (batched execution updates). */
  emit(updates: { items: ExecutionUpdate[]; dropped: number }): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Notable events (failures, crashes) for the activity log. */
  activity(level: 'info' | 'warn' | 'error', message: string): void;
  executor?: Partial<ExecutorConfig>;
  retention?: Partial<RetentionConfig>;
  /** Expression budget and webhook body size; by default from the environment. */
  limits?: EngineLimits;
}

export interface EngineStartOptions {
  /** Who runs it, for the lease (`serve`, `electron`, `cli`). */
  owner: string;
  /** Resume interrupted executions and load the queue (false for a one-off CLI run). */
  recover?: boolean;
  schedules?: boolean;
  /** Port of the webhook listener (0 picks one), or false for none. */
  webhookPort?: number | false;
  retention?: boolean;
}

export interface RunRequest {
  workflowId: string;
  input?: JsonValue;
  priority?: Priority;
  dedupKey?: string;
  runAt?: number;
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'crashed']);

/** A workflow set to run on the team's workers has its schedules and webhooks there, not here. */
const onThisComputer = (document: WorkflowDocument | undefined) => (document?.settings?.runOn === 'team' ? undefined : document);

/**
 * The workflow engine: documents (WorkflowService), the executor and its queue, and what
 * starts runs (manual, schedules, webhooks, MCP notifications, other workflows finishing,
 * errors). Runs inside the Electron main process, `echelon serve` and the CLI alike.
 */
export class Engine {
  readonly nodeTypes: NodeTypes;
  readonly workflows: WorkflowService;
  readonly executions: ExecutionRepository;
  readonly executor: Executor;
  /** The embedded backend's SQLite write buffer (the executor sees it as a CheckpointWriter). */
  private writeBuffer!: WriteBuffer;
  /** Metrics, traces, alerts and logs watching runs (attached by the host). */
  readonly observers = new ExecutionObservers();
  /** Running statistics of finished runs, in SQLite, written with the runs they count. */
  readonly runStats: RunStats;
  readonly runStatsReader: RunStatsReader;
  readonly payloads: PayloadStore;
  private readonly workflowRepository: WorkflowRepository;
  private readonly sandbox: CodeSandbox;
  private readonly schedules: ScheduleService;
  private readonly servicePolls: ServicePoller;
  private readonly webhooks: WebhookServer;
  private readonly retention: Retention;
  private readonly lease: EngineLease;
  private readonly externalChanges: ExternalWorkflowChanges;
  private readonly waiters = new Map<number, Array<(row: ExecutionRow) => void>>();
  private readonly revealed = new Map<string, string>();
  private readonly taint: SecretTaint;
  private listeners: TriggerListeners = { completed: new Map(), mcp: [] };
  private mcpSubscription: Disposable | undefined;
  private readonly updates: ExecutionUpdates;
  private started = false;

  constructor(private readonly options: EngineOptions) {
    const db = options.store.db;
    this.updates = new ExecutionUpdates(options.emit, () => options.store.changes.touched('executions', 'execution_steps'));
    const limits = options.limits ?? limitsFromEnv();
    this.sandbox = new CodeSandbox({ workers: limits.sandboxWorkers });
    this.taint = new SecretTaint((label, text) => options.redactor.set(label, text));
    this.nodeTypes = new NodeTypes(options.registry, options.ports.integrations);
    this.workflowRepository = new WorkflowRepository(db);
    this.executions = new ExecutionRepository(db);
    this.payloads = new PayloadStore(path.join(options.dataDir, 'payloads'), (text) => options.redactor.redact(text));
    this.workflows = new WorkflowService(this.workflowRepository, this.executions, this.nodeTypes, (name) => options.ports.secrets.exists(name), (id) => this.workflowChanged(id));
    const executorConfig = { ...DEFAULT_CONFIG, ...options.executor };
    this.executor = new Executor(
      embeddedBackend(this.executions, executorConfig, (buffer) => (this.writeBuffer = buffer)),
      this.payloads,
      {
        plan: (workflowId, version) => this.plan(workflowId, version),
        services: (run, step) => this.services(run, step),
        revealSecret: (name, field, workflowId) => this.reveal(name, field, workflowId),
        taint: (value, secrets, source) => this.taint.record(value, secrets, source),
        redact: (text) => options.redactor.redact(text),
        onStatus: (row) => this.update(row),
        onStep: (row, step) => this.stepChanged(row, step),
        onFinished: (row, run) => this.finished(row, run),
        onFlushed: () => this.flushed(),
        log: options.log,
        staticData: new StaticDataRepository(db),
        code: { ...DEFAULT_CODE_SETTINGS, ...limits.code },
      },
      executorConfig,
    );
    this.schedules = new ScheduleService(db, {
      fire: (workflowId, nodeId, scheduledAt, timezone) => this.fireSchedule(workflowId, nodeId, scheduledAt, timezone),
      policy: (workflowId) => this.missedPolicy(workflowId),
      log: (message) => {
        options.log('warn', message);
        options.activity('warn', message);
      },
    });
    this.servicePolls = createServicePoller(db, {
      nodeTypes: this.nodeTypes,
      integrations: options.ports.integrations,
      fire: async ({ workflowId, node }, items, polledAt) => {
        await this.run({ workflowId, input: { items } as JsonValue, dedupKey: `poll:${workflowId}:${node.id}:${polledAt}` }, 'schedule', node.id);
        await this.persisted();
      },
      log: (message) => {
        options.log('warn', message);
        options.activity('warn', message);
      },
    });
    configureExpressionLimits(limits.expressions);
    this.webhooks = new WebhookServer((request) => this.webhook(request), { ...DEFAULT_WEBHOOK_LIMITS, ...limits.webhooks });
    this.runStats = new RunStats(db, { ...DEFAULT_RETENTION, ...options.retention }.maxAgeDays * 86_400_000);
    this.runStatsReader = new RunStatsReader(db);
    this.writeBuffer.alsoWrite(() => this.runStats.write());
    this.retention = new Retention(db, this.payloads, { ...DEFAULT_RETENTION, ...options.retention }, () => this.updates.touch(true));
    this.lease = new EngineLease(db, `${process.title} ${process.argv.slice(2, 3).join(' ')}`.trim());
    this.externalChanges = new ExternalWorkflowChanges(db, (ids) => this.externalWorkflowChanges(ids));
  }

  get isStarted(): boolean {
    return this.started;
  }

  async start(options: EngineStartOptions): Promise<void> {
    if (this.started) return;
    this.lease.acquire();
    this.started = true;
    if (options.recover !== false) this.recover();
    const documents = this.currentDocuments();
    this.rebuildListeners(documents);
    if (options.schedules) {
      // Both synced before the await: a workflow saved meanwhile is followed with its newer document.
      for (const { id, document } of documents) {
        this.schedules.sync(id, onThisComputer(document));
        this.servicePolls.sync(id, document);
      }
      await this.schedules.start();
      this.servicePolls.start();
    }
    if (options.webhookPort !== undefined && options.webhookPort !== false) {
      this.refreshRoutes();
      try {
        await this.webhooks.start(options.webhookPort);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${options.webhookPort} is in use` : (error as Error).message;
        this.options.log('warn', `The webhook listener did not start (${reason}); webhook triggers are off.`);
        this.options.activity('warn', `Webhook listener not started: ${reason}. Set another port with --webhook-port.`);
      }
    }
    if (this.options.ports.mcpNotifications) this.mcpSubscription = this.options.ports.mcpNotifications.subscribe((notification) => this.mcpNotification(notification));
    if (options.retention !== false) this.retention.start();
    this.externalChanges.start();
  }

  /** Puts stored queued and waiting runs back in line; runs the process died during resume, up to a bound. */
  private recover(): void {
    const now = Date.now();
    for (const row of this.executions.activeExecutions()) {
      if (row.status === 'running') {
        row.recoveries++;
        if (row.recoveries > this.executor.config.maxRecoveries) {
          const message = `Stopped after the engine crashed ${row.recoveries - 1} times during this execution; retry it once the cause is fixed.`;
          this.executor.finishStored(row, 'crashed', { message, code: 'crash_loop' });
          this.options.activity('error', `Execution ${row.id} of "${row.workflowName}" was stopped: it crashed the engine repeatedly.`);
          continue;
        }
        this.options.log('warn', `Resuming execution ${row.id} of "${row.workflowName}" after a crash (recovery ${row.recoveries}).`);
        row.runAt = now;
        this.executor.buffer.execution(row);
      }
      if (row.status === 'waiting' && row.runAt === WAIT_FOR_PERSON) continue;
      this.executor.requeue(row, this.concurrencyOf(row.workflowId, row.workflowVersion));
    }
    // The recovery count must be on disk before anything runs: a crash during the resumed run must count.
    this.executor.buffer.flush();
  }

  private concurrencyOf(workflowId: string, version: number): number {
    try {
      return this.workflows.document(workflowId, version).document.settings?.concurrency ?? DEFAULT_CONCURRENCY;
    } catch {
      return DEFAULT_CONCURRENCY;
    }
  }

  private currentDocument(workflowId: string): WorkflowDocument | undefined {
    try {
      return this.workflows.document(workflowId).document;
    } catch {
      return undefined;
    }
  }

  // ---------------------------------------------------------------- plans and runs

  private readonly planCache = new Map<string, Promise<WorkflowPlan>>();
  private readonly readyPlans = new Map<string, WorkflowPlan>();

  private plan(workflowId: string, version: number): Promise<WorkflowPlan> | WorkflowPlan {
    const key = `${workflowId}@${version}`;
    const ready = this.readyPlans.get(key);
    if (ready) return ready;
    let plan = this.planCache.get(key);
    if (!plan) {
      plan = (async () => {
        const { document, unsupported } = this.workflows.document(workflowId, version);
        const report = this.workflows.validate(document);
        const blocking = blockingProblems(report.problems);
        if (unsupported.length > 0) throw new EchelonError('invalid_input', `Replace the nodes n8n import could not map first: ${unsupported.map((node) => `"${node.name}" (${node.type})`).join(', ')}.`);
        if (blocking.length > 0) {
          throw new EchelonError('invalid_input', `The workflow has ${blocking.length} problem${blocking.length > 1 ? 's' : ''}: ${blocking[0]!.message}`, {
            issues: blocking.map((found) => ({ path: found.path, message: found.message })),
          });
        }
        const compiled = await compilePlan(workflowId, version, document, this.nodeTypes);
        this.readyPlans.set(key, compiled);
        return compiled;
      })();
      plan.catch(() => this.planCache.delete(key));
      this.planCache.set(key, plan);
    }
    return plan;
  }

  /** Queues a run of a workflow's current version; refuses one that cannot run (problems, unmapped nodes). */
  async run(request: RunRequest, trigger: ExecutionRow['trigger'] = 'manual', triggerNodeId?: string, responder?: WebhookResponder, parent?: { id: number; key: string }): Promise<{ row: ExecutionRow; deduplicated: boolean }> {
    this.requireStarted();
    const workflow = this.workflows.require(request.workflowId);
    const known = this.plan(workflow.id, workflow.currentVersion);
    const plan = known instanceof Promise ? await known : known;
    const start = triggerNodeId ? plan.nodes.get(triggerNodeId) : this.defaultTrigger(plan, trigger);
    if (!start) throw new EchelonError('invalid_input', `Workflow "${workflow.name}" has no trigger to start a${/^[aeiou]/.test(trigger) ? 'n' : ''} ${trigger} run: add ${TRIGGER_HINT[trigger] ?? 'a manual trigger'}.`);
    return this.executor.enqueue(
      {
        workflowId: workflow.id,
        workflowVersion: workflow.currentVersion,
        workflowName: plan.name,
        trigger,
        triggerNodeId: start.node.id,
        payload: request.input,
        priority: parent ? PRIORITY.high : request.priority ? PRIORITY[request.priority] : plan.priority,
        limit: plan.concurrency,
        runAt: request.runAt,
        dedupKey: request.dedupKey,
        parent,
      },
      responder,
    );
  }

  private defaultTrigger(plan: WorkflowPlan, trigger: ExecutionRow['trigger']) {
    const wanted = { manual: 'manual.trigger', 'sub-workflow': 'manual.trigger', error: 'error-trigger.trigger', alert: 'alert-trigger.trigger', workflow: 'workflow-completed.trigger', schedule: 'schedule.trigger', webhook: 'webhook.trigger', mcp: 'mcp-notification.trigger', retry: 'manual.trigger' }[trigger];
    return plan.triggers.find((node) => node.node.type === wanted) ?? (trigger === 'manual' ? plan.triggers[0] : undefined);
  }

  private requireStarted(): void {
    if (!this.started) throw new EchelonError('unavailable', 'The workflow engine is not running in this process: start Echelon (or `echelon serve`) to run workflows.');
  }

  /** Resolves once the execution has finished and its final state is on disk. */
  waitFor(id: number): Promise<ExecutionRow> {
    const pending = this.executor.isActive(id) || this.executor.queue.has(id);
    if (!pending) {
      if (this.executor.buffer.pending > 0) this.executor.buffer.flush();
      const row = this.executions.get(id);
      if (!row) return Promise.reject(new EchelonError('not_found', `No execution ${id}.`));
      if (FINISHED.has(row.status)) return Promise.resolve(row);
    }
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  /** Resolves once everything buffered is on disk. */
  flushed(): void {
    this.updates.flushed();
  }

  persisted(): Promise<void> {
    return new Promise((resolve) => this.executor.buffer.afterFlush(resolve));
  }

  // ---------------------------------------------------------------- services for steps

  private reveal(name: string, field: string | undefined, workflowId: string): string {
    const value = this.options.ports.secrets.reveal(name, field, { kind: 'workflow', id: workflowId });
    const label = field ? `${name}.${field}` : name;
    // A login's username is an identifier, not a secret: redacting it would blank ordinary output.
    if (this.options.ports.secrets.isSecret?.(name, field) === false) return value;
    if (this.revealed.get(label) !== value) {
      this.revealed.set(label, value);
      this.options.redactor.set(label, value);
    }
    return value;
  }

  private services(run: ExecutionRun, step: StepContext): NodeServices {
    const services = this.ownServices(run, step);
    const current = run.current;
    if (!this.observers.wrapsServices || !current) return services;
    return this.observers.stepServices(services, { executionId: run.id, seq: current.seq, attempt: current.attempt, nodeId: step.node.id, nodeName: step.node.name, nodeType: step.node.type });
  }

  private ownServices(run: ExecutionRun, step: StepContext): NodeServices {
    const ports = this.options.ports;
    return {
      http: ports.http,
      mcp: ports.mcp,
      notifier: ports.notifier,
      integrations: ports.integrations,
      agents: ports.agents,
      runCode: (request) => this.sandbox.run(request),
      runWorkflow: (request) => this.runChild(run, `${step.idempotencyKey}:${run.childCalls++}`, request.workflowId, request.items, request.signal),
      respondToWebhook: (reply) => this.respond(run.id, reply),
      ...localBinaryServices(run.id, step.node.id, { root: this.payloads.root }),
    };
  }

  /** Runs a workflow as a child of a step; a resumed parent finds the child it already started by key. */
  private async runChild(parent: ExecutionRun, key: string, reference: string, items: Item[], signal: AbortSignal): Promise<Item[]> {
    const target = this.workflows.resolve(reference);
    if (!target) throw new NodeError(`No workflow "${reference}" to run as a sub-workflow: import it, or use its Echelon id.`, 'not_found', true);
    this.executor.buffer.flush();
    let child = this.executions.child(parent.id, key);
    if (!child) {
      const started = await this.run({ workflowId: target.id, input: items.map((item) => item.json) }, 'sub-workflow', undefined, undefined, { id: parent.id, key });
      child = started.row;
    }
    const onAbort = () => {
      const active = this.executor.activeRun(child!.id);
      if (active) this.executor.stop(active, 'cancel');
      else if (!FINISHED.has(child!.status)) this.cancel(child!.id);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const finished = FINISHED.has(child.status) ? child : await this.waitFor(child.id);
      if (finished.status !== 'succeeded') {
        const error = finished.error ? (JSON.parse(finished.error) as ExecutionError).message : finished.status;
        throw new NodeError(`Sub-workflow "${finished.workflowName}" (execution ${finished.id}) ${finished.status}: ${error}`, 'sub_workflow_failed');
      }
      return this.executor.outputItems(finished);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  // ---------------------------------------------------------------- webhooks

  private respond(executionId: number, reply: WebhookReply, responder = this.executor.responder(executionId)): void {
    if (!responder || responder.replied) return;
    responder.replied = true;
    // Answer only once what led to the answer is on disk.
    this.executor.buffer.afterFlush(() => responder.reply(reply));
  }

  private async webhook(request: WebhookRequest): Promise<WebhookReply> {
    const { route } = request;
    return new Promise<WebhookReply>((resolve, reject) => {
      const responder: WebhookResponder = { mode: route.respond, responseCode: route.responseCode, responseData: route.responseData, replied: false, reply: resolve };
      this.run({ workflowId: request.route.workflowId, input: request.payload }, 'webhook', request.route.nodeId, responder).then(
        ({ row }) => {
          if (responder.mode === 'immediately') this.respond(row.id, { status: responder.responseCode, headers: {}, body: { message: 'Workflow was started', executionId: row.id } });
        },
        (error: unknown) => {
          const status = error instanceof EchelonError ? (error.code === 'unavailable' ? 503 : error.code === 'invalid_input' ? 422 : 500) : 500;
          reject(Object.assign(error instanceof Error ? error : new Error(String(error)), { status }));
        },
      );
    });
  }

  private refreshRoutes(documents = this.currentDocuments()): void {
    this.routes = webhookRoutes(documents.map((workflow) => ({ ...workflow, document: onThisComputer(workflow.document) })));
    this.webhooks.setRoutes(this.routes);
  }

  /** Every workflow's current document, for indexing its triggers. */
  private currentDocuments(): Array<{ id: string; name: string; document: WorkflowDocument | undefined }> {
    return this.workflows.all().map((workflow) => ({ id: workflow.id, name: workflow.name, document: this.currentDocument(workflow.id) }));
  }

  private routes: WebhookRoute[] = [];

  webhookInfo(): { listening: boolean; baseUrl?: string; endpoints: Array<{ workflowId: string; workflowName: string; nodeId: string; method: string; path: string; url: string }> } {
    const base = this.webhooks.baseUrl ?? 'http://127.0.0.1:<port>/webhook/';
    if (!this.webhooks.listening) this.refreshRoutes();
    return {
      listening: this.webhooks.listening,
      baseUrl: this.webhooks.baseUrl,
      endpoints: this.routes.map((route) => ({ workflowId: route.workflowId, workflowName: route.workflowName, nodeId: route.nodeId, method: route.method, path: route.path, url: route.form ? `${base.replace(/webhook\/$/, 'form/')}${route.path}` : `${base}${route.path}` })),
    };
  }

  // ---------------------------------------------------------------- triggers from outside

  private workflowChanged(workflowId: string): void {
    this.workflowsChanged([workflowId]);
  }

  /** Many workflows changed at once (a page of team changes): schedules per workflow, routes and listeners once. */
  workflowsChanged(workflowIds: readonly string[]): void {
    for (const id of workflowIds) this.externalChanges.remember(id, this.workflows.find(id)?.currentVersion);
    this.follow(workflowIds);
  }

  /** Saved by another process on this database: forget what was cached, then follow as for our own saves. */
  private externalWorkflowChanges(workflowIds: string[]): void {
    for (const id of workflowIds) this.workflows.forget(id);
    this.options.log('info', `Picked up ${workflowIds.length} workflow change${workflowIds.length > 1 ? 's' : ''} made by another process.`);
    this.follow(workflowIds);
  }

  /** Schedules, webhooks and listeners follow the workflows' current versions. */
  private follow(workflowIds: readonly string[]): void {
    this.options.store.changes.touched('workflows', 'workflow_versions');
    if (!this.started || workflowIds.length === 0) return;
    // Every document is read once here, however many workflows changed (a team pull brings thousands).
    const documents = this.currentDocuments();
    const byId = new Map(documents.map((workflow) => [workflow.id, workflow.document]));
    for (const id of workflowIds) {
      this.schedules.sync(id, onThisComputer(byId.get(id)));
      this.servicePolls.sync(id, byId.get(id));
    }
    this.refreshRoutes(documents);
    this.rebuildListeners(documents);
  }

  private rebuildListeners(documents = this.currentDocuments()): void {
    this.listeners = triggerListeners(documents, (reference) => this.workflows.resolve(reference)?.id);
  }

  private startQuietly(request: RunRequest, trigger: ExecutionRow['trigger'], nodeId: string): void {
    this.run(request, trigger, nodeId).catch((error: unknown) => this.notStarted(trigger, request.workflowId, error));
  }

  private notStarted(trigger: ExecutionRow['trigger'], workflowId: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.options.activity('warn', `A ${trigger} run of workflow ${workflowId} was not started: ${message}`);
  }

  /**
   * Starts a workflow from its trigger for `kind` with `input` as that trigger's output: a failed
   * run's error workflow, or an alert's workflow channel. Resolves once the run is queued.
   */
  async startFor(kind: 'error' | 'alert', workflowId: string, input: JsonValue): Promise<ExecutionRow> {
    const { row } = await this.run({ workflowId, input }, kind);
    return row;
  }

  private async fireSchedule(workflowId: string, nodeId: string, scheduledAt: number, timezone: string | undefined): Promise<void> {
    await this.run({ workflowId, input: { scheduledAt, timezone: timezone ?? null }, dedupKey: `schedule:${workflowId}:${nodeId}:${scheduledAt}` }, 'schedule', nodeId);
    await this.persisted();
  }

  private missedPolicy(workflowId: string): MissedSchedulePolicy {
    return this.currentDocument(workflowId)?.settings?.missedSchedules ?? 'skip';
  }

  private mcpNotification(notification: McpNotification): void {
    for (const listener of this.listeners.mcp) {
      if (listener.server !== notification.server) continue;
      const matches = listener.method === '*' || listener.method === notification.method || (listener.method.endsWith('*') && notification.method.startsWith(listener.method.slice(0, -1)));
      if (matches) this.startQuietly({ workflowId: listener.workflowId, input: { server: notification.server, method: notification.method, params: (notification.params ?? null) as JsonValue } }, 'mcp', listener.nodeId);
    }
  }

  private finished(row: ExecutionRow, run: ExecutionRun | undefined): void {
    countExecution(this.runStats, row);
    this.observers.finished(row);
    const waiting = this.waiters.get(row.id);
    if (waiting) {
      this.waiters.delete(row.id);
      this.executor.buffer.afterFlush(() => {
        for (const resolve of waiting) resolve(row);
      });
    }
    const responder = this.executor.responder(row.id);
    if (responder) {
      this.executor.forgetResponder(row.id);
      if (!responder.replied) this.respond(row.id, this.finalReply(row, run, responder), responder);
    }
    if (row.status === 'failed' || row.status === 'crashed') {
      const error = row.error ? (JSON.parse(row.error) as ExecutionError) : { message: row.status };
      if (row.trigger !== 'webhook' || row.status === 'crashed') this.options.activity('error', `Execution ${row.id} of "${row.workflowName}" ${row.status}: ${error.message}`);
      const errorWorkflow = run?.plan.errorWorkflow ?? this.currentDocument(row.workflowId)?.settings?.errorWorkflow;
      if (errorWorkflow && !(row.trigger === 'error' && errorWorkflow === row.workflowId)) {
        const input = {
          execution: { id: String(row.id), error: { message: error.message, ...(error.code ? { code: error.code } : {}) }, lastNodeExecuted: error.nodeName ?? null, mode: row.trigger },
          workflow: { id: row.workflowId, name: row.workflowName },
        };
        this.startFor('error', errorWorkflow, input).catch((failure: unknown) => this.notStarted('error', errorWorkflow, failure));
      }
    }
    for (const listener of this.listeners.completed.get(row.workflowId) ?? []) {
      if (!listener.statuses.includes(row.status)) continue;
      const output = row.status === 'succeeded' ? this.executor.outputItems(row, run).map((item) => item.json) : [];
      this.startQuietly(
        {
          workflowId: listener.workflowId,
          input: { executionId: row.id, workflowId: row.workflowId, workflowName: row.workflowName, status: row.status, output, error: row.error ? (JSON.parse(row.error) as JsonValue) : null },
        },
        'workflow',
        listener.nodeId,
      );
    }
  }

  private finalReply(row: ExecutionRow, run: ExecutionRun | undefined, responder: WebhookResponder): WebhookReply {
    if (row.status !== 'succeeded') return { status: 500, headers: {}, body: { message: 'Error in workflow', executionId: row.id } };
    if (responder.mode === 'respondNode') return { status: 500, headers: {}, body: { message: 'The workflow finished without answering: no Respond to Webhook node ran.' } };
    const items = this.executor.outputItems(row, run);
    const body = responder.responseData === 'noData' ? undefined : responder.responseData === 'allEntries' ? items.map((item) => item.json) : (items[0]?.json ?? {});
    return { status: responder.responseCode, headers: {}, body };
  }

  // ---------------------------------------------------------------- events

  private update(row: ExecutionRow): void {
    this.observers.statusChanged(row);
    this.updates.status(row);
  }

  private stepChanged(row: ExecutionRow, step: StepRow): void {
    countStep(this.runStats, step);
    this.observers.stepChanged(row, step, this.executor.activeRun(row.id)?.plan.nodes.get(step.nodeId)?.node.name);
    this.updates.step(row, step);
  }

  // ---------------------------------------------------------------- executions API

  private stored(id: number): ExecutionRow {
    if (this.executor.buffer.pending > 0) this.executor.buffer.flush();
    const row = this.executions.get(id);
    if (!row) throw new EchelonError('not_found', `No execution ${id}.`);
    return row;
  }

  summary(row: ExecutionRow): ExecutionSummary {
    return executionSummary(row);
  }

  list(filter: ListFilter, withTotal = false): { items: ExecutionSummary[]; nextBefore?: number; total?: number } {
    if (this.executor.buffer.pending > 0) this.executor.buffer.flush();
    const rows = this.executions.list(filter);
    return { items: rows.map(executionSummary), nextBefore: rows.length === filter.limit ? rows.at(-1)!.id : undefined, total: withTotal ? this.executions.count(filter) : undefined };
  }

  detail(id: number): ExecutionDetail {
    const row = this.stored(id);
    let document: WorkflowDocument | undefined;
    try {
      document = this.workflows.document(row.workflowId, row.workflowVersion).document;
    } catch {
      // The workflow was deleted since: steps show node ids instead of names.
    }
    return executionDetail(row, this.executions.steps(id), document, this.payloads, this.nodeTypes);
  }

  cancel(id: number): ExecutionSummary {
    const active = this.executor.activeRun(id);
    if (active) {
      this.executor.stop(active, 'cancel');
      return this.summary(active.row);
    }
    const row = this.executor.freshRow(id) ?? this.stored(id);
    if (FINISHED.has(row.status)) throw new EchelonError('conflict', `Execution ${id} has already ${row.status}; there is nothing to cancel.`);
    this.requireStarted();
    this.executions.cancelOpenSteps(id);
    this.executor.finishStored(row, 'cancelled');
    return this.summary(row);
  }

  /** Resumes a failed, cancelled, crashed or person-waiting execution from its first unfinished step. */
  retry(id: number): ExecutionSummary {
    this.requireStarted();
    const row = this.stored(id);
    const waitingForPerson = row.status === 'waiting' && row.runAt === WAIT_FOR_PERSON;
    if (!FINISHED.has(row.status) && !waitingForPerson) throw new EchelonError('conflict', `Execution ${id} is ${row.status}; only a finished or stopped one can be retried.`);
    if (row.status === 'succeeded') throw new EchelonError('conflict', `Execution ${id} succeeded; run the workflow again instead.`);
    // The run is counted once, by how it ends this time.
    countExecution(this.runStats, row, -1);
    if (row.startedAt !== null) {
      // Each attempt keeps its own time: the next one starts when the executor picks it up.
      const earlier = row.attempts ? (JSON.parse(row.attempts) as AttemptRecord[]) : [];
      const error = row.error ? (JSON.parse(row.error) as ExecutionError).message : undefined;
      earlier.push({ startedAt: row.attemptStartedAt ?? row.startedAt, finishedAt: row.finishedAt ?? Date.now(), status: row.status, ...(error ? { error } : {}) });
      row.attempts = JSON.stringify(earlier);
      row.attemptStartedAt = null;
    }
    row.status = 'queued';
    row.runAt = Date.now();
    row.finishedAt = null;
    row.error = null;
    row.deadLetter = 0;
    if (row.recoveries > this.executor.config.maxRecoveries) row.recoveries = 0;
    this.executor.buffer.execution(row);
    this.update(row);
    this.executor.requeue(row, this.concurrencyOf(row.workflowId, row.workflowVersion));
    return this.summary(row);
  }

  /** A new run starting at a node with the data it had in execution `id` (see run-from.ts). */
  async runFrom(id: number, nodeId: string): Promise<ExecutionSummary> {
    this.requireStarted();
    const row = await runFrom(
      {
        executions: this.executions,
        payloads: this.payloads,
        buffer: this.writeBuffer,
        enqueue: async (workflowId, input, triggerNodeId) => (await this.run({ workflowId, input }, 'retry', triggerNodeId)).row,
      },
      this.stored(id),
      nodeId,
    );
    return this.summary(row);
  }

  discard(id: number): ExecutionSummary {
    const row = this.stored(id);
    if (row.deadLetter !== 1) throw new EchelonError('conflict', `Execution ${id} is not on the dead-letter list.`);
    row.deadLetter = 0;
    this.executor.buffer.execution(row);
    this.executor.buffer.flush();
    return this.summary(row);
  }

  metricsView(): EngineMetricsView {
    const stats = this.executor.queue.stats();
    return {
      since: new Date(this.runStatsReader.oldest() ?? Date.now()).toISOString(),
      queue: {
        depth: this.executor.queue.depth,
        ready: stats.ready,
        delayed: stats.delayed,
        running: this.executor.running,
        waiting: stats.delayed,
        deadLetter: this.executions.deadLetterCount(),
        lagMs: stats.lagMs,
        capacity: this.executor.config.capacity,
        concurrency: this.executor.config.concurrency,
      },
      workflows: this.runStatsReader.metricsRows('workflow'),
      nodeTypes: this.runStatsReader.metricsRows('node-type'),
      refused: this.executor.refused,
      deduplicated: this.executor.deduplicated,
    };
  }

  pruneNow(): Promise<PruneResult> {
    return this.retention.prune();
  }

  /** JavaScript in the Code step's sandbox, for callers outside a step (an agent's code tool). */
  runCode(request: CodeRequest): Promise<CodeResult> {
    return this.sandbox.run(request);
  }

  async dispose(): Promise<void> {
    this.mcpSubscription?.dispose();
    this.externalChanges.dispose();
    this.schedules.dispose();
    this.servicePolls.dispose();
    this.retention.dispose();
    this.updates.dispose();
    await this.webhooks.dispose();
    this.executor.dispose();
    await this.sandbox.dispose();
    if (this.started) this.lease.release();
    this.started = false;
  }
}

const DEFAULT_CONCURRENCY = 1000;
const TRIGGER_HINT: Partial<Record<ExecutionRow['trigger'], string>> = { alert: 'an Alert trigger', error: 'an Error trigger' };
