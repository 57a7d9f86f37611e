import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutionUpdate } from '../../shared/contract/executions';
import { waitUntil } from '../helpers/api';
import { chain, countingServer, disposeHosts, engineHost, manualStart as start, node, runToEnd } from '../helpers/engine';

afterEach(disposeHosts);

describe('queue', () => {
  it('starts runs by priority lane, first in first out within a lane', async () => {
    const host = await engineHost({ engine: { executor: { concurrency: 1 } } });
    const started: number[] = [];
    host.bus.on('executions.updated', ({ items }) => items.forEach((item: ExecutionUpdate) => !item.step && item.status === 'running' && started.push(item.id)));
    const { id } = host.engine.workflows.save({ document: chain('P', [start(), node('no-op.pass', {}, { id: 'x', name: 'X' })]) });
    const low = await host.engine.run({ workflowId: id, priority: 'low' });
    const normal = await host.engine.run({ workflowId: id });
    const high1 = await host.engine.run({ workflowId: id, priority: 'high' });
    const high2 = await host.engine.run({ workflowId: id, priority: 'high' });
    await host.engine.waitFor(low.row.id);
    // Events are batched (at most ten a second): wait for the last batch.
    await waitUntil(() => (started.length === 4 ? true : undefined), 2000, 'the start events');
    expect(started).toEqual([high1.row.id, high2.row.id, normal.row.id, low.row.id]);
  });

  it('drops a second run with the same dedup key while the first is pending, and reports it', async () => {
    const host = await engineHost();
    const { id } = host.engine.workflows.save({ document: chain('D', [start()]) });
    const first = await host.engine.run({ workflowId: id, dedupKey: 'order-42', runAt: Date.now() + 60_000 });
    const second = await host.engine.run({ workflowId: id, dedupKey: 'order-42' });
    expect(first.deduplicated).toBe(false);
    expect(second).toMatchObject({ deduplicated: true });
    expect(second.row.id).toBe(first.row.id);
    expect(host.engine.metricsView()).toMatchObject({ deduplicated: 1, queue: { depth: 1, delayed: 1 } });
    host.engine.cancel(first.row.id);
    const third = await host.engine.run({ workflowId: id, dedupKey: 'order-42' });
    expect(third.deduplicated).toBe(false);
  });

  it('refuses new runs with a clear error once the queue is full', async () => {
    const host = await engineHost({ engine: { executor: { capacity: 2 } } });
    const { id } = host.engine.workflows.save({ document: chain('Full', [start()]) });
    await host.engine.run({ workflowId: id, runAt: Date.now() + 60_000 });
    await host.engine.run({ workflowId: id, runAt: Date.now() + 60_000 });
    await expect(host.engine.run({ workflowId: id })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('queue is full') });
    expect(host.engine.metricsView().refused).toBe(1);
  });

  it('holds a workflow to its concurrency limit while others go on', async () => {
    const counting = await countingServer();
    counting.on('/slow', () => 'hold');
    const host = await engineHost();
    const limited = host.engine.workflows.save({ document: chain('One at a time', [start(), node('http-request.send', { url: counting.url('/slow') }, { id: 'h', name: 'H', timeoutMs: 400 })], { settings: { concurrency: 1 } }) });
    const free = host.engine.workflows.save({ document: chain('Free', [start()]) });
    const a = await host.engine.run({ workflowId: limited.id });
    const b = await host.engine.run({ workflowId: limited.id });
    const other = await host.engine.run({ workflowId: free.id });
    await host.engine.waitFor(other.row.id);
    await waitUntil(() => (counting.count('/slow') === 1 ? true : undefined), 5000, 'the first call');
    expect(host.engine.detail(b.row.id).status).toBe('queued');
    await host.engine.waitFor(a.row.id);
    await host.engine.waitFor(b.row.id);
    expect(counting.count('/slow')).toBe(2);
  });
});

describe('cancellation', () => {
  it('stops a sandboxed infinite loop, a pending HTTP call, a delay and a queued run', async () => {
    const counting = await countingServer();
    counting.on('/hang', () => 'hold');
    const host = await engineHost();
    const save = (name: string, step: ReturnType<typeof node>) => host.engine.workflows.save({ document: chain(name, [start(), step]) }).id;
    const loop = await host.engine.run({ workflowId: save('Loop', node('code.run', { code: 'while (true) {}', timeoutMs: 60_000 }, { id: 'loop', name: 'Loop' })) });
    const call = await host.engine.run({ workflowId: save('Hang', node('http-request.send', { url: counting.url('/hang') }, { id: 'call', name: 'Call' })) });
    const delay = await host.engine.run({ workflowId: save('Wait', node('delay.wait', { amount: 1, unit: 'hours' }, { id: 'wait', name: 'Wait' })) });
    const later = await host.engine.run({ workflowId: save('Later', node('no-op.pass', {}, { id: 'x', name: 'X' })), runAt: Date.now() + 3_600_000 });

    await waitUntil(() => (counting.count('/hang') === 1 && host.engine.detail(delay.row.id).status === 'waiting' ? true : undefined), 5000, 'the runs to be under way');
    const before = Date.now();
    for (const run of [loop, call, delay, later]) host.engine.cancel(run.row.id);
    for (const run of [loop, call, delay, later]) await host.engine.waitFor(run.row.id);
    expect(Date.now() - before).toBeLessThan(3000);
    for (const run of [loop, call, delay, later]) expect(host.engine.detail(run.row.id).status).toBe('cancelled');
    expect(host.engine.detail(loop.row.id).steps.find((step) => step.nodeId === 'loop')!.status).toBe('cancelled');
    expect(host.engine.detail(call.row.id).steps.find((step) => step.nodeId === 'call')!.status).toBe('cancelled');
    expect(host.engine.detail(delay.row.id).steps.find((step) => step.nodeId === 'wait')!.status).toBe('cancelled');
    expect(() => host.engine.cancel(loop.row.id)).toThrow('already cancelled');
    // The engine goes on working.
    expect((await runToEnd(host, chain('After', [start()]))).status).toBe('succeeded');
  });
});

describe('sub-workflows', () => {
  it('runs a child workflow with the items and continues with its last node\'s output', async () => {
    const host = await engineHost();
    const child = host.engine.workflows.save({
      document: chain('Child', [start(), node('transform.edit', { fields: [{ name: 'doubled', value: '{{ $json.n * 2 }}' }], include: 'none' }, { id: 'd', name: 'Double' })]),
    });
    const parent = await runToEnd(
      host,
      chain('Parent', [start(), node('code.run', { code: 'return [{ n: 1 }, { n: 2 }];' }, { id: 'gen', name: 'Gen' }), node('sub-workflow.execute', { workflowId: child.id }, { id: 'sub', name: 'Sub' })]),
    );
    expect(parent.status).toBe('succeeded');
    expect(parent.output.value).toEqual([
      { json: { doubled: 2 }, pairedItem: { item: 0 } },
      { json: { doubled: 4 }, pairedItem: { item: 1 } },
    ]);
    const children = host.engine.list({ workflowId: child.id, limit: 5 }).items;
    expect(children).toHaveLength(1);
    expect(children[0]).toMatchObject({ parentId: parent.id, trigger: 'sub-workflow', status: 'succeeded' });
  });
});
