import { timingSafeEqual } from 'node:crypto';
import type { TelemetryStatus } from '../../../../shared/contract/observability';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { ExecutionObservers } from '../engine/observer';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../redaction/redactor';
import type { SecretSource } from '../secrets/secret-source';
import type { Store } from '../store/store';
import { EchelonMetrics, type MetricSources } from './metrics/echelon-metrics';
import { metricsObserver } from './metrics/metrics-observer';
import { KeyValues } from './key-values';
import { TelemetrySettings } from './telemetry-settings';
import { TracingService } from './tracing/tracing-service';

export interface TelemetryOptions {
  store: Store;
  observers: ExecutionObservers;
  sources: MetricSources;
  redactor: Redactor;
  secrets: SecretSource;
  logger: Logger;
  shell: string;
  env?: NodeJS.ProcessEnv;
  /** False leaves the engine unobserved by Prometheus metrics (the benchmark's baseline). */
  metrics?: boolean;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Prometheus metrics and OpenTelemetry traces for one host, and the settings behind them. */
export class TelemetryService implements Disposable {
  readonly settings: TelemetrySettings;
  readonly metrics: EchelonMetrics;
  readonly tracing: TracingService;
  private readonly detachMetrics: { dispose(): void } | undefined;

  constructor(private readonly options: TelemetryOptions) {
    this.settings = new TelemetrySettings(new KeyValues(options.store.db, options.store.changes));
    this.metrics = new EchelonMetrics(options.sources, options.shell);
    if (options.metrics !== false) this.detachMetrics = options.observers.add(metricsObserver(this.metrics));
    this.tracing = new TracingService({ ...options, settings: this.settings });
  }

  start(): Promise<void> {
    return this.tracing.start();
  }

  /** A scrape token: the one set here (kept hashed) or `ECHELON_METRICS_TOKEN`. */
  isScrapeToken(token: string): boolean {
    const fromEnv = (this.options.env ?? process.env).ECHELON_METRICS_TOKEN;
    return (fromEnv !== undefined && fromEnv !== '' && sameSecret(token, fromEnv)) || this.settings.isScrapeToken(token);
  }

  async status(): Promise<TelemetryStatus> {
    const fromEnv = (this.options.env ?? process.env).ECHELON_METRICS_TOKEN;
    return {
      tracing: this.tracing.status(),
      metrics: {
        path: '/metrics',
        scrapeToken: this.settings.hasScrapeToken() ? 'settings' : fromEnv ? 'environment' : 'none',
        series: await this.metrics.seriesCount(),
      },
    };
  }

  async dispose(): Promise<void> {
    this.detachMetrics?.dispose();
    await this.tracing.dispose();
    this.metrics.clear();
  }
}
