import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { waitUntil } from '../helpers/api';
import { chain, countingServer, disposeHosts, engineHost, manualStart as start, node, runToEnd } from '../helpers/engine';

afterEach(disposeHosts);

describe('retries, errors and error routing', () => {
  it('retries a flaky call with exponential backoff, then succeeds', async () => {
    const counting = await countingServer();
    counting.on('/flaky', (_request, count) => (count < 3 ? { status: 503, body: { error: 'busy' } } : { status: 200, body: { ok: true } }));
    const host = await engineHost();
    const detail = await runToEnd(
      host,
      chain('Flaky', [start(), node('http-request.send', { url: counting.url('/flaky') }, { id: 'call', name: 'Call', retry: { maxTries: 4, baseDelayMs: 200, maxDelayMs: 2000, jitter: false } })]),
    );
    expect(detail.status).toBe('succeeded');
    expect(counting.count('/flaky')).toBe(3);
    const times = counting.requests.map((request) => request.at);
    // 200 ms, then 400 ms (doubling, no jitter).
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(190);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(390);
    expect(times[2]! - times[1]!).toBeLessThan(1500);
    expect(counting.keys('/flaky')).toEqual([`e${detail.id}-call-1`, `e${detail.id}-call-2`, `e${detail.id}-call-3`]);
    const call = detail.steps.filter((step) => step.nodeId === 'call');
    expect(call.map((step) => [step.status, step.attempt])).toEqual([['succeeded', 3]]);
  });

  it('keeps jittered delays between half and the whole of the nominal backoff', async () => {
    const { retryDelay } = await import('../../electron/main/services/engine/execution/backoff');
    const policy = { baseDelayMs: 100, maxDelayMs: 1000, jitter: true };
    for (let attempt = 1; attempt <= 6; attempt++) {
      const nominal = Math.min(1000, 100 * 2 ** (attempt - 1));
      for (const random of [0, 0.5, 0.999]) {
        const delay = retryDelay(attempt, policy, () => random);
        expect(delay).toBeGreaterThanOrEqual(nominal / 2);
        expect(delay).toBeLessThanOrEqual(nominal);
      }
    }
  });

  it('fails after the last try, lands in the dead-letter list, and "retry now" resumes at the failed step', async () => {
    const counting = await countingServer();
    let healthy = false;
    counting.on('/down', () => (healthy ? { status: 200, body: { back: true } } : { status: 500, body: { error: 'down' } }));
    const host = await engineHost();
    const detail = await runToEnd(
      host,
      chain('Dead letter', [
        start(),
        node('http-request.send', { url: counting.url('/first') }, { id: 'first', name: 'First' }),
        node('http-request.send', { url: counting.url('/down') }, { id: 'down', name: 'Down', retry: { maxTries: 2, baseDelayMs: 10, jitter: false } }),
      ]),
    );
    expect(detail.status).toBe('failed');
    expect(detail.deadLetter).toBe(true);
    expect(detail.error).toMatchObject({ nodeId: 'down', nodeName: 'Down' });
    expect(detail.error!.message).toContain('500');
    expect(host.engine.list({ deadLetter: true, limit: 10 }).items.map((item) => item.id)).toEqual([detail.id]);

    healthy = true;
    host.engine.retry(detail.id);
    await host.engine.waitFor(detail.id);
    const retried = host.engine.detail(detail.id);
    expect(retried.status).toBe('succeeded');
    expect(retried.deadLetter).toBe(false);
    expect(counting.count('/first')).toBe(1);
    expect(retried.steps.find((step) => step.nodeId === 'down')).toMatchObject({ status: 'succeeded', attempt: 3 });
  });

  it('discards a dead letter without running it', async () => {
    const host = await engineHost();
    const detail = await runToEnd(host, chain('Bad code', [start(), node('code.run', { code: 'throw new Error("nope")' }, { id: 'code', name: 'Code' })]));
    expect(detail.status).toBe('failed');
    expect(host.engine.discard(detail.id).deadLetter).toBe(false);
    expect(host.engine.list({ deadLetter: true, limit: 10 }).items).toEqual([]);
    expect(() => host.engine.discard(detail.id)).toThrow('not on the dead-letter list');
  });

  it('continues with the error as output, or routes it to the error output', async () => {
    const host = await engineHost();
    const failing = (extra: object) => node('code.run', { code: 'throw new Error("bad input")' }, { id: 'fail', name: 'Fail', ...extra });
    const continued = await runToEnd(host, chain('Continue', [start(), failing({ onError: 'continue' }), node('transform.edit', { fields: [{ name: 'after', value: true }] }, { id: 'after', name: 'After' })]));
    expect(continued.status).toBe('succeeded');
    expect(continued.output.value).toEqual([{ json: { error: 'Error: bad input', after: true }, pairedItem: { item: 0 } }]);
    expect(continued.steps.find((step) => step.nodeId === 'fail')).toMatchObject({ status: 'failed', error: { message: 'Error: bad input' } });

    const routed: WorkflowDocument = {
      schemaVersion: 1,
      name: 'Route',
      nodes: [
        start(),
        failing({ onError: 'route' }),
        node('transform.edit', { fields: [{ name: 'ok', value: true }] }, { id: 'okPath', name: 'OK path' }),
        node('transform.edit', { fields: [{ name: 'handled', value: '{{ $json.error }}' }] }, { id: 'errPath', name: 'Error path' }),
      ],
      edges: [
        { from: { node: 'start', output: 'main' }, to: { node: 'fail', input: 'main' } },
        { from: { node: 'fail', output: 'main' }, to: { node: 'okPath', input: 'main' } },
        { from: { node: 'fail', output: 'error' }, to: { node: 'errPath', input: 'main' } },
      ],
    };
    const result = await runToEnd(host, routed, { id: 7 });
    expect(result.status).toBe('succeeded');
    expect(result.steps.map((step) => step.nodeId)).toEqual(['start', 'fail', 'errPath']);
    expect(result.output.value).toEqual([{ json: { id: 7, error: 'Error: bad input', handled: 'Error: bad input' }, pairedItem: { item: 0 } }]);
  });

  it('times a slow step out and retries it', async () => {
    const counting = await countingServer();
    counting.on('/slow', (_request, count) => (count === 1 ? 'hold' : { status: 200, body: { fast: true } }));
    const host = await engineHost();
    const detail = await runToEnd(
      host,
      chain('Timeout', [start(), node('http-request.send', { url: counting.url('/slow') }, { id: 'slow', name: 'Slow', timeoutMs: 300, retry: { maxTries: 2, baseDelayMs: 10, jitter: false } })]),
    );
    expect(detail.status).toBe('succeeded');
    expect(counting.count('/slow')).toBe(2);
    expect(detail.steps.find((step) => step.nodeId === 'slow')!.attempt).toBe(2);
  });

  it('fails a run that goes past the workflow time limit, stopping its current step', async () => {
    const counting = await countingServer();
    counting.on('/hang', () => 'hold');
    const host = await engineHost();
    const started = Date.now();
    const detail = await runToEnd(host, chain('Limited', [start(), node('http-request.send', { url: counting.url('/hang') }, { id: 'hang', name: 'Hang' })], { settings: { timeoutMs: 300 } }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(detail.status).toBe('failed');
    expect(detail.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('300 ms') });
    expect(detail.steps.find((step) => step.nodeId === 'hang')!.status).toBe('cancelled');
  });

  it('starts the error workflow with n8n\'s error trigger payload when a run fails', async () => {
    const host = await engineHost();
    const handler = host.engine.workflows.save({
      document: chain('On error', [node('error-trigger.trigger', {}, { id: 'err', name: 'Error Trigger' }), node('no-op.pass', {}, { id: 'log', name: 'Log' })]),
    });
    const failing = await runToEnd(host, chain('Fails', [start(), node('code.run', { code: 'throw new Error("kaput")' }, { id: 'code', name: 'Code' })], { settings: { errorWorkflow: handler.id } }));
    expect(failing.status).toBe('failed');
    const handled = await waitUntil(() => host.engine.list({ workflowId: handler.id, limit: 5 }).items.find((item) => item.status === 'succeeded'), 5000, 'the error workflow');
    const detail = host.engine.detail(handled.id);
    expect(detail.trigger).toBe('error');
    expect(detail.output.value).toEqual([
      {
        json: { execution: { id: String(failing.id), error: { message: 'Error: kaput', code: 'code_error' }, lastNodeExecuted: 'Code', mode: 'manual' }, workflow: { id: failing.workflowId, name: 'Fails' } },
        pairedItem: { item: 0 },
      },
    ]);
  });
});
