import path from 'node:path';
import { DisposableStore, toDisposable } from '../../../shared/lifecycle/disposable';
import { createRouter, type Router } from '../../../shared/rpc/router';
import { ActivityLog } from './activity/activity-log';
import { appHandlers } from './app/app-handlers';
import { EventBus } from './events/event-bus';
import type { HostInfo } from './host-info';
import { createLogger, type Logger } from './logging/logger';
import { PreferencesService, type KeyValueStore } from './preferences/preferences-service';
import { preferencesHandlers } from './preferences/preferences-handlers';
import type { GatewayLaunch } from './mcp/config-export';
import { mcpHandlers } from './mcp/mcp-handlers';
import { McpService } from './mcp/mcp-service';
import { Redactor } from './redaction/redactor';
import { unavailableVault, type CredentialStore } from './secrets/secret-source';
import { Store } from './store/store';

export interface HostOptions {
  shell: HostInfo['shell'];
  dataDir: string;
  preferences: KeyValueStore;
  /** Where warnings and errors are echoed (already redacted), besides the log file. */
  echo?: (line: string) => void;
  /** The vault as its consumers see it; until one is given, every read says the vault is unavailable. */
  secrets?: CredentialStore;
  /** How AI clients launch `echelon mcp gateway` against this data dir (written into exported configs). */
  gatewayLaunch?: GatewayLaunch;
  /** The environment servers inherit from (tests give their own PATH or SHELL). */
  env?: NodeJS.ProcessEnv;
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
  readonly mcp: McpService;
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
  const mcp = disposables.add(
    new McpService({
      store,
      bus,
      redactor,
      logger,
      activity,
      secrets: options.secrets ?? unavailableVault(),
      env: options.env,
      gatewayLaunch: options.gatewayLaunch ?? { command: 'echelon', args: ['mcp', 'gateway', '--data-dir', options.dataDir] },
    }),
  );

  const router = createRouter(
    {
      ...appHandlers(store, activity, info),
      ...preferencesHandlers(preferences),
      ...mcpHandlers(mcp),
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
    mcp,
    dispose: () => disposables.dispose(),
  };
}
