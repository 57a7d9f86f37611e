import type { Alert, AlertChannel, AlertKindInfo, AlertRule, WorkflowHealth, WorkflowHealthRow } from '../../../../shared/contract/alerts';
import { EchelonError } from '../../../../shared/contract/errors';
import { MCP_RUNTIME } from '../../../../shared/contract/mcp';
import { DisposableStore, type Disposable } from '../../../../shared/lifecycle/disposable';
import type { ActivityLog } from '../activity/activity-log';
import type { Engine } from '../engine/engine';
import type { ExecutionObserver } from '../engine/observer';
import type { Notifier } from '../engine/ports';
import type { EventBus } from '../events/event-bus';
import type { IntegrationsService } from '../integrations/integrations-service';
import type { Logger } from '../logging/logger';
import type { McpService } from '../mcp/mcp-service';
import type { Redactor } from '../redaction/redactor';
import type { Store } from '../store/store';
import type { EchelonMetrics } from '../telemetry/metrics/echelon-metrics';
import { KeyValues } from '../telemetry/key-values';
import type { Vault } from '../vault/vault';
import { vaultErrors } from '../vault/vault-errors';
import { AlertMonitor, type EvaluationResult } from './alert-monitor';
import { AlertRepository, type AlertFilter } from './alert-repository';
import { ChannelRepository, type ParsedChannel } from './channel-repository';
import { desktopChannel } from './channels/desktop-channel';
import { Dispatcher, type ChannelRate } from './channels/dispatcher';
import { emailChannel } from './channels/email-channel';
import { slackChannel } from './channels/slack-channel';
import { webhookChannel } from './channels/webhook-channel';
import { workflowChannel } from './channels/workflow-channel';
import { seedDefaults } from './default-rules';
import { RuleRepository, type ParsedRule } from './rule-repository';
import { connectionSignal } from './signals/connection-signals';
import { McpWatch } from './signals/mcp-signals';
import { queueSignals } from './signals/queue-signals';
import type { AlertSignal } from './signals/signal';
import { VaultWaits } from './signals/vault-signal';
import { WorkflowSignals } from './signals/workflow-signals';
import { healthOverview, workflowHealth, type HealthSources } from './workflow-health';

export interface AlertsServiceOptions {
  store: Store;
  bus: EventBus;
  engine: Engine;
  mcp: McpService;
  integrations: IntegrationsService;
  vault: Vault;
  notifier: Notifier;
  logger: Logger;
  activity: ActivityLog;
  redactor: Redactor;
  metrics?: EchelonMetrics;
  /** Every rule is evaluated at least this often (time passes: windows slide, servers stay down). */
  tickMs?: number;
  /** Notices a channel gets per period before the rest go out as one digest. */
  channelRate?: ChannelRate;
}

/** Tables whose change may move a rule's value: evaluation follows them closely. */
const WATCHED = new Set(['executions', MCP_RUNTIME, 'integration_health', 'integration_connections', 'vault_meta', 'alert_rules', 'agent_tasks']);
const DEBOUNCE_MS = 400;
const DEFAULT_TICK_MS = 15_000;

/**
 * Alerts an operator can trust: rules over the engine's runs, the queue, MCP servers,
 * connections and the vault, each firing once and resolving once with a cooldown between;
 * an inbox with the history; channels (desktop, Slack, email, webhook, a workflow) told of
 * each change. Other services add kinds of rule with `registerSignal`.
 */
export class AlertsService implements Disposable {
  readonly rules: RuleRepository;
  readonly channels: ChannelRepository;
  readonly alerts: AlertRepository;
  readonly monitor: AlertMonitor;
  readonly observer: ExecutionObserver;
  private readonly workflowSignals: WorkflowSignals;
  private readonly mcpWatch: McpWatch;
  private readonly dispatcher: Dispatcher;
  private readonly values: KeyValues;
  private readonly disposables = new DisposableStore();
  private debounce: NodeJS.Timeout | undefined;
  private tick: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly options: AlertsServiceOptions) {
    const { store, engine, integrations, vault } = options;
    this.rules = new RuleRepository(store.db, store.changes);
    this.channels = new ChannelRepository(store.db, store.changes);
    this.alerts = new AlertRepository(store.db, store.changes);
    this.values = new KeyValues(store.db, store.changes);
    this.dispatcher = new Dispatcher({
      channels: this.channels,
      alerts: this.alerts,
      redact: (text) => options.redactor.redact(text),
      log: (level, message) => options.logger.log(level, 'alerts', message),
      rate: options.channelRate,
      senders: {
        desktop: desktopChannel(options.notifier),
        slack: slackChannel(integrations),
        email: emailChannel(vault),
        webhook: webhookChannel(integrations, vault),
        workflow: workflowChannel(engine),
      },
    });
    this.monitor = new AlertMonitor({
      rules: this.rules,
      alerts: this.alerts,
      changed: (event, alert, rule) => this.changed(event, alert, rule?.channelIds ?? []),
      log: (level, message) => options.logger.log(level, 'alerts', message),
    });
    this.workflowSignals = new WorkflowSignals(store.db, (workflowId) => engine.workflows.resolve(workflowId) !== undefined);
    const vaultWaits = new VaultWaits(() => vault.status().state === 'locked', vaultErrors.locked().message.split(':')[0]!);
    this.mcpWatch = new McpWatch(() => Math.max(60_000, ...this.rules.all().filter((rule) => rule.kind === 'mcp_crash_loop').map((rule) => rule.windowSeconds * 1000)));
    this.observer = {
      finished: (row) => this.workflowSignals.observer.finished!(row),
      stepChanged: (row, step, name) => vaultWaits.observer.stepChanged!(row, step, name),
    };
    for (const signal of [
      ...this.workflowSignals.signals,
      ...queueSignals(() => (engine.isStarted ? { depth: engine.executor.queue.depth, lagMs: engine.executor.queue.stats().lagMs } : undefined)),
      ...this.mcpWatch.signals(),
      connectionSignal(
        () => integrations.connections.list(),
        (id, limit) => integrations.health.recent(id, limit),
      ),
      vaultWaits.signal(),
    ]) {
      this.monitor.register(signal);
    }
    this.disposables.add(engine.observers.add(this.observer));
  }

  /** Seeds the default rules once, reads recent runs back, then evaluates on every relevant change and on a timer. */
  start(): void {
    if (this.started) return;
    this.started = true;
    seedDefaults(this.rules, this.channels, this.values);
    this.workflowSignals.seed();
    this.watchMcp();
    this.disposables.add(
      this.options.bus.on('store.changed', ({ tables }) => {
        if (tables.includes(MCP_RUNTIME)) this.watchMcp();
        if (tables.some((table) => WATCHED.has(table))) this.schedule();
      }),
    );
    this.disposables.add(this.options.bus.on('vault.status', () => this.schedule()));
    this.tick = setInterval(() => this.evaluate(), this.options.tickMs ?? DEFAULT_TICK_MS);
    this.tick.unref();
    this.evaluate();
  }

  private watchMcp(): void {
    const readings = this.options.mcp.list().map((server) => ({ id: server.id, name: server.name, status: server.runtime.status, restarts: server.runtime.restarts }));
    this.mcpWatch.observe(readings, Date.now());
  }

  private schedule(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.evaluate();
    }, DEBOUNCE_MS);
    this.debounce.unref();
  }

  evaluate(): EvaluationResult {
    return this.monitor.evaluate(Date.now());
  }

  private changed(event: 'fired' | 'resolved', alert: Alert, channelIds: readonly string[]): void {
    const { bus, logger, activity, metrics } = this.options;
    if (event === 'fired') {
      bus.emit('alerts.fired', { id: alert.id, title: alert.title, severity: alert.severity, message: alert.message });
      metrics?.alertFired(alert.kind, alert.severity);
      logger.log(alert.severity === 'critical' ? 'error' : 'warn', 'alerts', `Alert fired: ${alert.title}`, { alertId: alert.id, ...(alert.workflowId ? { workflowId: alert.workflowId } : {}) });
      activity.record(alert.severity === 'critical' ? 'error' : 'warn', 'alerts', `${alert.title}: ${alert.message}`);
    } else {
      bus.emit('alerts.resolved', { id: alert.id, title: alert.title });
      logger.info('alerts', `Alert resolved: ${alert.title}`, { alertId: alert.id });
      activity.record('info', 'alerts', `Resolved: ${alert.title}`);
    }
    void this.dispatcher.dispatch(event, alert, channelIds);
  }

  /**
   * Adds a kind of rule, measured by the service that owns the data (agents: a task failure
   * rate; workers: missing heartbeats). How to write one:
   * - `signal.info` describes the kind to the rule form and `alerts.kinds`: `kind` is its id
   *   (snake_case, unique: registering a taken kind throws), with label, description, unit,
   *   scope (`workflow` only when a rule may watch one workflow), subject and the defaults the
   *   form starts from. Rules name the kind as a string, so the contract needs no change.
   * - `signal.measure(scope, now)` returns one `Measurement` per subject (an agent, a worker):
   *   `subjectKey` stable across calls (`agent:<id>`), so each subject has at most one open
   *   alert per rule; `value` compared with the rule's threshold (at or above fires);
   *   `samples` the observations behind it (rules ask for `minSamples`). It runs on every
   *   evaluation of every enabled rule of the kind: read what is in memory, no I/O, no throw
   *   (a throw is logged once and the rule skipped).
   * - Ready-made shapes in `signals/outcome-signals.ts`: `failureRateSignal`,
   *   `failureCountSignal`, `p95DurationSignal` over an `OutcomeWindow` you `record()` into,
   *   and `secondsSinceSignal` for "not heard from for N seconds" (heartbeats).
   * - Rules are evaluated every `tickMs` (15 s) and soon after runs, MCP servers, connections
   *   or the vault change; call `measurementsChanged()` when your data changes to be judged
   *   within a moment instead of at the next tick.
   * - Firing once, resolving once, cooldowns, channels and history are the alerts service's:
   *   a signal only measures. Dispose of the returned handle when the owning service stops.
   */
  registerSignal(signal: AlertSignal): Disposable {
    return this.monitor.register(signal);
  }

  /** Asks for an evaluation soon (debounced), after data a registered signal measures changed. */
  measurementsChanged(): void {
    if (this.started) this.schedule();
  }

  kinds(): AlertKindInfo[] {
    return this.monitor.kinds();
  }

  list(filter: AlertFilter) {
    return this.alerts.list(filter);
  }

  summary() {
    return this.alerts.summary();
  }

  markRead(ids: readonly number[] | 'all'): number {
    return this.alerts.markRead(ids, Date.now());
  }

  // ---------------------------------------------------------------- rules

  listRules(workflowId?: string): AlertRule[] {
    const firing = this.alerts.firing();
    return this.rules
      .all()
      .filter((rule) => workflowId === undefined || rule.workflowId === workflowId || rule.workflowId === null)
      .map((rule) => ({ ...rule, firing: firing.filter((alert) => alert.ruleId === rule.id).length }));
  }

  saveRule(input: ParsedRule): AlertRule {
    const signal = this.monitor.signal(input.kind);
    if (!signal) throw new EchelonError('invalid_input', `Unknown kind of rule "${input.kind}": choose one of ${this.kinds().map((kind) => kind.kind).join(', ')}.`, { path: 'kind' });
    if (input.workflowId !== null) {
      if (signal.info.scope !== 'workflow') throw new EchelonError('invalid_input', `A "${signal.info.label}" rule watches ${signal.info.subject}s, not one workflow: make it global.`, { path: 'workflowId' });
      if (!this.options.engine.workflows.resolve(input.workflowId)) throw new EchelonError('not_found', `No workflow "${input.workflowId}".`, { path: 'workflowId' });
    }
    if (signal.info.unit === 'ratio' && input.threshold > 1) throw new EchelonError('invalid_input', 'A rate threshold is between 0 and 1 (0.5 is 50 %).', { path: 'threshold' });
    const missing = input.channelIds.find((id) => !this.channels.find(id));
    if (missing) throw new EchelonError('not_found', `No alert channel "${missing}".`, { path: 'channelIds' });
    const saved = this.rules.save(input);
    this.schedule();
    return { ...saved, firing: this.alerts.open(saved.id).length };
  }

  deleteRule(id: string): boolean {
    const removed = this.rules.remove(id);
    if (removed) this.evaluate();
    return removed;
  }

  // ---------------------------------------------------------------- channels

  listChannels(): AlertChannel[] {
    return this.channels.all().map((channel) => ({ ...channel, lastDelivery: this.alerts.lastDelivery(channel.id) }));
  }

  saveChannel(input: ParsedChannel): AlertChannel {
    const { config } = input;
    if (config.type === 'slack') {
      const connection = this.options.integrations.connections.get(config.connectionId);
      if (connection.pluginId !== 'slack') throw new EchelonError('invalid_input', `Connection "${connection.name}" is not a Slack connection.`, { path: 'config.connectionId' });
    }
    if (config.type === 'workflow' && !this.options.engine.workflows.resolve(config.workflowId)) {
      throw new EchelonError('not_found', `No workflow "${config.workflowId}".`, { path: 'config.workflowId' });
    }
    const saved = this.channels.save(input);
    return { ...saved, lastDelivery: this.alerts.lastDelivery(saved.id) };
  }

  deleteChannel(id: string): boolean {
    const removed = this.channels.remove(id);
    if (removed) this.rules.dropChannel(id);
    return removed;
  }

  testChannel(id: string) {
    return this.dispatcher.test(id);
  }

  // ---------------------------------------------------------------- health

  private healthSources(): HealthSources {
    return { monitor: this.monitor, rules: () => this.rules.all(), firing: () => this.alerts.firing(), window: this.workflowSignals.window, db: this.options.store.db };
  }

  health(workflowId: string): WorkflowHealth {
    const workflow = this.options.engine.workflows.require(workflowId);
    return workflowHealth(this.healthSources(), workflow, Date.now());
  }

  healthOverview(): WorkflowHealthRow[] {
    return healthOverview(this.healthSources(), this.options.engine.workflows.list(), Date.now());
  }

  /** Resolves once every channel delivery started so far has finished. */
  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  async dispose(): Promise<void> {
    clearTimeout(this.debounce);
    clearInterval(this.tick);
    this.disposables.dispose();
    await this.dispatcher.dispose();
  }
}


