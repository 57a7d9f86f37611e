import type Database from 'better-sqlite3';
import type { MetricsRow } from '../../../../shared/contract/executions';
import { percentileOfBins } from './duration-bins';
import type { SubjectKind } from './run-stats';

export interface Window {
  span: number;
  /** Bucket starts, epoch ms: [from, to). */
  from: number;
  to: number;
}

export interface Counts {
  succeeded: number;
  failed: number;
  cancelled: number;
  durationMs: number;
}

export interface SubjectCounts extends Counts {
  id: string;
  name: string;
  bins: Array<{ bin: number; count: number }>;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Reads the running aggregates: totals, per-subject rows with percentiles, and series. */
export class RunStatsReader {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      subjects: db.prepare(`SELECT subject_id AS id, max(subject_name) AS name, sum(succeeded) AS succeeded, sum(failed) AS failed, sum(cancelled) AS cancelled,
          sum(duration_ms) AS durationMs
        FROM run_stats WHERE span = ? AND bucket >= ? AND bucket < ? AND subject_kind = ? GROUP BY subject_id`),
      bins: db.prepare(`SELECT subject_id AS id, bin, sum(count) AS count FROM run_stats_bins
        WHERE span = ? AND bucket >= ? AND bucket < ? AND subject_kind = ? GROUP BY subject_id, bin ORDER BY subject_id, bin`),
      series: db.prepare(`SELECT bucket, sum(succeeded) AS succeeded, sum(failed) AS failed, sum(cancelled) AS cancelled
        FROM run_stats WHERE span = ? AND bucket >= ? AND bucket < ? AND subject_kind IN ('workflow', 'agent') GROUP BY bucket`),
      oldest: db.prepare("SELECT min(bucket) FROM run_stats WHERE span = 60 AND subject_kind = 'workflow'").pluck(),
    };
  }

  /** Every subject of a kind with runs in the window, with its duration bins. */
  subjects(kind: SubjectKind, window: Window): SubjectCounts[] {
    const rows = this.statements.subjects.all(window.span, window.from, window.to, kind) as Array<Omit<SubjectCounts, 'bins'>>;
    const bins = new Map<string, Array<{ bin: number; count: number }>>();
    for (const row of this.statements.bins.iterate(window.span, window.from, window.to, kind) as Iterable<{ id: string; bin: number; count: number }>) {
      if (row.count <= 0) continue;
      let list = bins.get(row.id);
      if (!list) bins.set(row.id, (list = []));
      list.push({ bin: row.bin, count: row.count });
    }
    return rows.map((row) => ({ ...row, bins: bins.get(row.id) ?? [] }));
  }

  /** Runs per bucket in the window (workflows and agents together). */
  series(window: Window): Array<{ bucket: number; succeeded: number; failed: number; cancelled: number }> {
    return this.statements.series.all(window.span, window.from, window.to) as never;
  }

  /** The oldest hour with a counted run, if any. */
  oldest(): number | undefined {
    return (this.statements.oldest.get() as number | null) ?? undefined;
  }

  /** Per workflow or node type over every kept hour: count, success rate, p50/p95/p99. */
  metricsRows(kind: SubjectKind): MetricsRow[] {
    return this.subjects(kind, { span: 60, from: 0, to: Number.MAX_SAFE_INTEGER })
      .map((row) => {
        const count = row.succeeded + row.failed + row.cancelled;
        const at = (q: number) => round(percentileOfBins(row.bins, q) ?? 0);
        return {
          key: row.id,
          name: row.name,
          count,
          succeeded: row.succeeded,
          failed: row.failed,
          successRate: count === 0 ? 0 : round(row.succeeded / count),
          durationMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99) },
        };
      })
      .filter((row) => row.count > 0)
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }
}

/** Sums subjects' counts and bins. */
export function combine(rows: readonly SubjectCounts[]): Counts & { bins: Array<{ bin: number; count: number }> } {
  const bins = new Map<number, number>();
  const total = { succeeded: 0, failed: 0, cancelled: 0, durationMs: 0 };
  for (const row of rows) {
    total.succeeded += row.succeeded;
    total.failed += row.failed;
    total.cancelled += row.cancelled;
    total.durationMs += row.durationMs;
    for (const { bin, count } of row.bins) bins.set(bin, (bins.get(bin) ?? 0) + count);
  }
  return { ...total, bins: [...bins.entries()].sort((a, b) => a[0] - b[0]).map(([bin, count]) => ({ bin, count })) };
}
