import { describe, expect, it } from 'vitest';
import { evaluateRule, type OpenAlert } from '../../electron/main/services/alerts/evaluator';
import { OutcomeWindow, quantile } from '../../electron/main/services/alerts/signals/outcome-window';
import type { Measurement } from '../../electron/main/services/alerts/signals/signal';
import { LabelLimiter, OTHER } from '../../electron/main/services/telemetry/metrics/label-limiter';
import { ExecutionSampler } from '../../electron/main/services/telemetry/tracing/execution-sampler';
import { TraceIds } from '../../electron/main/services/telemetry/tracing/trace-ids';
import { parseOtlpHeaders, resolveTracing, tracesUrl } from '../../electron/main/services/telemetry/tracing/tracing-config';
import { formatAlertValue } from '../../shared/alerts/format-value';

const rule = { threshold: 0.5, minSamples: 3, cooldownSeconds: 60 };
const m = (value: number, samples = 10, subjectKey = 'workflow:a'): Measurement => ({ subjectKey, subjectName: subjectKey, value, samples });
const never = () => undefined;

describe('the alert evaluator', () => {
  it('fires once when the value reaches the threshold with enough samples', () => {
    expect(evaluateRule(rule, [m(0.49)], [], never, 0)).toEqual([]);
    expect(evaluateRule(rule, [m(1, 2)], [], never, 0)).toEqual([]);
    expect(evaluateRule(rule, [m(0.5)], [], never, 0)).toEqual([{ type: 'fire', measurement: m(0.5) }]);
  });

  it('does not fire again while its alert is open, only records a new peak', () => {
    const open: OpenAlert[] = [{ id: 7, subjectKey: 'workflow:a', peak: 0.6 }];
    expect(evaluateRule(rule, [m(0.55)], open, never, 0)).toEqual([]);
    expect(evaluateRule(rule, [m(0.9)], open, never, 0)).toEqual([{ type: 'peak', alert: open[0], value: 0.9 }]);
  });

  it('resolves once when the value drops below, or its subject disappears', () => {
    const open: OpenAlert[] = [{ id: 7, subjectKey: 'workflow:a', peak: 0.6 }, { id: 8, subjectKey: 'workflow:gone', peak: 1 }];
    expect(evaluateRule(rule, [m(0.2)], open, never, 0)).toEqual([
      { type: 'resolve', alert: open[0], value: 0.2 },
      { type: 'resolve', alert: open[1], value: 0 },
    ]);
  });

  it('stays quiet for the cooldown after its last alert resolved, then fires', () => {
    const resolvedAt = () => 100_000;
    expect(evaluateRule(rule, [m(0.8)], [], resolvedAt, 130_000)).toEqual([{ type: 'cooldown', measurement: m(0.8), until: 160_000 }]);
    expect(evaluateRule(rule, [m(0.8)], [], resolvedAt, 160_000)).toEqual([{ type: 'fire', measurement: m(0.8) }]);
  });

  it('judges every subject on its own', () => {
    const decisions = evaluateRule(rule, [m(0.9, 10, 'workflow:a'), m(0.1, 10, 'workflow:b'), m(0.7, 10, 'workflow:c')], [], never, 0);
    expect(decisions.map((decision) => decision.type === 'fire' && decision.measurement.subjectKey)).toEqual(['workflow:a', 'workflow:c']);
  });
});

describe('outcome windows', () => {
  it('counts runs, failures and durations inside the window only', () => {
    const window = new OutcomeWindow();
    for (let i = 0; i < 10; i++) window.record('wf', 'Flow', i % 2 === 0, i * 100, 1000 + i * 1000);
    expect(window.stats('wf', 5000, 10_000)).toMatchObject({ runs: 6, failed: 3 });
    expect(window.stats('wf', 60_000, 10_000)).toMatchObject({ runs: 10, failed: 5 });
    expect(window.stats('wf', 60_000, 10_000).durationsMs).toEqual([]);
    expect(quantile(window.stats('wf', 60_000, 10_000, true).durationsMs, 0.95)).toBe(900);
  });

  it('stays bounded however many runs come', () => {
    const window = new OutcomeWindow();
    for (let i = 0; i < 50_000; i++) window.record('wf', 'Flow', false, 1, i);
    expect(window.stats('wf', 1e9, 50_000).runs).toBe(20_000);
  });
});

describe('telemetry helpers', () => {
  it('caps a label at its first values', () => {
    const limiter = new LabelLimiter(2);
    expect([limiter.value('a'), limiter.value('b'), limiter.value('c'), limiter.value('a')]).toEqual(['a', 'b', OTHER, 'a']);
  });

  it('derives one trace per execution and a distinct span per step attempt', () => {
    const ids = new TraceIds('salt');
    const run = ids.execution(42);
    expect(run.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.execution(42)).toEqual(run);
    expect(new TraceIds('other').execution(42).traceId).not.toBe(run.traceId);
    const spans = new Set([run.rootSpanId]);
    for (let seq = 0; seq < 200; seq++) for (let attempt = 1; attempt <= 3; attempt++) spans.add(ids.step(run, seq, attempt));
    expect(spans.size).toBe(601);
  });

  it('samples executions by trace id, then at most so many new traces a second', () => {
    const ids = new TraceIds('salt');
    const traceIds = Array.from({ length: 1000 }, (_, i) => ids.execution(i).traceId);
    expect(traceIds.filter((id) => new ExecutionSampler(0, 0).sampled(() => id))).toEqual([]);
    const half = traceIds.filter((id) => new ExecutionSampler(0.5, 0).sampled(() => id)).length;
    expect(half).toBeGreaterThan(400);
    expect(half).toBeLessThan(600);
    let now = 0;
    const limited = new ExecutionSampler(1, 3, () => now);
    expect(traceIds.slice(0, 5).map((id) => limited.sampled(() => id))).toEqual([true, true, true, false, false]);
    now = 500;
    expect(traceIds.slice(5, 8).map((id) => limited.sampled(() => id))).toEqual([true, false, false]);
  });

  it('reads the OTLP endpoint and headers from settings first, then the standard variables', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/v1/traces')).toBe('http://collector:4318/v1/traces');
    expect(parseOtlpHeaders('api-key=a%3Db, x = y ,broken')).toEqual({ 'api-key': 'a=b', x: 'y' });
    const off = { enabled: false, endpoint: null, headers: {}, sampleRatio: 1, maxTracesPerSecond: 100 };
    expect(resolveTracing(off, {})).toMatchObject({ enabled: false, url: null, source: 'none' });
    expect(resolveTracing(off, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_HEADERS: 'k=v' })).toMatchObject({
      enabled: true,
      url: 'http://c:4318/v1/traces',
      headers: { k: 'v' },
      source: 'environment',
    });
    expect(resolveTracing({ ...off, enabled: true, endpoint: 'http://mine:4318', headers: { k: 'mine' } }, { OTEL_EXPORTER_OTLP_HEADERS: 'k=v' })).toMatchObject({ url: 'http://mine:4318/v1/traces', headers: { k: 'mine' }, source: 'settings' });
    expect(resolveTracing({ ...off, enabled: true }, { OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
  });

  it('formats alert values for people', () => {
    expect(formatAlertValue(0.5, 'ratio')).toBe('50 %');
    expect(formatAlertValue(90, 'seconds')).toBe('1 min 30 s');
    expect(formatAlertValue(1, 'runs')).toBe('1 run');
    expect(formatAlertValue(3, 'crashes')).toBe('3 crashes');
  });
});
