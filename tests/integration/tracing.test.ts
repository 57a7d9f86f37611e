import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import { ServerDefinition } from '../../shared/contract/mcp';
import { startOpenAiApi } from '../fixtures/openai-api';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../fixtures/otlp-receiver';
import { waitUntil } from '../helpers/api';
import { chain, countingServer, disposeHosts, manualStart, node } from '../helpers/engine';
import { EVERYTHING } from '../helpers/mcp-servers';
import { tempDir } from '../helpers/temp-dir';
import { TEST_ACCESSOR, leaks, openUnlockedHost } from '../helpers/vault';

const API_TOKEN = 'tok-live-8c1d2e3f4a5b6c7d';
const OPENAI_KEY = 'sk-standin-0123456789abcdef';
const COLLECTOR_KEY = 'otlp-ingest-key-55aa66bb77cc';

const closers: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await disposeHosts();
});

async function receiver(): Promise<OtlpReceiver> {
  const started = await startOtlpReceiver();
  closers.push(() => started.close());
  return started;
}

async function tracedHost(options: Parameters<typeof openUnlockedHost>[1] = {}): Promise<Host> {
  const host = await openUnlockedHost(tempDir(), { shell: 'cli', ...options });
  closers.push(() => host.dispose());
  await host.engine.start({ owner: 'test' });
  await host.telemetry.tracing.whenReady();
  return host;
}

async function runAndExport(host: Host, workflowId: string, input: Record<string, unknown> = {}) {
  const { row } = await host.engine.run({ workflowId, input: input as never });
  const finished = await host.engine.waitFor(row.id);
  await host.telemetry.tracing.flush();
  return finished;
}

const traceOf = (collector: OtlpReceiver, executionId: number) => {
  const root = collector.spans.find((span) => span.attributes['echelon.execution.id'] === executionId && span.parentSpanId === '');
  return root ? collector.spans.filter((span) => span.traceId === root.traceId) : [];
};
const byName = (spans: ReceivedSpan[], name: string) => spans.find((span) => span.name === name)!;

describe('OpenTelemetry traces of executions', () => {
  it('exports one trace per execution over OTLP/HTTP: steps under the run, calls under their step, no secret anywhere', async () => {
    const collector = await receiver();
    const counting = await countingServer();
    counting.on('/orders', () => ({ status: 200, body: { orders: 3 } }));
    const openai = await startOpenAiApi({ apiKey: OPENAI_KEY });
    closers.push(() => openai.close());

    const host = await tracedHost();
    host.vault.set({ name: 'API_TOKEN', value: { kind: 'secret', value: API_TOKEN } }, TEST_ACCESSOR);
    host.vault.set({ name: 'OPENAI_KEY', value: { kind: 'secret', value: OPENAI_KEY } }, TEST_ACCESSOR);
    host.vault.set({ name: 'COLLECTOR_KEY', value: { kind: 'secret', value: COLLECTOR_KEY } }, TEST_ACCESSOR);
    await host.router.call('telemetry.update', { enabled: true, endpoint: collector.url, headers: { 'x-api-key': '{{ secrets.COLLECTOR_KEY }}' } }, { caller: 'test' });
    expect((await host.telemetry.status()).tracing).toMatchObject({ state: 'exporting', effectiveEndpoint: `${collector.url}/v1/traces`, source: 'settings' });

    host.mcp.add(ServerDefinition.parse({ name: 'everything', transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING] } }));
    await host.mcp.start('everything');
    closers.push(() => host.mcp.stop('everything').catch(() => {}));
    const llm = host.integrations.connections.create({ pluginId: 'openai-compatible', name: 'Local LLM', config: { baseUrl: `${openai.url}/v1`, defaultModel: 'llama3.2' }, auth: { type: 'bearer', token: '{{ secrets.OPENAI_KEY }}' } } as never);

    const { id: workflowId } = host.engine.workflows.save({
      document: chain('Order digest', [
        manualStart(),
        node('http-request.send', { url: `${counting.url('/orders')}?key={{ secrets.API_TOKEN }}`, headers: [{ name: 'authorization', value: 'Bearer {{ secrets.API_TOKEN }}' }] }, { id: 'fetch', name: 'Fetch orders' }),
        node('mcp-tool.call', { server: 'everything', tool: 'echo', arguments: { message: 'orders: {{ $json.orders }}' } }, { id: 'echo', name: 'Echo' }),
        node('openai-compatible.chatCompletion', { messages: [{ role: 'user', content: 'Summarise' }] }, { id: 'chat', name: 'Summarise', connection: llm.id }),
        node('delay.wait', { amount: 0.3, unit: 'seconds' }, { id: 'wait', name: 'Settle' }),
      ]),
    });
    const run = await runAndExport(host, workflowId);
    expect(run.status).toBe('succeeded');
    const spans = await waitUntil(() => (traceOf(collector, run.id).length >= 9 ? traceOf(collector, run.id) : undefined), 10_000, 'the whole trace');

    const root = spans.find((span) => span.parentSpanId === '')!;
    expect(root).toMatchObject({ name: 'run Order digest', kind: 5, status: { code: 0 } });
    expect(root.attributes).toMatchObject({ 'messaging.system': 'echelon', 'messaging.operation.type': 'process', 'messaging.message.id': String(run.id), 'echelon.workflow.id': workflowId, 'echelon.execution.status': 'succeeded' });
    expect(root.resource).toMatchObject({ 'service.name': 'echelon', 'echelon.shell': 'cli' });
    expect(root.scope.name).toBe('echelon');

    const steps = spans.filter((span) => span.parentSpanId === root.spanId);
    expect(steps.map((span) => span.name).sort()).toEqual(['Echo', 'Fetch orders', 'Settle', 'Start', 'Summarise']);
    for (const step of steps) {
      expect(step.startNanos).toBeGreaterThanOrEqual(root.startNanos);
      expect(step.endNanos).toBeLessThanOrEqual(root.endNanos);
    }
    // The delay parked the run and it resumed: still one trace, one span for the step.
    expect(Number(byName(steps, 'Settle').endNanos - byName(steps, 'Settle').startNanos) / 1e6).toBeGreaterThanOrEqual(250);

    const http = spans.find((span) => span.parentSpanId === byName(steps, 'Fetch orders').spanId)!;
    expect(http).toMatchObject({ name: 'GET', kind: 3 });
    expect(http.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200, 'server.address': '127.0.0.1', 'server.port': counting.port });
    expect(http.attributes['url.full']).toBe(`${counting.url('/orders')}?key=[redacted:API_TOKEN]`);

    const tool = spans.find((span) => span.parentSpanId === byName(steps, 'Echo').spanId)!;
    expect(tool).toMatchObject({ name: 'tools/call echo', kind: 3 });
    expect(tool.attributes).toMatchObject({ 'mcp.method.name': 'tools/call', 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'echo', 'echelon.mcp.server': 'everything' });

    const chat = spans.find((span) => span.parentSpanId === byName(steps, 'Summarise').spanId)!;
    expect(chat).toMatchObject({ name: 'chat', kind: 3 });
    expect(chat.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.response.model': 'llama3.2', 'gen_ai.response.finish_reasons': ['stop'] });
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(chat.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);

    expect(collector.requests.every((request) => request.headers['x-api-key'] === COLLECTOR_KEY)).toBe(true);
    expect(counting.requests[0]!.headers.authorization).toBe(`Bearer ${API_TOKEN}`);
    const exported = JSON.stringify(collector.spans, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
    expect(leaks(exported, [API_TOKEN, OPENAI_KEY, COLLECTOR_KEY])).toEqual([]);
    expect((await host.telemetry.status()).tracing.exported).toBeGreaterThanOrEqual(spans.length);
  });

  it('marks a failed run and its failing step as errors, with the redacted message', async () => {
    const collector = await receiver();
    const host = await tracedHost();
    host.vault.set({ name: 'API_TOKEN', value: { kind: 'secret', value: API_TOKEN } }, TEST_ACCESSOR);
    await host.telemetry.tracing.update({ enabled: true, endpoint: collector.url });
    const { id } = host.engine.workflows.save({
      document: chain('Breaks', [
        manualStart(),
        node('transform.edit', { fields: [{ name: 'token', value: '{{ secrets.API_TOKEN }}' }] }, { id: 'read', name: 'Read token' }),
        node('code.run', { code: 'throw new Error("refused with " + $input.first().json.token);' }, { id: 'code', name: 'Explode' }),
      ]),
    });
    const run = await runAndExport(host, id);
    expect(run.status).toBe('failed');
    const spans = await waitUntil(() => (traceOf(collector, run.id).length >= 4 ? traceOf(collector, run.id) : undefined), 10_000, 'the trace');
    const root = spans.find((span) => span.parentSpanId === '')!;
    const step = byName(spans, 'Explode');
    expect(root.status.code).toBe(2);
    expect(step.status.code).toBe(2);
    expect(step.attributes['error.type']).toBeTypeOf('string');
    expect(step.attributes['echelon.step.status']).toBe('failed');
    expect(step.status.message).toContain('refused with [redacted:API_TOKEN]');
    expect(leaks(JSON.stringify(spans, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)), [API_TOKEN])).toEqual([]);
  });

  it('is off by default, and takes its endpoint from OTEL_EXPORTER_OTLP_* when asked to', async () => {
    const collector = await receiver();
    const quiet = await tracedHost();
    expect((await quiet.telemetry.status()).tracing).toMatchObject({ enabled: false, state: 'off', effectiveEndpoint: null });
    const { id } = quiet.engine.workflows.save({ document: chain('Quiet', [manualStart()]) });
    await runAndExport(quiet, id);

    const host = await tracedHost({ env: { ...process.env, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'echelon-night-shift' } });
    expect((await host.telemetry.status()).tracing).toMatchObject({ state: 'exporting', source: 'environment' });
    const loud = host.engine.workflows.save({ document: chain('Loud', [manualStart()]) });
    const run = await runAndExport(host, loud.id);
    const spans = await waitUntil(() => (traceOf(collector, run.id).length >= 2 ? traceOf(collector, run.id) : undefined), 10_000, 'the trace');
    expect(spans[0]!.resource['service.name']).toBe('echelon-night-shift');
    expect(collector.spans.filter((span) => span.name === 'run Quiet')).toEqual([]);
  });

  it('tests the collector from the settings and says why it failed', async () => {
    const collector = await receiver();
    const host = await tracedHost();
    expect(await host.telemetry.tracing.test()).toMatchObject({ ok: false, error: expect.stringContaining('Set the collector endpoint') });
    await host.telemetry.tracing.update({ endpoint: collector.url });
    expect(await host.telemetry.tracing.test()).toEqual({ ok: true, error: null, endpoint: `${collector.url}/v1/traces` });
    expect(collector.spans.map((span) => span.name)).toEqual(['echelon test span']);
    collector.refuse(1, 400);
    expect(await host.telemetry.tracing.test()).toMatchObject({ ok: false, error: expect.any(String) });
    await host.telemetry.tracing.update({ endpoint: 'http://127.0.0.1:1' });
    expect(await host.telemetry.tracing.test()).toMatchObject({ ok: false, endpoint: 'http://127.0.0.1:1/v1/traces' });
  });

  it('waits for the vault when the collector headers name a secret, then exports', async () => {
    const collector = await receiver();
    const host = await tracedHost();
    host.vault.set({ name: 'COLLECTOR_KEY', value: { kind: 'secret', value: COLLECTOR_KEY } }, TEST_ACCESSOR);
    host.vault.lock();
    await host.telemetry.tracing.update({ enabled: true, endpoint: collector.url, headers: { 'x-api-key': '{{ secrets.COLLECTOR_KEY }}' } });
    expect((await host.telemetry.status()).tracing).toMatchObject({ state: 'error', problem: expect.stringContaining('locked') });
    await host.vault.unlock('correct horse battery staple');
    // The exporting thread starts once the vault is open: seconds on a loaded machine.
    await waitUntil(async () => ((await host.telemetry.status()).tracing.state === 'exporting' ? true : undefined), 20_000, 'tracing to start');
  });
});
