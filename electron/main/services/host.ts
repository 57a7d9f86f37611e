import { DisposableStore, toDisposable } from '../../../shared/lifecycle/disposable';
import { createRouter, type Router } from '../../../shared/rpc/router';
import { ActivityLog } from './activity/activity-log';
import { appHandlers } from './app/app-handlers';
import { EventBus } from './events/event-bus';
import type { HostInfo } from './host-info';
import { PreferencesService, type KeyValueStore } from './preferences/preferences-service';
import { preferencesHandlers } from './preferences/preferences-handlers';
import { Store } from './store/store';

export interface HostOptions {
  shell: HostInfo['shell'];
  dataDir: string;
  preferences: KeyValueStore;
  /** Where unexpected failures are logged (already redacted). Defaults to stderr. */
  log?: (line: string) => void;
}

/** The composition root: every service, wired once, shared by Electron, `echelon serve` and the CLI. */
export interface Host {
  readonly router: Router;
  readonly bus: EventBus;
  readonly store: Store;
  readonly activity: ActivityLog;
  readonly info: HostInfo;
  dispose(): Promise<void>;
}

export function createHost(options: HostOptions): Host {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const disposables = new DisposableStore();
  const bus = new EventBus();
  const store = new Store(options.dataDir, (tables) => bus.emit('store.changed', { tables }));
  disposables.add(toDisposable(() => store.close()));

  const info: HostInfo = { shell: options.shell, dataDir: options.dataDir, startedAt: new Date().toISOString() };
  const activity = new ActivityLog(store.db, store.changes);
  const preferences = new PreferencesService(options.preferences, bus);

  const router = createRouter(
    {
      ...appHandlers(store, activity, info),
      ...preferencesHandlers(preferences),
    },
    {
      onInternalError: (method, error) => log(`[echelon] ${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    },
  );

  return {
    router,
    bus,
    store,
    activity,
    info,
    dispose: () => disposables.dispose(),
  };
}
