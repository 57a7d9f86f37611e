import { activityLog } from './0001_activity_log';
import { mcp } from './0040_mcp';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration in order. Append only: an applied migration must never change. */
export const migrations: readonly Migration[] = [activityLog, mcp];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
