/** One finished run: when it finished, whether it failed, how long it took. */
interface Outcome {
  at: number;
  failed: boolean;
  durationMs: number;
}

interface Series {
  name: string;
  outcomes: Outcome[];
  /** Index of the oldest outcome still kept (older ones are dropped in batches). */
  head: number;
}

const MAX_AGE_MS = 7 * 86_400_000;
const MAX_PER_SUBJECT = 20_000;

export interface WindowStats {
  runs: number;
  failed: number;
  durationsMs: number[];
}

/**
 * Recent outcomes per subject (a workflow, an agent), in memory: rules over failure rates,
 * counts and durations read a window of them on every evaluation without touching the
 * database. Bounded in age and count per subject.
 */
export class OutcomeWindow {
  private readonly subjects = new Map<string, Series>();

  record(subject: string, name: string, failed: boolean, durationMs: number, at: number): void {
    let series = this.subjects.get(subject);
    if (!series) this.subjects.set(subject, (series = { name, outcomes: [], head: 0 }));
    series.name = name;
    series.outcomes.push({ at, failed, durationMs });
    const live = series.outcomes.length - series.head;
    if (live > MAX_PER_SUBJECT) series.head += live - MAX_PER_SUBJECT;
    while (series.head < series.outcomes.length && series.outcomes[series.head]!.at < at - MAX_AGE_MS) series.head++;
    // Compact once the dropped part is as large as the kept part: amortised O(1) per record.
    if (series.head > 1024 && series.head * 2 > series.outcomes.length) {
      series.outcomes = series.outcomes.slice(series.head);
      series.head = 0;
    }
  }

  subjectsSeen(): Array<{ key: string; name: string }> {
    return [...this.subjects.entries()].map(([key, series]) => ({ key, name: series.name }));
  }

  /** Counts in the window; durations only when asked for (they cost an array per call). */
  stats(subject: string, windowMs: number, now: number, withDurations = false): WindowStats {
    const series = this.subjects.get(subject);
    const stats: WindowStats = { runs: 0, failed: 0, durationsMs: [] };
    if (!series) return stats;
    const since = now - windowMs;
    // Outcomes arrive roughly in time order: scan back from the newest.
    for (let index = series.outcomes.length - 1; index >= series.head; index--) {
      const outcome = series.outcomes[index]!;
      if (outcome.at < since) break;
      stats.runs++;
      if (outcome.failed) stats.failed++;
      if (withDurations) stats.durationsMs.push(outcome.durationMs);
    }
    return stats;
  }

  /** Runs per hour for the last `hours` hours, oldest first. */
  hourly(subject: string, hours: number, now: number): Array<{ hour: number; succeeded: number; failed: number }> {
    const hourMs = 3_600_000;
    const first = Math.floor(now / hourMs) - hours + 1;
    const buckets = Array.from({ length: hours }, (_, index) => ({ hour: (first + index) * hourMs, succeeded: 0, failed: 0 }));
    const series = this.subjects.get(subject);
    if (!series) return buckets;
    for (let index = series.outcomes.length - 1; index >= series.head; index--) {
      const outcome = series.outcomes[index]!;
      const bucket = buckets[Math.floor(outcome.at / hourMs) - first];
      if (!bucket) {
        if (outcome.at < first * hourMs) break;
        continue;
      }
      if (outcome.failed) bucket.failed++;
      else bucket.succeeded++;
    }
    return buckets;
  }

  forget(subject: string): void {
    this.subjects.delete(subject);
  }
}

/** The q-quantile (0..1) of some values, by nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
