import { SpanKind, TraceFlags, type Attributes, type Link, type SpanContext } from '@opentelemetry/api';
import type { ExecutionRow, StepRow } from '../../engine/persistence/execution-repository';
import type { NodeServices } from '../../engine/node-api';
import type { ExecutionObserver, StepIdentity } from '../../engine/observer';
import type { Redactor } from '../../redaction/redactor';
import type { ExecutionSampler } from './execution-sampler';
import { MESSAGING_DESTINATION_NAME, MESSAGING_MESSAGE_ID, MESSAGING_OPERATION_NAME, MESSAGING_OPERATION_TYPE, MESSAGING_SYSTEM } from './semconv';
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

/** Undefined when the execution is not traced. */
type TraceInfo = ExecutionTraceIds | undefined;

const TRACE_CACHE = 10_000;
const FINISHED_STEP = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Turns the engine's runs into OpenTelemetry traces: one trace per execution (its root span a
 * messaging "process" span of the run queue), a span per attempt at each step, and, through
 * the services a step gets, a span per HTTP call, MCP tool call and model turn. Spans are
 * written when they end, with explicit times and ids derived from the execution, so parked
 * and resumed runs stay one trace. Every attribute passes through the redactor.
 */
export class ExecutionTracer implements ExecutionObserver {
  private readonly traces = new Map<number, TraceInfo>();

  constructor(
    /** Where finished spans go: the exporting thread. */
    private readonly out: SpanWriter,
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
    const error = step.error ? (JSON.parse(step.error) as { message?: string; code?: string }) : undefined;
    const name = nodeName ?? step.nodeId;
    this.write({
      name,
      kind: SpanKind.INTERNAL,
      start: step.startedAt,
      end: step.finishedAt,
      parent: { traceId: info.traceId, spanId: info.rootSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: false },
      spanId: this.ids.step(info, step.seq, step.attempt),
      attributes: {
        'echelon.execution.id': row.id,
        'echelon.step.seq': step.seq,
        'echelon.step.attempt': step.attempt,
        'echelon.step.status': step.status === 'waiting' ? 'retrying' : step.status,
        'echelon.node.id': step.nodeId,
        'echelon.node.name': name,
        'echelon.node.type': step.nodeType,
        ...(step.runIndex > 0 ? { 'echelon.step.run_index': step.runIndex } : {}),
      },
      error: step.status === 'failed' || step.status === 'waiting' ? { type: error?.code ?? 'error', message: error?.message ?? 'The step failed.' } : undefined,
    });
  }

  finished(row: ExecutionRow): void {
    const info = this.info(row.id);
    this.traces.delete(row.id);
    if (!info) return;
    const error = row.error ? (JSON.parse(row.error) as { message?: string; code?: string; nodeName?: string }) : undefined;
    const started = row.startedAt ?? row.createdAt;
    const links: Link[] = [];
    if (row.parentId !== null) {
      const parent = this.ids.execution(row.parentId);
      links.push({ context: { traceId: parent.traceId, spanId: parent.rootSpanId, traceFlags: TraceFlags.SAMPLED }, attributes: { 'echelon.link': 'parent execution' } });
    }
    this.write({
      name: `run ${row.workflowName}`,
      kind: SpanKind.CONSUMER,
      start: started,
      end: row.finishedAt ?? Date.now(),
      spanId: info.rootSpanId,
      traceId: info.traceId,
      links,
      attributes: {
        [MESSAGING_SYSTEM]: 'echelon',
        [MESSAGING_OPERATION_TYPE]: 'process',
        [MESSAGING_OPERATION_NAME]: 'run',
        [MESSAGING_DESTINATION_NAME]: 'executions',
        [MESSAGING_MESSAGE_ID]: String(row.id),
        'echelon.execution.id': row.id,
        'echelon.execution.status': row.status,
        'echelon.execution.trigger': row.trigger,
        'echelon.execution.queued_ms': Math.max(0, started - row.createdAt),
        'echelon.execution.recoveries': row.recoveries,
        'echelon.workflow.id': row.workflowId,
        'echelon.workflow.name': row.workflowName,
        'echelon.workflow.version': row.workflowVersion,
        ...(row.parentId !== null ? { 'echelon.execution.parent_id': row.parentId } : {}),
      },
      error: row.status === 'failed' || row.status === 'crashed' ? { type: error?.code ?? row.status, message: error?.message ?? `The execution ${row.status}.` } : undefined,
    });
  }

  stepServices(services: NodeServices, step: StepIdentity): NodeServices {
    const parent = this.stepContext(step.executionId, step.seq, step.attempt);
    return parent ? tracedServices(services, parent, this) : services;
  }

  /** Writes a span that has ended. Every string attribute, the name and the error message are redacted. */
  write(span: FinishedSpan): void {
    const attributes: Attributes = {};
    for (const [key, value] of Object.entries(span.attributes)) {
      if (value === undefined) continue;
      attributes[key] = typeof value === 'string' ? this.redactor.redact(value) : Array.isArray(value) ? (value.map((item) => (typeof item === 'string' ? this.redactor.redact(item) : item)) as typeof value) : value;
    }
    this.out.write({
      ...span,
      name: this.redactor.redact(span.name),
      attributes,
      error: span.error && { type: span.error.type, message: this.redactor.redact(span.error.message) },
    });
  }
}
