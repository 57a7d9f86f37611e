// The OpenTelemetry SDK's export pipeline on a worker thread: spans arrive finished (name,
// times, ids, redacted attributes; steps and executions as flat records of their values)
// from the engine's thread, become the SDK's readable spans here, and its BatchSpanProcessor
// with the OTLP/HTTP protobuf exporter batches, encodes and sends them. Encoding is most of a span's cost; it stays off the thread that runs workflows
// (the Electron main process, or `echelon serve`).
import { parentPort as port } from 'node:worker_threads';
import { SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, hrTimeDuration, millisToHrTime } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, RandomIdGenerator, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { EXECUTION_FIELDS, executionSpan, records, STEP_FIELDS, stepSpan } from './engine-span-records.mjs';

if (!port) throw new Error('The trace exporter runs on a worker thread.');
const parentPort = port;

/** @typedef {{ url: string; headers: Record<string, string>; timeoutMillis: number; resource: Record<string, string | number>; scope: { name: string; version: string } }} ExportConfig */
/** @typedef {{ exported: number; failed: number; lastError: string | null }} Counts */

/**
 * The exporting half of the SDK: its BatchSpanProcessor (or, for a test, its SimpleSpanProcessor)
 * in front of the OTLP/HTTP protobuf exporter, counting what the collector accepted.
 * @param {ExportConfig} config
 * @param {Counts} counts
 * @param {boolean} batch
 */
function makePipeline(config, counts, batch) {
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
  const processor = batch
    ? new BatchSpanProcessor(exporter, { maxQueueSize: 32_768, maxExportBatchSize: 2048, scheduledDelayMillis: 1000, exportTimeoutMillis: config.timeoutMillis })
    : new SimpleSpanProcessor(exporter);
  // One resource and one scope object for every span: the serializer groups spans by identity.
  return { processor, resource: resourceFromAttributes(config.resource), scope: { name: config.scope.name, version: config.scope.version } };
}

/** @type {ReturnType<typeof makePipeline> | undefined} */
let running;
/** @type {Counts} */
const counts = { exported: 0, failed: 0, lastError: null };
const randomIds = new RandomIdGenerator();
/** @type {never[]} */
const NONE = [];
const UNSET = Object.freeze({ code: SpanStatusCode.UNSET });

/**
 * A span that has already ended, in the SDK's `ReadableSpan` shape, handed straight to the span
 * processor. The engine's spans arrive finished, with their times, ids and (redacted)
 * attributes decided: the SDK's live `Span` (a context, sampling, attribute checks and limits
 * at every call, then a copy at its end) would only add cost to each. What the serializer
 * reads is derived when it reads it, so a span waiting in the batch holds little.
 */
class FinishedReadableSpan {
  /**
   * @param {NonNullable<typeof running>} target
   * @param {any} span one `FinishedSpan` (execution-tracer.ts)
   */
  constructor(target, span) {
    this.span = span;
    this.resource = target.resource;
    this.instrumentationScope = target.scope;
    const traceId = span.parent ? span.parent.traceId : (span.traceId ?? randomIds.generateTraceId());
    this.context = { traceId, spanId: span.spanId ?? randomIds.generateSpanId(), traceFlags: TraceFlags.SAMPLED, isRemote: false };
  }

  spanContext() {
    return this.context;
  }
  get parentSpanContext() {
    return this.span.parent;
  }
  get name() {
    return this.span.name;
  }
  get kind() {
    return this.span.kind;
  }
  get startTime() {
    return millisToHrTime(this.span.start);
  }
  get endTime() {
    return millisToHrTime(Math.max(this.span.start, this.span.end));
  }
  get duration() {
    return hrTimeDuration(this.startTime, this.endTime);
  }
  get attributes() {
    const { error, attributes } = this.span;
    return error ? { ...attributes, 'error.type': error.type } : attributes;
  }
  get status() {
    const { error } = this.span;
    return error ? { code: SpanStatusCode.ERROR, message: error.message } : UNSET;
  }
  get links() {
    return this.span.links ?? NONE;
  }
  get events() {
    return NONE;
  }
  get ended() {
    return true;
  }
  get droppedAttributesCount() {
    return 0;
  }
  get droppedEventsCount() {
    return 0;
  }
  get droppedLinksCount() {
    return 0;
  }
}

parentPort.on('message', async (/** @type {any} */ message) => {
  switch (message.type) {
    case 'configure':
      running = makePipeline(message.config, counts, true);
      return;
    case 'spans':
      if (!running) return;
      for (const record of records(message.steps, STEP_FIELDS)) running.processor.onEnd(new FinishedReadableSpan(running, stepSpan(/** @type {any} */ (record))));
      for (const record of records(message.executions, EXECUTION_FIELDS)) running.processor.onEnd(new FinishedReadableSpan(running, executionSpan(/** @type {any} */ (record))));
      for (const span of message.spans) running.processor.onEnd(new FinishedReadableSpan(running, span));
      return;
    case 'flush':
      await running?.processor.forceFlush().catch(() => {});
      parentPort.postMessage({ type: 'flushed', id: message.id, ...counts });
      return;
    case 'test': {
      /** @type {Counts} */
      const outcome = { exported: 0, failed: 0, lastError: null };
      const probe = makePipeline(message.config, outcome, false);
      const now = Date.now();
      probe.processor.onEnd(new FinishedReadableSpan(probe, { name: 'echelon test span', kind: 0, start: now, end: now, attributes: { 'echelon.test': true } }));
      // A refused export rejects the flush; the counts already say why.
      await probe.processor.forceFlush().catch(() => {});
      await probe.processor.shutdown().catch(() => {});
      parentPort.postMessage({ type: 'tested', id: message.id, ok: outcome.exported > 0, error: outcome.exported > 0 ? null : (outcome.lastError ?? 'The collector did not answer.') });
      return;
    }
    case 'shutdown':
      await running?.processor.shutdown().catch(() => {});
      running = undefined;
      parentPort.postMessage({ type: 'closed', ...counts });
      return;
  }
});

parentPort.postMessage({ type: 'ready' });
