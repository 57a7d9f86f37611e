import path from 'node:path';
import { DisposableStore, toDisposable } from '../../../shared/lifecycle/disposable';
import { createRouter, type Router } from '../../../shared/rpc/router';
import { ActivityLog } from './activity/activity-log';
import { agentsHandlers } from './agents/agents-handlers';
import { AgentsService } from './agents/agents-service';
import { agentSignals } from './agents/alerts/agent-signals';
import { appHandlers } from './app/app-handlers';
import { desktopHandlers } from './app/desktop-handlers';
import type { DesktopPort } from './app/desktop-port';
import { draftHandlers } from './drafts/draft-handlers';
import { DraftRepository } from './drafts/draft-repository';
import { engineHandlers } from './engine/engine-handlers';
import { insightsHandlers } from './insights/insights-handlers';
import { Engine } from './engine/engine';
import { activityNotifier } from './engine/activity-notifier';
import { integrationActions, integrationsHttp, supervisedMcp } from './engine/service-ports';
import type { AgentRunner, EnginePorts } from './engine/ports';
import { EventBus } from './events/event-bus';
import type { HostInfo } from './host-info';
import { headlessBrowserOpener, type BrowserOpener } from './integrations/auth/browser-opener';
import { integrationsHandlers } from './integrations/integrations-handlers';
import { IntegrationsService } from './integrations/integrations-service';
import { createLogger, type Logger } from './logging/logger';
import { PreferencesService, type KeyValueStore } from './preferences/preferences-service';
import { preferencesHandlers } from './preferences/preferences-handlers';
import type { GatewayLaunch } from './mcp/config-export';
import { mcpHandlers } from './mcp/mcp-handlers';
import { mcpGallerySource } from './mcp/mcp-gallery-source';
import { McpService } from './mcp/mcp-service';
import { Redactor } from './redaction/redactor';
import { PluginRegistry, type PluginSources } from './registry/plugin-registry';
import { sshHandlers } from './ssh/ssh-handlers';
import { Store } from './store/store';
import { createVault, type Vault, type VaultOptions } from './vault/vault';
import { vaultHandlers } from './vault/vault-handlers';
import { AlertsService, type AlertsServiceOptions } from './alerts/alerts-service';
import { alertsHandlers } from './alerts/alerts-handlers';
import { CrashReporter } from './logging/crash-reporter';
import { executionLogObserver } from './logging/execution-log-observer';
import { LogReader } from './logging/log-reader';
import { loggingHandlers } from './logging/logging-handlers';
import { telemetryHandlers } from './telemetry/telemetry-handlers';
import { TeamWorkersView } from './workers/team-workers-view';
import { workersHandlers } from './workers/workers-handlers';
import { TelemetryService } from './telemetry/telemetry-service';
import type { AuthRedirect } from './sync/auth/team-auth';
import { teamKinds } from './sync/kinds/team-kinds';
import { SyncService } from './sync/sync-service';
import { SyncStore } from './sync/sync-store';
import { teamHandlers } from './sync/team-handlers';

export interface HostOptions {
  shell: HostInfo['shell'];
  dataDir: string;
  preferences: KeyValueStore;
  /** Where warnings and errors are echoed (already redacted), besides the log file. */
  echo?: (line: string) => void;
  /** better-sqlite3's addon built for this runtime, when it is not the one in node_modules (Electron in development). */
  sqliteBinding?: string;
  /** What the shell adds to the vault: the OS keychain and the reveal dialog (desktop only). */
  vault?: Pick<VaultOptions, 'keychain' | 'revealPrompt' | 'scrypt'>;
  /** Opens the OAuth 2.0 authorization page: Electron's `shell.openExternal`; headless, print + the OS opener. */
  browser?: BrowserOpener;
  /** Plugins to load instead of the bundled `integrations/` folder (tests, tools run outside the bundler). */
  plugins?: PluginSources;
  /** How AI clients launch `echelon mcp gateway` against this data dir (written into exported configs). */
  gatewayLaunch?: GatewayLaunch;
  /** The environment servers inherit from (tests give their own PATH or SHELL). */
  env?: NodeJS.ProcessEnv;
  /** Replaces some of the engine's ports (desktop notifications from the Electron shell; tests). */
  enginePorts?: Partial<EnginePorts>;
  /** Engine tuning (queue capacity, concurrency, retention). */
  engine?: Pick<ConstructorParameters<typeof Engine>[0], 'executor' | 'retention'>;
  /** Alert evaluation: started by default except in one-shot CLI commands; tests tune its timing. */
  alerts?: Pick<AlertsServiceOptions, 'tickMs' | 'channelRate'> & { start?: boolean };
  /** `metrics: false` leaves runs unobserved by Prometheus metrics (the benchmark's baseline). */
  telemetry?: { metrics?: boolean };
  /** Records uncaught exceptions as crash reports (default: every shell but the CLI). */
  captureCrashes?: boolean;
  /** The desktop app's updater and crash dumps (absent headless). */
  desktop?: DesktopPort;
  /** Team sync: where OAuth sign-in returns (the desktop's deep link; loopback headless), tuning for tests. */
  team?: { redirect?: AuthRedirect; pollMs?: number; heartbeatIntervalMs?: number };
  /** Whether a person is looking at the app (desktop); approvals notify when not. */
  windowFocused?: () => boolean;
}

/** The composition root: every service, wired once, shared by Electron, `echelon serve` and the CLI. */
export interface Host {
  readonly router: Router;
  readonly bus: EventBus;
  readonly store: Store;
  readonly activity: ActivityLog;
  readonly redactor: Redactor;
  readonly logger: Logger;
  readonly vault: Vault;
  readonly info: HostInfo;
  readonly integrations: IntegrationsService;
  readonly mcp: McpService;
  /** Created with the host; started by the shells that run workflows (`start`). */
  readonly engine: Engine;
  readonly alerts: AlertsService;
  /** Prometheus metrics (`/metrics`) and OpenTelemetry tracing. */
  readonly telemetry: TelemetryService;
  /** `capture(error, { kind })`: the hook for guards against unhandled errors in the shells. */
  readonly crashes: CrashReporter;
  /** Team sync through Supabase; started with the shells that stay running. */
  readonly team: SyncService;
  /** Created with the host; `agents.start()` runs them, in the process that runs the engine. */
  readonly agents: AgentsService;
  dispose(): Promise<void>;
}

export function createHost(options: HostOptions): Host {
  const disposables = new DisposableStore();
  const bus = new EventBus();
  const store = new Store(options.dataDir, (tables) => bus.emit('store.changed', { tables }), options.sqliteBinding);
  disposables.add(toDisposable(() => store.close()));

  const redactor = new Redactor();
  const logger = createLogger({ dir: path.join(options.dataDir, 'logs'), redactor, echo: options.echo });
  const info: HostInfo = { shell: options.shell, dataDir: options.dataDir, startedAt: new Date().toISOString() };
  const activity = new ActivityLog(store.db, store.changes, (text) => redactor.redact(text));
  const preferences = new PreferencesService(options.preferences, bus);
  const plugins = new PluginRegistry(options.plugins);
  const vault = disposables.add(createVault({ store, bus, redactor, logger, activity, ...options.vault }));
  const integrations = new IntegrationsService({
    store,
    registry: plugins,
    credentials: vault,
    redactor,
    logger,
    activity,
    browser: options.browser ?? headlessBrowserOpener(options.echo ?? ((line) => process.stderr.write(`${line}\n`))),
  });
  disposables.add(integrations);
  // One-shot CLI commands do not run background health checks.
  if (options.shell !== 'cli') integrations.start();
  const mcp = disposables.add(
    new McpService({
      store,
      bus,
      redactor,
      logger,
      activity,
      secrets: vault,
      env: options.env,
      gatewayLaunch: options.gatewayLaunch ?? { command: 'echelon', args: ['mcp', 'gateway', '--data-dir', options.dataDir] },
      ssh: integrations.ssh,
    }),
  );
  disposables.add(integrations.addGallerySource(mcpGallerySource(mcp)));

  // The agents service is built after the engine (its workflow tools run workflows), so the engine's port reaches it late.
  const agentSteps: AgentRunner = { runStep: (request) => agents.steps.runStep(request), chat: (request) => agents.steps.chat(request), embed: (request) => agents.steps.embed(request) };
  const ports: EnginePorts = {
    http: integrationsHttp(integrations),
    mcp: supervisedMcp(mcp),
    mcpNotifications: supervisedMcp(mcp),
    integrations: integrationActions(integrations),
    secrets: vault,
    notifier: activityNotifier(activity),
    agents: agentSteps,
    ...options.enginePorts,
  };
  const engine = new Engine({
    store,
    dataDir: options.dataDir,
    redactor,
    registry: plugins,
    ports,
    emit: (updates) => bus.emit('executions.updated', updates),
    log: (level, message) => logger.log(level, 'engine', message),
    activity: (level, message) => activity.record(level, 'engine', message),
    ...options.engine,
  });
  disposables.add(engine);
  const agents = disposables.add(
    new AgentsService({ store, bus, redactor, activity, mcp, integrations, secrets: vault, engine, notifier: ports.notifier, windowFocused: options.windowFocused }),
  );

  disposables.add(engine.observers.add(executionLogObserver(logger)));

  const crashes = new CrashReporter({
    dir: path.join(options.dataDir, 'crashes'),
    redactor,
    logger,
    shell: options.shell,
    context: () => ({ runningExecutions: engine.executor.running, queueDepth: engine.executor.queue.depth }),
    onCaptured: () => store.changes.touched('crash_reports'),
  });
  if (options.captureCrashes ?? options.shell !== 'cli') disposables.add(crashes.watchProcess());

  const telemetry: TelemetryService = disposables.add(
    new TelemetryService({
      store,
      observers: engine.observers,
      redactor,
      secrets: vault,
      logger,
      shell: options.shell,
      env: options.env,
      metrics: options.telemetry?.metrics,
      sources: {
        queue: () => {
          const stats = engine.executor.queue.stats();
          const { executor } = engine;
          return { depth: executor.queue.depth, ready: stats.ready, running: executor.running, lagMs: stats.lagMs, capacity: executor.config.capacity, deadLetter: engine.executions.deadLetterCount(), refused: executor.refused, deduplicated: executor.deduplicated };
        },
        mcpServers: () => mcp.list().map((server) => ({ name: server.name, up: server.runtime.status === 'running' || server.runtime.status === 'degraded', restarts: server.runtime.restarts })),
        connections: () => integrations.connections.list().map((connection) => ({ name: connection.name, integration: connection.pluginId, up: connection.status === 'connected', responseMs: connection.lastResponseMs })),
        alertsFiring: () => alerts.summary(),
      },
    }),
  );
  disposables.add(mcp.onToolCall((call) => telemetry.metrics.toolCall(call.server, call.tool, call.outcome, call.durationMs / 1000)));
  disposables.add(bus.on('vault.status', () => telemetry.tracing.retryIfWaiting()));
  void telemetry.start();

  const alerts: AlertsService = disposables.add(
    new AlertsService({ store, bus, engine, mcp, integrations, vault, notifier: ports.notifier, logger, activity, redactor, metrics: telemetry.metrics, ...options.alerts }),
  );
  for (const signal of agentSignals(store.db)) disposables.add(alerts.registerSignal(signal));
  if (options.alerts?.start ?? options.shell !== 'cli') alerts.start();

  const syncLocal = new SyncStore(store.db, store.changes);
  const syncLog = (message: string) => activity.record('warn', 'sync', message);
  const team = disposables.add(
    new SyncService({
      store,
      bus,
      vault,
      local: syncLocal,
      registry: teamKinds({ store, local: syncLocal, engine, mcp, agents, redact: (text) => redactor.redact(text), log: syncLog }),
      browser: options.browser ?? headlessBrowserOpener(options.echo ?? ((line) => process.stderr.write(`${line}\n`))),
      redirect: options.team?.redirect,
      pollMs: options.team?.pollMs,
      heartbeatIntervalMs: options.team?.heartbeatIntervalMs,
      log: (level, message) => logger.log(level, 'sync', message),
    }),
  );
  if (options.shell !== 'cli') void team.start().catch((error: unknown) => logger.error('sync', 'Team sync did not start', { error: String(error) }));
  const teamWorkers = new TeamWorkersView(() => team.teamClient());
  disposables.add(alerts.registerSignal(teamWorkers.signal()));
  if (options.shell !== 'cli') disposables.add(teamWorkers.follow());

  const router = createRouter(
    {
      ...appHandlers(store, activity, info),
      ...preferencesHandlers(preferences),
      ...draftHandlers(new DraftRepository(store.db, store.changes)),
      ...vaultHandlers(vault),
      ...integrationsHandlers(integrations, redactor),
      ...mcpHandlers(mcp),
      ...engineHandlers(engine),
      ...alertsHandlers(alerts),
      ...telemetryHandlers(telemetry),
      ...loggingHandlers(new LogReader(() => logger.files()), crashes),
      ...sshHandlers(integrations.ssh),
      ...desktopHandlers(options.desktop),
      ...teamHandlers(team),
      ...insightsHandlers(engine),
      ...agentsHandlers(agents),
      ...workersHandlers(teamWorkers),
    },
    {
      redact: (text) => redactor.redact(text),
      onInternalError: (method, error) => logger.error('router', `${method} failed`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    },
  );

  return {
    router,
    bus,
    store,
    activity,
    redactor,
    logger,
    vault,
    info,
    integrations,
    mcp,
    engine,
    alerts,
    telemetry,
    crashes,
    team,
    agents,
    dispose: () => disposables.dispose(),
  };
}
