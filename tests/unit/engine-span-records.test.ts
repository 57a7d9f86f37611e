import { describe, expect, it } from 'vitest';
import { EXECUTION_FIELDS, executionSpan, records, STEP_FIELDS, stepSpan, type ExecutionRecord, type StepRecord } from '../../electron/main/services/telemetry/tracing/engine-span-records.mjs';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const ROOT = 'b7ad6b7169203331';

describe('engine span records', () => {
  it('lays step records end to end and reads them back as spans under their run', () => {
    const retried: StepRecord = [TRACE, ROOT, '00f067aa0ba902b7', 1000, 1250, 42, 1, 1, 'retrying', 'fetch', 'Fetch orders', 'http.request', 2, 'ETIMEDOUT', 'The server did not answer.'];
    const done: StepRecord = [TRACE, ROOT, '53995c3f42cd8ad8', 1300, 1400, 42, 1, 2, 'succeeded', 'fetch', 'Fetch orders', 'http.request', 0, null, null];
    expect(retried).toHaveLength(STEP_FIELDS);
    const [first, second, ...rest] = [...records([...retried, ...done], STEP_FIELDS)].map((record) => stepSpan(record as StepRecord));
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      name: 'Fetch orders',
      spanId: '00f067aa0ba902b7',
      parent: { traceId: TRACE, spanId: ROOT },
      attributes: { 'echelon.execution.id': 42, 'echelon.step.status': 'retrying', 'echelon.step.attempt': 1, 'echelon.step.run_index': 2, 'echelon.node.type': 'http.request' },
      error: { type: 'ETIMEDOUT', message: 'The server did not answer.' },
    });
    expect(second!.error).toBeUndefined();
    expect(second!.attributes).not.toHaveProperty('echelon.step.run_index');
  });

  it('makes the run the root span, a messaging process span linked to the run that started it', () => {
    const record: ExecutionRecord = [TRACE, ROOT, 900, 1400, 42, 'failed', 'subworkflow', 100, 0, 'wf-1', 'Nightly sync', 3, 41, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'ETIMEDOUT', 'Fetch orders failed'];
    expect(record).toHaveLength(EXECUTION_FIELDS);
    const span = executionSpan(record);
    expect(span).toMatchObject({ name: 'run Nightly sync', kind: 4, traceId: TRACE, spanId: ROOT, error: { type: 'ETIMEDOUT', message: 'Fetch orders failed' } });
    expect(span.attributes).toMatchObject({ 'messaging.system': 'echelon', 'messaging.operation.type': 'process', 'messaging.message.id': '42', 'echelon.execution.parent_id': 41, 'echelon.workflow.version': 3 });
    expect(span.links).toEqual([{ context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }, attributes: { 'echelon.link': 'parent execution' } }]);
    const orphan = executionSpan([TRACE, ROOT, 900, 1400, 43, 'succeeded', 'manual', 0, 0, 'wf-1', 'Nightly sync', 3, null, null, null, null, null]);
    expect(orphan.links).toEqual([]);
    expect(orphan.error).toBeUndefined();
    expect(orphan.attributes).not.toHaveProperty('echelon.execution.parent_id');
  });
});
