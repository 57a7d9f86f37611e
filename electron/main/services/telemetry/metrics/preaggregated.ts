import type { Metric, Registry } from 'prom-client';

type Labels = Record<string, string>;

interface Series {
  labels: Labels;
  count: number;
  sum: number;
  /** Per bucket (not cumulative); the last slot is +Inf. */
  buckets: Float64Array | undefined;
}

interface Exposed {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: Array<{ value: number; labels: Record<string, string | number>; metricName?: string }>;
}

/**
 * Counters and histograms for the engine's hot path. prom-client's own hash their label
 * objects on every call (a few microseconds, several times per execution); these find their
 * series by two keys the caller already has (nested maps: no string to build), make its labels
 * once, and are exposed through the same registry, in the same text format, by implementing
 * the registry's metric contract (`get`).
 */
abstract class Preaggregated<A> {
  private readonly byKey = new Map<string, Map<string, Series>>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    protected readonly upperBounds: readonly number[] = [],
  ) {}

  /** Labels of a new series, from the keys and what the caller passed along. */
  protected abstract labelsOf(first: string, second: string, extra: A): Labels;

  protected at(first: string, second: string, extra: A): Series {
    let inner = this.byKey.get(first);
    if (!inner) this.byKey.set(first, (inner = new Map()));
    let series = inner.get(second);
    if (!series) {
      series = { labels: this.labelsOf(first, second, extra), count: 0, sum: 0, buckets: this.type === 'histogram' ? new Float64Array(this.upperBounds.length + 1) : undefined };
      inner.set(second, series);
    }
    return series;
  }

  private *all(): Generator<Series> {
    for (const inner of this.byKey.values()) yield* inner.values();
  }

  register(registry: Registry): void {
    // The registry takes any object with prom-client's metric shape; these are not its classes.
    registry.registerMetric(this as unknown as Metric);
  }

  reset(): void {
    this.byKey.clear();
  }

  get(): Promise<Exposed> {
    const values: Exposed['values'] = [];
    for (const series of this.all()) {
      if (this.type === 'counter') {
        values.push({ value: series.sum, labels: series.labels });
        continue;
      }
      let cumulative = 0;
      this.upperBounds.forEach((bound, index) => {
        cumulative += series.buckets![index]!;
        values.push({ value: cumulative, labels: { ...series.labels, le: bound }, metricName: `${this.name}_bucket` });
      });
      values.push({ value: series.count, labels: { ...series.labels, le: '+Inf' }, metricName: `${this.name}_bucket` });
      values.push({ value: series.sum, labels: series.labels, metricName: `${this.name}_sum` });
      values.push({ value: series.count, labels: series.labels, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: 'sum', values });
  }
}

type LabelMaker<A> = (first: string, second: string, extra: A) => Labels;

export class FastCounter<A = undefined> extends Preaggregated<A> {
  constructor(
    name: string,
    help: string,
    protected readonly labelsOf: LabelMaker<A>,
  ) {
    super(name, help, 'counter');
  }

  inc(first: string, second: string, extra: A, by = 1): void {
    this.at(first, second, extra).sum += by;
  }
}

export class FastHistogram<A = undefined> extends Preaggregated<A> {
  constructor(
    name: string,
    help: string,
    buckets: readonly number[],
    protected readonly labelsOf: LabelMaker<A>,
  ) {
    super(name, help, 'histogram', buckets);
  }

  observe(first: string, second: string, extra: A, value: number): void {
    const series = this.at(first, second, extra);
    series.count++;
    series.sum += value;
    let index = 0;
    while (index < this.upperBounds.length && value > this.upperBounds[index]!) index++;
    series.buckets![index]!++;
  }
}
