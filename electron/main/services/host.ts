import path from 'node:path';
import { DisposableStore, toDisposable } from '../../../shared/lifecycle/disposable';
import { createRouter, type Router } from '../../../shared/rpc/router';
import { ActivityLog } from './activity/activity-log';
import { appHandlers } from './app/app-handlers';
import { engineHandlers } from './engine/engine-handlers';
import { Engine } from './engine/engine';
import { FetchHttpClient } from './engine/fetch-http-client';
import { unavailableMcp, unavailableSecrets, activityNotifier } from './engine/placeholder-ports';
import type { EnginePorts } from './engine/ports';
import { EventBus } from './events/event-bus';
import type { HostInfo } from './host-info';
import { createLogger, type Logger } from './logging/logger';
import { PreferencesService, type KeyValueStore } from './preferences/preferences-service';
import { preferencesHandlers } from './preferences/preferences-handlers';
import { Redactor } from './redaction/redactor';
import { PluginRegistry } from './registry/plugin-registry';
import { Store } from './store/store';

export interface HostOptions {
  shell: HostInfo['shell'];
  dataDir: string;
  preferences: KeyValueStore;
  /** Where warnings and errors are echoed (already redacted), besides the log file. */
  echo?: (line: string) => void;
  /** Replaces the engine's ports (tests, and the MCP supervisor, integrations and vault once wired). */
  enginePorts?: Partial<EnginePorts>;
  /** The plugin registry (default: the plugins bundled at build time). */
  plugins?: PluginRegistry;
  /** Engine tuning (queue capacity, concurrency, retention). */
  engine?: Pick<ConstructorParameters<typeof Engine>[0], 'executor' | 'retention'>;
}

/** The composition root: every service, wired once, shared by Electron, `echelon serve` and the CLI. */
export interface Host {
  readonly router: Router;
  readonly bus: EventBus;
  readonly store: Store;
  readonly activity: ActivityLog;
  readonly redactor: Redactor;
  readonly logger: Logger;
  readonly info: HostInfo;
  /** Created with the host; started by the shells that run workflows (`start`). */
  readonly engine: Engine;
  dispose(): Promise<void>;
}

export function createHost(options: HostOptions): Host {
  const disposables = new DisposableStore();
  const bus = new EventBus();
  const store = new Store(options.dataDir, (tables) => bus.emit('store.changed', { tables }));
  disposables.add(toDisposable(() => store.close()));

  const redactor = new Redactor();
  const logger = createLogger({ dir: path.join(options.dataDir, 'logs'), redactor, echo: options.echo });
  const info: HostInfo = { shell: options.shell, dataDir: options.dataDir, startedAt: new Date().toISOString() };
  const activity = new ActivityLog(store.db, store.changes, (text) => redactor.redact(text));
  const preferences = new PreferencesService(options.preferences, bus);
  const plugins = options.plugins ?? new PluginRegistry();

  const ports: EnginePorts = {
    http: new FetchHttpClient(),
    // The MCP supervisor and the vault implement these on their branches; until then calls say so.
    mcp: unavailableMcp,
    secrets: unavailableSecrets,
    notifier: activityNotifier(activity),
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

  const router = createRouter(
    {
      ...appHandlers(store, activity, info),
      ...preferencesHandlers(preferences),
      ...engineHandlers(engine),
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
    info,
    engine,
    dispose: () => disposables.dispose(),
  };
}
