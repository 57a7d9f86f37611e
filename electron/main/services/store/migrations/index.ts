import { activityLog } from './0001_activity_log';
import { workflowDrafts } from './0060_workflow_drafts';
import { vault } from './0020_vault';
import { integrations } from './0030_integrations';
import { mcp } from './0040_mcp';
import { sshKnownHosts } from './0041_ssh_known_hosts';
import { workflows } from './0050_workflows';
import { executions } from './0051_executions';
import { schedules } from './0052_schedules';
import { engineLease } from './0053_engine_lease';
import { executionAttempts } from './0054_execution_attempts';
import { teamSync } from './0080_team_sync';
import { serviceTriggerCursors } from './0115_service_trigger_cursors';
import { observability } from './0090_observability';
import { runStats } from './0055_run_stats';
import { agents } from './0070_agents';
import type { Migration } from './migration';
import { workflowStaticData } from './0110_workflow_static_data';

export type { Migration } from './migration';

/** Every migration in order. Append only: an applied migration must never change. */
/** Versions are numbered in ranges per domain; the list is kept sorted by version. */
export const migrations: readonly Migration[] = [activityLog, vault, integrations, mcp, workflows, executions, schedules, engineLease, workflowDrafts, executionAttempts, teamSync, sshKnownHosts, serviceTriggerCursors, workflowStaticData, observability, runStats, agents].sort((a, b) => a.version - b.version);

export const LATEST_SCHEMA_VERSION = Math.max(0, ...migrations.map((migration) => migration.version));
