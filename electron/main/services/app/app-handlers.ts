import { version } from '../../../../package.json';
import type { Handlers } from '../../../../shared/rpc/router';
import type { ActivityLog } from '../activity/activity-log';
import type { Store } from '../store/store';
import type { HostInfo } from '../host-info';

export function appHandlers(store: Store, activity: ActivityLog, info: HostInfo): Pick<Handlers, 'app.status' | 'app.activity'> {
  return {
    'app.status': () => ({
      version,
      shell: info.shell,
      dataDir: info.dataDir,
      databasePath: store.file,
      schemaVersion: store.schemaVersion,
      startedAt: info.startedAt,
      platform: `${process.platform}-${process.arch}`,
      nodeVersion: process.versions.node,
      counts: store.counts(),
    }),
    'app.activity': ({ limit }) => activity.list(limit),
  };
}
