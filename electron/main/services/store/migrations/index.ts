import { activityLog } from './0001_activity_log';
import { vault } from './0020_vault';
import { integrations } from './0030_integrations';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration in order. Append only: an applied migration must never change. */
export const migrations: readonly Migration[] = [activityLog, vault, integrations];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
