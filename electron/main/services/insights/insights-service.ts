import type { InsightsRange, InsightsSummary, PeriodFigures, SubjectInsights } from '../../../../shared/contract/insights';
import { percentileOfBins } from './duration-bins';
import { combine, type RunStatsReader, type SubjectCounts, type Window } from './run-stats-reader';
import { HOUR_SPAN, MINUTE_SPAN } from './run-stats';

const MINUTE = 60_000;

/** Each range: how long, which rows it reads, and how many buckets one point of the series sums. */
const RANGES: Record<InsightsRange, { buckets: number; span: number; perPoint: number }> = {
  '1h': { buckets: 60, span: MINUTE_SPAN, perPoint: 5 },
  '24h': { buckets: 24, span: HOUR_SPAN, perPoint: 1 },
  '7d': { buckets: 168, span: HOUR_SPAN, perPoint: 6 },
  '30d': { buckets: 720, span: HOUR_SPAN, perPoint: 24 },
};

export interface InsightsSources {
  reader: RunStatsReader;
  /** Minutes one successful run of a workflow saves (its setting), if set. */
  timeSaved(workflowId: string): number | undefined;
}

/** The range's window ending with the bucket `now` falls in, and the window before it. */
export function windows(range: InsightsRange, now: number): { current: Window; previous: Window } {
  const { buckets, span } = RANGES[range];
  const length = span * MINUTE;
  const end = now - (now % length) + length;
  const from = end - buckets * length;
  return { current: { span, from, to: end }, previous: { span, from: from - buckets * length, to: from } };
}

function figures(counts: ReturnType<typeof combine>, timeSavedMinutes: number): PeriodFigures {
  const runs = counts.succeeded + counts.failed + counts.cancelled;
  return {
    runs,
    succeeded: counts.succeeded,
    failed: counts.failed,
    cancelled: counts.cancelled,
    failureRate: runs === 0 ? null : counts.failed / runs,
    avgMs: runs === 0 ? null : counts.durationMs / runs,
    p95Ms: percentileOfBins(counts.bins, 0.95),
    timeSavedMinutes,
  };
}

/**
 * The dashboard's insights from the running aggregates: a period's figures against the one
 * before, per workflow and agent, and a series to chart. Exact counts over any kept range;
 * percentiles within a duration bin's width (about 4%).
 */
export class InsightsService {
  constructor(private readonly sources: InsightsSources) {}

  summary(range: InsightsRange, now = Date.now()): InsightsSummary {
    const { reader } = this.sources;
    const { current, previous } = windows(range, now);
    const read = (window: Window) => [...reader.subjects('workflow', window).map((row) => ({ kind: 'workflow' as const, row })), ...reader.subjects('agent', window).map((row) => ({ kind: 'agent' as const, row }))];
    const counted = read(current);
    const before = new Map(read(previous).map(({ kind, row }) => [`${kind}:${row.id}`, row]));
    let configured = false;
    const saved = (kind: string, row: SubjectCounts | undefined) => {
      if (!row || kind !== 'workflow') return 0;
      const minutes = this.sources.timeSaved(row.id);
      if (minutes !== undefined) configured = true;
      return (minutes ?? 0) * row.succeeded;
    };
    const empty: SubjectCounts = { id: '', name: '', succeeded: 0, failed: 0, cancelled: 0, durationMs: 0, bins: [] };
    const subjects: SubjectInsights[] = counted.map(({ kind, row }) => {
      const earlier = before.get(`${kind}:${row.id}`);
      return {
        kind,
        id: row.id,
        name: row.name,
        ...figures(combine([row]), saved(kind, row)),
        previous: figures(combine([earlier ?? empty]), saved(kind, earlier)),
      };
    });
    subjects.sort((a, b) => b.runs - a.runs || a.name.localeCompare(b.name));
    const previousRows = [...before.entries()];
    return {
      range,
      from: new Date(current.from).toISOString(),
      to: new Date(current.to).toISOString(),
      previousFrom: new Date(previous.from).toISOString(),
      current: figures(combine(counted.map(({ row }) => row)), subjects.reduce((sum, subject) => sum + subject.timeSavedMinutes, 0)),
      previous: figures(
        combine(previousRows.map(([, row]) => row)),
        previousRows.reduce((sum, [key, row]) => sum + saved(key.split(':')[0]!, row), 0),
      ),
      series: this.series(range, current),
      subjects,
      timeSavedConfigured: configured,
    };
  }

  private series(range: InsightsRange, window: Window): InsightsSummary['series'] {
    const { perPoint, span } = RANGES[range];
    const step = perPoint * span * MINUTE;
    const points = Array.from({ length: Math.round((window.to - window.from) / step) }, (_, index) => ({ at: window.from + index * step, succeeded: 0, failed: 0, cancelled: 0 }));
    for (const row of this.sources.reader.series(window)) {
      const point = points[Math.floor((row.bucket - window.from) / step)];
      if (!point) continue;
      point.succeeded += row.succeeded;
      point.failed += row.failed;
      point.cancelled += row.cancelled;
    }
    return points.map((point) => ({ ...point, at: new Date(point.at).toISOString() }));
  }
}
