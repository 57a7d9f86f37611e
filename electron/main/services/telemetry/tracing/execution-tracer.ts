import { TraceFlags, type Attributes, type Link, type SpanContext, type SpanKind } from '@opentelemetry/api';
import type { ExecutionRow, StepRow } from '../../engine/persistence/execution-repository';
import type { NodeServices } from '../../engine/node-api';
import type { ExecutionObserver, StepIdentity } from '../../engine/observer';
import type { Redactor } from '../../redaction/redactor';
import type { ExecutionSampler } from './execution-sampler';
import type { ExecutionRecord, StepRecord } from './engine-span-records.mjs';
import { tracedServices, type SpanWriter } from './traced-services';
import type { TraceIds, ExecutionTraceIds } from './trace-ids';

export interface FinishedSpan {
  name: string;
  kind: SpanKind;
  /** Epoch milliseconds (fractions allowed). */
  start: number;
  end: number;
  attributes: Attributes;
  parent?: SpanContext;
  /** A span id decided earlier (executions and steps); otherwise a random one. */
  spanId?: string;
  /** The trace id of a root span with a decided id. */
  traceId?: string;
  error?: { type: string; message: string };
  links?: Link[];
}

/** A stored error (JSON) as a span's error type and message, with fallbacks when it says neither. */
function errorOf(stored: string | null, type: string, message: string): { type: string; message: string } {
  const error = stored ? (JSON.parse(stored) as { message?: string; code?: string }) : undefined;
  return { type: error?.code ?? type, message: error?.message ?? message };
}

/** Undefined when the execution is not traced. */
type TraceInfo = ExecutionTraceIds | undefined;

const TRACE_CACHE = 10_000;
const FINISHED_STEP = new Set(['succeeded', 'failed', 'cancelled']);

/** Where the tracer's spans go: the exporting thread. */
export interface TraceOutput extends SpanWriter {
  /** One attempt at a step, as a flat record (`engine-span-records.mjs`). */
  writeStep(record: StepRecord): void;
  /** An execution's root span, as a flat record. */
  writeExecution(record: ExecutionRecord): void;
}

/**
 * Turns the engine's runs into OpenTelemetry traces: one trace per execution (its root span a
 * messaging "process" span of the run queue), a span per attempt at each step, and, through
 * the services a step gets, a span per HTTP call, MCP tool call and model turn. Spans are
 * written when they end, with explicit times and ids derived from the execution, so parked
 * and resumed runs stay one trace. Every string that goes out passes through the redactor.
 * Steps and executions, the spans every run makes, leave as flat records: their cost is most
 * of tracing's cost to the engine.
 */
export class ExecutionTracer implements ExecutionObserver {
  private readonly traces = new Map<number, TraceInfo>();

  constructor(
    private readonly out: TraceOutput,
    /** Decides which executions are traced, once each. */
    private readonly sampler: ExecutionSampler,
    private readonly ids: TraceIds,
    private readonly redactor: Redactor,
  ) {}

  /** The ids of a traced execution, decided at its first event and remembered. */
  private info(executionId: number): TraceInfo {
    if (this.traces.has(executionId)) return this.traces.get(executionId);
    let ids: ExecutionTraceIds | undefined;
    const idsOf = () => (ids ??= this.ids.execution(executionId));
    const info = this.sampler.sampled(() => idsOf().traceId) ? idsOf() : undefined;
    if (this.traces.size >= TRACE_CACHE) this.traces.delete(this.traces.keys().next().value!);
    this.traces.set(executionId, info);
    return info;
  }

  /** The context a step's calls are children of; undefined when the execution is not sampled. */
  stepContext(executionId: number, seq: number, attempt: number): SpanContext | undefined {
    const info = this.info(executionId);
    if (!info) return undefined;
    return { traceId: info.traceId, spanId: this.ids.step(info, seq, attempt), traceFlags: TraceFlags.SAMPLED, isRemote: false };
  }

  stepChanged(row: ExecutionRow, step: StepRow, nodeName: string | undefined): void {
    const attemptOver = FINISHED_STEP.has(step.status) || (step.status === 'waiting' && step.error !== null);
    if (!attemptOver || step.finishedAt === null) return;
    const info = this.info(row.id);
    if (!info) return;
    const failed = step.status === 'failed' || step.status === 'waiting';
    const error = failed ? errorOf(step.error, 'error', 'The step failed.') : undefined;
    const redact = (text: string) => this.redactor.redact(text);
    this.out.writeStep([
      info.traceId,
      info.rootSpanId,
      this.ids.step(info, step.seq, step.attempt),
      step.startedAt,
      step.finishedAt,
      row.id,
      step.seq,
      step.attempt,
      step.status === 'waiting' ? 'retrying' : step.status,
      redact(step.nodeId),
      redact(nodeName ?? step.nodeId),
      redact(step.nodeType),
      step.runIndex,
      error ? redact(error.type) : null,
      error ? redact(error.message) : null,
    ]);
  }

  finished(row: ExecutionRow): void {
    const info = this.info(row.id);
    this.traces.delete(row.id);
    if (!info) return;
    const failed = row.status === 'failed' || row.status === 'crashed';
    const error = failed ? errorOf(row.error, row.status, `The execution ${row.status}.`) : undefined;
    const parent = row.parentId === null ? undefined : this.ids.execution(row.parentId);
    const started = row.startedAt ?? row.createdAt;
    const redact = (text: string) => this.redactor.redact(text);
    this.out.writeExecution([
      info.traceId,
      info.rootSpanId,
      started,
      row.finishedAt ?? Date.now(),
      row.id,
      row.status,
      redact(row.trigger),
      Math.max(0, started - row.createdAt),
      row.recoveries,
      redact(row.workflowId),
      redact(row.workflowName),
      row.workflowVersion,
      row.parentId,
      parent?.traceId ?? null,
      parent?.rootSpanId ?? null,
      error ? redact(error.type) : null,
      error ? redact(error.message) : null,
    ]);
  }

  stepServices(services: NodeServices, step: StepIdentity): NodeServices {
    const parent = this.stepContext(step.executionId, step.seq, step.attempt);
    return parent ? tracedServices(services, parent, this) : services;
  }

  /**
   * Writes a span that has ended. Every string attribute, the name and the error message are
   * redacted; a number JSON cannot carry (NaN, Infinity) is written as its text.
   */
  write(span: FinishedSpan): void {
    const attributes: Attributes = {};
    for (const key in span.attributes) {
      const value = span.attributes[key];
      if (value === undefined) continue;
      attributes[key] = typeof value === 'string' ? this.redactor.redact(value) : Array.isArray(value) ? (value.map((item) => (typeof item === 'string' ? this.redactor.redact(item) : item)) as typeof value) : typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
    }
    this.out.write({
      ...span,
      name: this.redactor.redact(span.name),
      attributes,
      error: span.error && { type: span.error.type, message: this.redactor.redact(span.error.message) },
    });
  }
}
