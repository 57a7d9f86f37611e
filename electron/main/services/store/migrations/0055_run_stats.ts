import type { Migration } from './migration';

/**
 * Running aggregates of finished runs, per subject (a workflow, an agent, a node type) and per
 * time bucket: hourly rows cover the retention window, minute rows the last few hours (for the
 * "last hour" view). Durations are kept as logarithmic bins (`insights/duration-bins.ts`) so
 * percentiles hold over any range. Existing executions and steps are counted in once, here.
 */
export const runStats: Migration = {
  version: 55,
  name: 'run_stats',
  sql: `
    CREATE TABLE run_stats (
      span INTEGER NOT NULL,            -- bucket length in minutes: 60 or 1
      bucket INTEGER NOT NULL,          -- bucket start, epoch ms
      subject_kind TEXT NOT NULL,       -- 'workflow', 'agent', 'node-type'
      subject_id TEXT NOT NULL,
      subject_name TEXT NOT NULL,
      succeeded INTEGER NOT NULL DEFAULT 0,
      failed INTEGER NOT NULL DEFAULT 0,
      cancelled INTEGER NOT NULL DEFAULT 0,
      duration_ms INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (span, bucket, subject_kind, subject_id)
    ) WITHOUT ROWID;
    CREATE TABLE run_stats_bins (
      span INTEGER NOT NULL,
      bucket INTEGER NOT NULL,
      subject_kind TEXT NOT NULL,
      subject_id TEXT NOT NULL,
      bin INTEGER NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (span, bucket, subject_kind, subject_id, bin)
    ) WITHOUT ROWID;

    CREATE TEMP TABLE finished_runs AS
      SELECT workflow_id AS id, workflow_name AS name, (finished_at / 3600000) * 3600000 AS bucket, status,
        max(0, finished_at - coalesce(started_at, finished_at)) AS ms
      FROM executions WHERE finished_at IS NOT NULL AND status IN ('succeeded', 'failed', 'crashed', 'cancelled');
    INSERT INTO run_stats (span, bucket, subject_kind, subject_id, subject_name, succeeded, failed, cancelled, duration_ms)
      SELECT 60, bucket, 'workflow', id, max(name), sum(status = 'succeeded'), sum(status IN ('failed', 'crashed')), sum(status = 'cancelled'), sum(ms)
      FROM finished_runs GROUP BY bucket, id;
    INSERT INTO run_stats_bins (span, bucket, subject_kind, subject_id, bin, count)
      SELECT 60, bucket, 'workflow', id, CASE WHEN ms < 1 THEN 0 ELSE min(513, 1 + CAST(floor(log2(ms) * 16) AS INTEGER)) END AS bin, count(*)
      FROM finished_runs GROUP BY bucket, id, bin;
    DROP TABLE finished_runs;

    CREATE TEMP TABLE finished_steps AS
      SELECT node_type AS id, (finished_at / 3600000) * 3600000 AS bucket, status, max(0, finished_at - started_at) AS ms
      FROM execution_steps WHERE finished_at IS NOT NULL AND status IN ('succeeded', 'failed');
    INSERT INTO run_stats (span, bucket, subject_kind, subject_id, subject_name, succeeded, failed, cancelled, duration_ms)
      SELECT 60, bucket, 'node-type', id, id, sum(status = 'succeeded'), sum(status = 'failed'), 0, sum(ms)
      FROM finished_steps GROUP BY bucket, id;
    INSERT INTO run_stats_bins (span, bucket, subject_kind, subject_id, bin, count)
      SELECT 60, bucket, 'node-type', id, CASE WHEN ms < 1 THEN 0 ELSE min(513, 1 + CAST(floor(log2(ms) * 16) AS INTEGER)) END AS bin, count(*)
      FROM finished_steps GROUP BY bucket, id, bin;
    DROP TABLE finished_steps;
  `,
};
