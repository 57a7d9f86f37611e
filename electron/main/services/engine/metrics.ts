import type { MetricsRow } from '../../../../shared/contract/executions';

/**
 * Duration histogram with logarithmic buckets (about 4% wide) from 1 µs to an hour: O(1) to
 * record, percentiles within a bucket's width, constant memory however many runs there are.
 */
class Histogram {
  private static readonly PER_DOUBLING = 16;
  private static readonly SIZE = Histogram.PER_DOUBLING * 32;
  private readonly buckets = new Float64Array(Histogram.SIZE);
  count = 0;

  record(ms: number): void {
    const us = Math.max(1, ms * 1000);
    const index = Math.min(Histogram.SIZE - 1, Math.floor(Math.log2(us) * Histogram.PER_DOUBLING));
    this.buckets[index]!++;
    this.count++;
  }

  /** In milliseconds. */
  percentile(q: number): number {
    if (this.count === 0) return 0;
    const target = q * this.count;
    let seen = 0;
    for (let i = 0; i < Histogram.SIZE; i++) {
      seen += this.buckets[i]!;
      if (seen >= target) return 2 ** ((i + 0.5) / Histogram.PER_DOUBLING) / 1000;
    }
    return 0;
  }
}

interface Series {
  name: string;
  succeeded: number;
  failed: number;
  durations: Histogram;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Counts, success rates and duration percentiles per workflow and per node type. */
export class EngineMetrics {
  /** Oldest run counted (runs recorded before a restart are counted again at start). */
  since = new Date();
  private readonly workflows = new Map<string, Series>();
  private readonly nodeTypes = new Map<string, Series>();

  private series(map: Map<string, Series>, key: string, name: string): Series {
    let series = map.get(key);
    if (!series) map.set(key, (series = { name, succeeded: 0, failed: 0, durations: new Histogram() }));
    else series.name = name;
    return series;
  }

  execution(workflowId: string, workflowName: string, ok: boolean, durationMs: number): void {
    const series = this.series(this.workflows, workflowId, workflowName);
    if (ok) series.succeeded++;
    else series.failed++;
    series.durations.record(durationMs);
  }

  step(nodeType: string, ok: boolean, durationMs: number): void {
    const series = this.series(this.nodeTypes, nodeType, nodeType);
    if (ok) series.succeeded++;
    else series.failed++;
    series.durations.record(durationMs);
  }

  private rows(map: Map<string, Series>): MetricsRow[] {
    return [...map.entries()]
      .map(([key, series]) => {
        const count = series.succeeded + series.failed;
        return {
          key,
          name: series.name,
          count,
          succeeded: series.succeeded,
          failed: series.failed,
          successRate: count === 0 ? 0 : round(series.succeeded / count),
          durationMs: { p50: round(series.durations.percentile(0.5)), p95: round(series.durations.percentile(0.95)), p99: round(series.durations.percentile(0.99)) },
        };
      })
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }

  workflowRows(): MetricsRow[] {
    return this.rows(this.workflows);
  }

  nodeTypeRows(): MetricsRow[] {
    return this.rows(this.nodeTypes);
  }
}
