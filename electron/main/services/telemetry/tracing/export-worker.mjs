// The OpenTelemetry SDK on a worker thread: spans arrive finished (name, times, ids, redacted
// attributes) from the engine's thread, become SDK spans here, and the BatchSpanProcessor with
// the OTLP/HTTP protobuf exporter encodes and sends them. Encoding is most of a span's cost; it
// stays off the thread that runs workflows (the Electron main process, or `echelon serve`).
import { parentPort as port } from 'node:worker_threads';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, RandomIdGenerator, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

if (!port) throw new Error('The trace exporter runs on a worker thread.');
const parentPort = port;

/** @typedef {{ url: string; headers: Record<string, string>; timeoutMillis: number; resource: Record<string, string | number>; scope: { name: string; version: string } }} ExportConfig */
/** @typedef {{ exported: number; failed: number; lastError: string | null }} Counts */

/** Random ids, except for the next span when its ids were decided on the engine's thread. */
class PresetIdGenerator {
  random = new RandomIdGenerator();
  /** @type {string | undefined} */ nextSpanId;
  /** @type {string | undefined} */ nextTraceId;
  generateSpanId() {
    const preset = this.nextSpanId;
    this.nextSpanId = undefined;
    return preset ?? this.random.generateSpanId();
  }
  generateTraceId() {
    const preset = this.nextTraceId;
    this.nextTraceId = undefined;
    return preset ?? this.random.generateTraceId();
  }
}

/**
 * @param {ExportConfig} config
 * @param {Counts} counts
 * @param {boolean} batch
 */
function makeProvider(config, counts, batch) {
  const otlp = new OTLPTraceExporter({ url: config.url, headers: config.headers, timeoutMillis: config.timeoutMillis });
  /** @type {import('@opentelemetry/sdk-trace-base').SpanExporter} */
  const exporter = {
    export(spans, done) {
      otlp.export(spans, (result) => {
        if (result.code === ExportResultCode.SUCCESS) {
          counts.exported += spans.length;
          counts.lastError = null;
        } else {
          counts.failed += 1;
          counts.lastError = result.error?.message ?? 'the collector refused the spans';
        }
        if (batch) parentPort.postMessage({ type: 'stats', ...counts });
        done(result);
      });
    },
    shutdown: () => otlp.shutdown(),
    forceFlush: () => otlp.forceFlush(),
  };
  const ids = new PresetIdGenerator();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(config.resource),
    idGenerator: ids,
    // Executions were sampled on the engine's thread; OTEL_TRACES_SAMPLER must not sample twice.
    sampler: new AlwaysOnSampler(),
    spanProcessors: [
      batch
        ? new BatchSpanProcessor(exporter, { maxQueueSize: 32_768, maxExportBatchSize: 2048, scheduledDelayMillis: 1000, exportTimeoutMillis: config.timeoutMillis })
        : new SimpleSpanProcessor(exporter),
    ],
  });
  return { provider, ids, tracer: provider.getTracer(config.scope.name, config.scope.version) };
}

/** @type {ReturnType<typeof makeProvider> | undefined} */
let running;
/** @type {Counts} */
const counts = { exported: 0, failed: 0, lastError: null };

/**
 * One finished span, as `ExecutionTracer` made it (see `FinishedSpan`).
 * @param {NonNullable<typeof running>} target
 * @param {any} span
 */
function write(target, span) {
  const context = span.parent ? trace.setSpanContext(ROOT_CONTEXT, span.parent) : ROOT_CONTEXT;
  if (span.spanId) {
    target.ids.nextSpanId = span.spanId;
    target.ids.nextTraceId = span.parent ? undefined : span.traceId;
  }
  const attributes = span.error ? { ...span.attributes, 'error.type': span.error.type } : span.attributes;
  const created = target.tracer.startSpan(span.name, { kind: span.kind, startTime: span.start, attributes, links: span.links, root: !span.parent }, context);
  target.ids.nextSpanId = undefined;
  target.ids.nextTraceId = undefined;
  if (span.error) created.setStatus({ code: SpanStatusCode.ERROR, message: span.error.message });
  created.end(span.end);
}

parentPort.on('message', async (/** @type {any} */ message) => {
  switch (message.type) {
    case 'configure':
      running = makeProvider(message.config, counts, true);
      return;
    case 'spans':
      if (running) for (const span of message.spans) write(running, span);
      return;
    case 'flush':
      await running?.provider.forceFlush().catch(() => {});
      parentPort.postMessage({ type: 'flushed', id: message.id, ...counts });
      return;
    case 'test': {
      /** @type {Counts} */
      const outcome = { exported: 0, failed: 0, lastError: null };
      const probe = makeProvider(message.config, outcome, false);
      probe.tracer.startSpan('echelon test span', { attributes: { 'echelon.test': true } }).end();
      // A refused export rejects the flush; the counts already say why.
      await probe.provider.forceFlush().catch(() => {});
      await probe.provider.shutdown().catch(() => {});
      parentPort.postMessage({ type: 'tested', id: message.id, ok: outcome.exported > 0, error: outcome.exported > 0 ? null : (outcome.lastError ?? 'The collector did not answer.') });
      return;
    }
    case 'shutdown':
      await running?.provider.shutdown().catch(() => {});
      running = undefined;
      parentPort.postMessage({ type: 'closed', ...counts });
      return;
  }
});

parentPort.postMessage({ type: 'ready' });
