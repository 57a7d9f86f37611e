// The spans every traced execution makes (one per step attempt, one for the run) cross to the
// exporting thread as flat records of their values, not as span objects: a record is a few
// primitives (the attribute names, the span's shape and its parent are added on the far side),
// so the engine's thread builds and copies a fraction of what a span with its attributes
// would take. The engine's thread redacts every string before it goes into a record.

/**
 * @typedef {[
 *   traceId: string, rootSpanId: string, spanId: string, start: number, end: number,
 *   executionId: number, seq: number, attempt: number, status: string,
 *   nodeId: string, nodeName: string, nodeType: string, runIndex: number,
 *   errorType: string | null, errorMessage: string | null,
 * ]} StepRecord
 */

/**
 * @typedef {[
 *   traceId: string, rootSpanId: string, start: number, end: number,
 *   executionId: number, status: string, trigger: string, queuedMs: number, recoveries: number,
 *   workflowId: string, workflowName: string, workflowVersion: number,
 *   parentId: number | null, parentTraceId: string | null, parentRootSpanId: string | null,
 *   errorType: string | null, errorMessage: string | null,
 * ]} ExecutionRecord
 */

export const STEP_FIELDS = 15;
export const EXECUTION_FIELDS = 17;

/**
 * The records laid end to end in `flat` (the engine's thread sends them so), one at a time.
 * @param {unknown[]} flat
 * @param {number} fields
 */
export function* records(flat, fields) {
  for (let at = 0; at + fields <= flat.length; at += fields) yield flat.slice(at, at + fields);
}

// SpanKind.INTERNAL and SpanKind.CONSUMER; TraceFlags.SAMPLED.
const INTERNAL = 0;
const CONSUMER = 4;
const SAMPLED = 1;

/**
 * The span of one attempt at a step, child of its execution's root span.
 * @param {StepRecord} record
 */
export function stepSpan(record) {
  const [traceId, rootSpanId, spanId, start, end, executionId, seq, attempt, status, nodeId, nodeName, nodeType, runIndex, errorType, errorMessage] = record;
  /** @type {Record<string, string | number>} */
  const attributes = {
    'echelon.execution.id': executionId,
    'echelon.step.seq': seq,
    'echelon.step.attempt': attempt,
    'echelon.step.status': status,
    'echelon.node.id': nodeId,
    'echelon.node.name': nodeName,
    'echelon.node.type': nodeType,
  };
  if (runIndex > 0) attributes['echelon.step.run_index'] = runIndex;
  return {
    name: nodeName,
    kind: INTERNAL,
    start,
    end,
    parent: { traceId, spanId: rootSpanId, traceFlags: SAMPLED, isRemote: false },
    spanId,
    attributes,
    error: errorType === null ? undefined : { type: errorType, message: errorMessage ?? '' },
  };
}

/**
 * The root span of an execution's trace: the run queue's messaging "process" span, linked to
 * the execution that started it, if any.
 * @param {ExecutionRecord} record
 */
export function executionSpan(record) {
  const [traceId, rootSpanId, start, end, executionId, status, trigger, queuedMs, recoveries, workflowId, workflowName, workflowVersion, parentId, parentTraceId, parentRootSpanId, errorType, errorMessage] = record;
  /** @type {Record<string, string | number>} */
  const attributes = {
    'messaging.system': 'echelon',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'run',
    'messaging.destination.name': 'executions',
    'messaging.message.id': String(executionId),
    'echelon.execution.id': executionId,
    'echelon.execution.status': status,
    'echelon.execution.trigger': trigger,
    'echelon.execution.queued_ms': queuedMs,
    'echelon.execution.recoveries': recoveries,
    'echelon.workflow.id': workflowId,
    'echelon.workflow.name': workflowName,
    'echelon.workflow.version': workflowVersion,
  };
  if (parentId !== null) attributes['echelon.execution.parent_id'] = parentId;
  const links =
    parentTraceId !== null && parentRootSpanId !== null ? [{ context: { traceId: parentTraceId, spanId: parentRootSpanId, traceFlags: SAMPLED }, attributes: { 'echelon.link': 'parent execution' } }] : [];
  return {
    name: `run ${workflowName}`,
    kind: CONSUMER,
    start,
    end,
    spanId: rootSpanId,
    traceId,
    links,
    attributes,
    error: errorType === null ? undefined : { type: errorType, message: errorMessage ?? '' },
  };
}
