import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { version } from '../../../../../package.json';
import { EchelonError } from '../../../../../shared/contract/errors';
import type { TelemetryStatus, TracingSettings } from '../../../../../shared/contract/observability';
import type { ExecutionObservers } from '../../engine/observer';
import type { Logger } from '../../logging/logger';
import type { Redactor } from '../../redaction/redactor';
import { resolveSecretRecord, type SecretSource } from '../../secrets/secret-source';
import type { TelemetrySettings } from '../telemetry-settings';
import type { ExecutionTracer } from './execution-tracer';
import type { ExportConfig, ExportThread } from './export-thread';
import { TraceIds } from './trace-ids';
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
  thread: ExportThread;
  tracer: ExecutionTracer;
  detach: { dispose(): void };
}

const EXPORT_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 3000;

/**
 * OpenTelemetry tracing of executions, off by default: when on, the execution tracer attached
 * to the engine, and the SDK with its OTLP/HTTP (protobuf) exporter on a thread of its own. Header values may name vault secrets; they are resolved when the exporter
 * starts, so a locked vault holds tracing back until it is unlocked.
 */
export class TracingService {
  private running: Running | undefined;
  /** Exports of threads already closed (settings changed since), so the totals keep counting. */
  private readonly earlier = { exported: 0, failed: 0 };
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

  /** What the exporting thread needs; header secrets are read from the vault now. */
  private async exportConfig(config: ResolvedTracing, timeoutMillis = EXPORT_TIMEOUT_MS): Promise<ExportConfig> {
    if (!config.url) throw new EchelonError('invalid_input', 'Set the collector endpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) to export traces.', { path: 'endpoint' });
    const env = this.options.env ?? process.env;
    const { ATTR_SERVICE_INSTANCE_ID, ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } = await import('@opentelemetry/semantic-conventions');
    return {
      url: config.url,
      headers: resolveSecretRecord(config.headers, this.options.secrets, { kind: 'integration', id: 'telemetry/otlp' }),
      timeoutMillis,
      resource: {
        [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || 'echelon',
        [ATTR_SERVICE_VERSION]: version,
        [ATTR_SERVICE_INSTANCE_ID]: this.instanceId,
        'host.name': os.hostname(),
        'process.pid': process.pid,
        'echelon.shell': this.options.shell,
      },
      scope: { name: 'echelon', version },
    };
  }

  /** Starts exporting if the settings (or environment) say so; a reason is kept when it cannot. */
  private async apply(): Promise<void> {
    await this.stop();
    const config = this.resolved();
    this.problem = null;
    if (!config.enabled) return;
    try {
      const exportConfig = await this.exportConfig(config);
      // Loaded when tracing is on: the OpenTelemetry SDK costs every CLI command ~0.2 s otherwise.
      const [{ ExportThread }, { ExecutionTracer }, { ExecutionSampler }] = await Promise.all([import('./export-thread'), import('./execution-tracer'), import('./execution-sampler')]);
      const thread = new ExportThread();
      await thread.configure(exportConfig);
      const tracer = new ExecutionTracer(thread, new ExecutionSampler(config.sampleRatio, config.maxTracesPerSecond), this.traceIds, this.options.redactor);
      this.running = { thread, tracer, detach: this.options.observers.add(tracer) };
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

  /** Resolves once the latest settings are applied (the exporting thread started, or why not). */
  whenReady(): Promise<void> {
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
    const counts = this.running?.thread.counts;
    const problem = this.problem ?? counts?.lastError ?? null;
    return {
      ...settings,
      source: config.source,
      effectiveEndpoint: config.url,
      state: !config.enabled ? 'off' : this.running && !counts?.lastError ? 'exporting' : 'error',
      problem,
      exported: this.earlier.exported + (counts?.exported ?? 0),
      failedExports: this.earlier.failed + (counts?.failed ?? 0),
    };
  }

  /** Sends one span through the configured collector settings, whether or not tracing is on. */
  async test(): Promise<{ ok: boolean; error: string | null; endpoint: string | null }> {
    const config = this.resolved();
    let exportConfig: ExportConfig;
    try {
      // A person waits on the test button: give up sooner than background exports do.
      exportConfig = await this.exportConfig(config, TEST_TIMEOUT_MS);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error), endpoint: config.url };
    }
    const thread = this.running?.thread ?? new (await import('./export-thread')).ExportThread();
    try {
      const outcome = await thread.test(exportConfig);
      return { ok: outcome.ok, error: outcome.error === null ? null : this.options.redactor.redact(outcome.error), endpoint: config.url };
    } finally {
      if (thread !== this.running?.thread) await thread.close();
    }
  }

  /** Exports what is buffered now. */
  async flush(): Promise<void> {
    await this.running?.thread.flush();
  }

  private async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    running.detach.dispose();
    await running.thread.close();
    this.earlier.exported += running.thread.counts.exported;
    this.earlier.failed += running.thread.counts.failed;
  }

  async dispose(): Promise<void> {
    await this.reconfiguring;
    await this.stop();
  }
}
