import type Database from 'better-sqlite3';
import { durationBin } from './duration-bins';

/** What a run's statistics are kept under: a workflow, an agent, or (for steps) a node type. */
export type SubjectKind = 'workflow' | 'agent' | 'node-type';
export type Outcome = 'succeeded' | 'failed' | 'cancelled';

/** Bucket lengths in minutes: hourly rows for the retention window, minute rows for the last hours. */
export const HOUR_SPAN = 60;
export const MINUTE_SPAN = 1;
const MINUTE_ROWS_KEPT_MS = 3 * 3_600_000;
const PRUNE_EVERY_MS = 10 * 60_000;

interface Entry {
  kind: SubjectKind;
  id: string;
  name: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  durationMs: number;
  bins: Map<number, number>;
}

interface Bucket {
  span: number;
  start: number;
  entries: Map<string, Entry>;
}

/**
 * Running aggregates of finished runs in SQLite (`run_stats`, `run_stats_bins`): counts by
 * outcome, total duration and duration bins, per subject and per hour (and per minute for the
 * last hours). Changes are gathered in memory and written inside the engine's next commit, so
 * an execution and its place in the statistics are saved together, exactly once.
 *
 * Other runners (agents) record through the same `record()` and call `flush()` after their own
 * writes; the dashboard's insights then count them beside workflows.
 */
export class RunStats {
  /** Runs recorded since this process started (benchmarks watch it). */
  finished = 0;
  private buckets = new Map<string, Bucket>();
  private lastPrune = 0;
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    /** How long hourly rows are kept: the executions' retention age. */
    private readonly keepMs: number,
  ) {
    this.statements = {
      stats: db.prepare(`INSERT INTO run_stats (span, bucket, subject_kind, subject_id, subject_name, succeeded, failed, cancelled, duration_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (span, bucket, subject_kind, subject_id) DO UPDATE SET subject_name = excluded.subject_name,
          succeeded = succeeded + excluded.succeeded, failed = failed + excluded.failed, cancelled = cancelled + excluded.cancelled,
          duration_ms = duration_ms + excluded.duration_ms`),
      bin: db.prepare(`INSERT INTO run_stats_bins (span, bucket, subject_kind, subject_id, bin, count) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (span, bucket, subject_kind, subject_id, bin) DO UPDATE SET count = count + excluded.count`),
      pruneStats: db.prepare('DELETE FROM run_stats WHERE span = ? AND bucket < ?'),
      pruneBins: db.prepare('DELETE FROM run_stats_bins WHERE span = ? AND bucket < ?'),
    };
  }

  get pending(): boolean {
    return this.buckets.size > 0;
  }

  /** Counts one finished run (or, with `sign` -1, takes back one counted before: a retried run). */
  record(kind: SubjectKind, id: string, name: string, outcome: Outcome, durationMs: number, finishedAt: number, sign: 1 | -1 = 1): void {
    const ms = Math.max(0, Math.round(durationMs));
    this.add(HOUR_SPAN, finishedAt, kind, id, name, outcome, ms, sign);
    if (Date.now() - finishedAt < MINUTE_ROWS_KEPT_MS) this.add(MINUTE_SPAN, finishedAt, kind, id, name, outcome, ms, sign);
    if (kind !== 'node-type') this.finished += sign;
  }

  private add(span: number, at: number, kind: SubjectKind, id: string, name: string, outcome: Outcome, ms: number, sign: number): void {
    const length = span * 60_000;
    const start = at - (at % length);
    const bucketKey = `${span}:${start}`;
    let bucket = this.buckets.get(bucketKey);
    if (!bucket) this.buckets.set(bucketKey, (bucket = { span, start, entries: new Map() }));
    const key = `${kind}\u0000${id}`;
    let entry = bucket.entries.get(key);
    if (!entry) bucket.entries.set(key, (entry = { kind, id, name, succeeded: 0, failed: 0, cancelled: 0, durationMs: 0, bins: new Map() }));
    entry.name = name;
    entry[outcome] += sign;
    entry.durationMs += sign * ms;
    const bin = durationBin(ms);
    entry.bins.set(bin, (entry.bins.get(bin) ?? 0) + sign);
  }

  /** Writes what was gathered; call inside the transaction that saves the runs it counts. */
  write(now = Date.now()): void {
    if (this.buckets.size > 0) {
      const { stats, bin } = this.statements;
      for (const bucket of this.buckets.values()) {
        for (const entry of bucket.entries.values()) {
          stats.run(bucket.span, bucket.start, entry.kind, entry.id, entry.name, entry.succeeded, entry.failed, entry.cancelled, entry.durationMs);
          for (const [index, count] of entry.bins) if (count !== 0) bin.run(bucket.span, bucket.start, entry.kind, entry.id, index, count);
        }
      }
      this.buckets = new Map();
    }
    if (now - this.lastPrune >= PRUNE_EVERY_MS) this.prune(now);
  }

  /** Writes in a transaction of its own, for runners outside the engine's write buffer. */
  flush(): void {
    this.db.transaction(() => this.write())();
  }

  /** Drops hourly rows past the retention age and minute rows past a few hours. */
  prune(now = Date.now()): void {
    this.lastPrune = now;
    const { pruneStats, pruneBins } = this.statements;
    for (const [span, cutoff] of [
      [HOUR_SPAN, now - this.keepMs],
      [MINUTE_SPAN, now - MINUTE_ROWS_KEPT_MS],
    ] as const) {
      // Only buckets wholly before the cutoff go.
      pruneStats.run(span, cutoff - span * 60_000);
      pruneBins.run(span, cutoff - span * 60_000);
    }
  }
}
