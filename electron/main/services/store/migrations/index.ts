import { activityLog } from './0001_activity_log';
import { workflows } from './0050_workflows';
import { executions } from './0051_executions';
import { schedules } from './0052_schedules';
import { engineLease } from './0053_engine_lease';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration in order. Append only: an applied migration must never change. */
export const migrations: readonly Migration[] = [activityLog, workflows, executions, schedules, engineLease];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
