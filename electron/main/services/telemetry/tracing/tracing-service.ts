import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_INSTANCE_ID, ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { version } from '../../../../../package.json';
import { EchelonError } from '../../../../../shared/contract/errors';
import type { TelemetryStatus, TracingSettings } from '../../../../../shared/contract/observability';
import type { ExecutionObservers } from '../../engine/observer';
import type { Logger } from '../../logging/logger';
import type { Redactor } from '../../redaction/redactor';
import { resolveSecretRecord, type SecretSource } from '../../secrets/secret-source';
import type { TelemetrySettings } from '../telemetry-settings';
import { ExecutionTracer } from './execution-tracer';
import { PresetIdGenerator, TraceIds } from './trace-ids';
import { resolveTracing, type ResolvedTracing } from './tracing-config';

export interface TracingServiceOptions {
  settings: TelemetrySettings;
  observers: ExecutionObservers;
  redactor: Redactor;
  secrets: SecretSource;
  logger: Logger;
  shell: string;
  env?: NodeJS.ProcessEnv;
}

interface Running {
  provider: BasicTracerProvider;
  tracer: ExecutionTracer;
  detach: { dispose(): void };
  url: string;
}

const EXPORT_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 3000;

/** Counts what reaches the collector, and remembers why an export failed. */
class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly counts: { exported: number; failed: number; lastError: string | null },
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.counts.exported += spans.length;
        this.counts.lastError = null;
      } else {
        this.counts.failed += 1;
        this.counts.lastError = result.error?.message ?? 'the collector refused the spans';
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * OpenTelemetry tracing of executions, off by default: when on, a tracer provider with an
 * OTLP/HTTP (protobuf) exporter to the configured collector, and the execution tracer attached
 * to the engine. Header values may name vault secrets; they are resolved when the exporter
 * starts, so a locked vault holds tracing back until it is unlocked.
 */
export class TracingService {
  private running: Running | undefined;
  private readonly counts = { exported: 0, failed: 0, lastError: null as string | null };
  private problem: string | null = null;
  private readonly instanceId = randomUUID();
  private readonly traceIds: TraceIds;
  private reconfiguring: Promise<void> = Promise.resolve();

  constructor(private readonly options: TracingServiceOptions) {
    this.traceIds = new TraceIds(options.settings.traceSalt());
  }

  private resolved(settings = this.options.settings.tracing()): ResolvedTracing {
    return resolveTracing(settings, this.options.env ?? process.env);
  }

  private exporter(config: ResolvedTracing, timeoutMillis = EXPORT_TIMEOUT_MS): SpanExporter {
    if (!config.url) throw new EchelonError('invalid_input', 'Set the collector endpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) to export traces.', { path: 'endpoint' });
    const headers = resolveSecretRecord(config.headers, this.options.secrets, { kind: 'integration', id: 'telemetry/otlp' });
    return new OTLPTraceExporter({ url: config.url, headers, timeoutMillis });
  }

  private provider(exporter: SpanExporter, config: ResolvedTracing, ids: PresetIdGenerator, batch: boolean): BasicTracerProvider {
    const env = this.options.env ?? process.env;
    return new BasicTracerProvider({
      resource: resourceFromAttributes({
        [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || 'echelon',
        [ATTR_SERVICE_VERSION]: version,
        [ATTR_SERVICE_INSTANCE_ID]: this.instanceId,
        'host.name': os.hostname(),
        'process.pid': process.pid,
        'echelon.shell': this.options.shell,
      }),
      idGenerator: ids,
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
      spanProcessors: [
        batch
          ? new BatchSpanProcessor(exporter, { maxQueueSize: 16_384, maxExportBatchSize: 1024, scheduledDelayMillis: 1000, exportTimeoutMillis: EXPORT_TIMEOUT_MS })
          : new SimpleSpanProcessor(exporter),
      ],
    });
  }

  /** Starts exporting if the settings (or environment) say so; a reason is kept when it cannot. */
  private async apply(): Promise<void> {
    await this.stop();
    const config = this.resolved();
    this.problem = null;
    if (!config.enabled) return;
    try {
      const exporter = new CountingExporter(this.exporter(config), this.counts);
      const ids = new PresetIdGenerator();
      const provider = this.provider(exporter, config, ids, true);
      const tracer = new ExecutionTracer({ tracer: provider.getTracer('echelon', version), ids, sampler: new TraceIdRatioBasedSampler(config.sampleRatio) }, this.traceIds, this.options.redactor);
      this.running = { provider, tracer, detach: this.options.observers.add(tracer), url: config.url! };
      this.options.logger.info('telemetry', `Exporting traces to ${config.url}`);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      this.options.logger.warn('telemetry', `Tracing is on but cannot export: ${this.problem}`);
    }
  }

  start(): Promise<void> {
    return this.reconfigure();
  }

  /** Applies changed settings (or a vault that was unlocked since). */
  reconfigure(): Promise<void> {
    this.reconfiguring = this.reconfiguring.then(() => this.apply());
    return this.reconfiguring;
  }

  /** A retry once the vault is unlocked, when secrets in the headers held tracing back. */
  retryIfWaiting(): void {
    if (this.problem !== null && !this.running) void this.reconfigure();
  }

  async update(patch: Partial<TracingSettings>): Promise<void> {
    const next = { ...this.options.settings.tracing(), ...patch };
    this.options.settings.setTracing(next);
    await this.reconfigure();
  }

  get tracer(): ExecutionTracer | undefined {
    return this.running?.tracer;
  }

  status(): TelemetryStatus['tracing'] {
    const settings = this.options.settings.tracing();
    const config = this.resolved(settings);
    const problem = this.problem ?? (this.running ? this.counts.lastError : null);
    return {
      ...settings,
      source: config.source,
      effectiveEndpoint: config.url,
      state: !config.enabled ? 'off' : this.running && !this.counts.lastError ? 'exporting' : 'error',
      problem,
      exported: this.counts.exported,
      failedExports: this.counts.failed,
    };
  }

  /** Sends one span through the configured exporter, whether or not tracing is on. */
  async test(): Promise<{ ok: boolean; error: string | null; endpoint: string | null }> {
    const config = this.resolved();
    let exporter: SpanExporter;
    try {
      // A person waits on the test button: give up sooner than background exports do.
      exporter = this.exporter(config, TEST_TIMEOUT_MS);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error), endpoint: config.url };
    }
    const outcome = { exported: 0, failed: 0, lastError: null as string | null };
    const provider = this.provider(new CountingExporter(exporter, outcome), config, new PresetIdGenerator(), false);
    const span = provider.getTracer('echelon', version).startSpan('echelon test span', { attributes: { 'echelon.test': true } });
    span.end();
    // A refused export rejects the flush; the counting exporter already kept why.
    await provider.forceFlush().catch(() => {});
    await provider.shutdown().catch(() => {});
    const ok = outcome.exported > 0;
    return { ok, error: ok ? null : this.options.redactor.redact(outcome.lastError ?? 'The collector did not answer.'), endpoint: config.url };
  }

  /** Exports what is buffered now. */
  async flush(): Promise<void> {
    await this.running?.provider.forceFlush();
  }

  private async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    running.detach.dispose();
    await running.provider.shutdown().catch(() => {});
  }

  async dispose(): Promise<void> {
    await this.reconfiguring;
    await this.stop();
  }
}
