import { afterEach, describe, expect, it } from 'vitest';
import { chain, countingServer, disposeHosts, engineHost, manualStart, node } from '../helpers/engine';

afterEach(disposeHosts);

describe('running from a step and pinned outputs', () => {
  it('re-runs from a failed step with its real input, without calling the nodes before it again', async () => {
    const server = await countingServer();
    server.on('/orders', () => ({ status: 200, body: { orders: [{ id: 1 }, { id: 2 }] } }));
    const host = await engineHost();
    const fetch = { id: 'fetch', type: 'http-request.send', typeVersion: '1.0.0', name: 'Fetch', position: { x: 0, y: 0 }, parameters: { url: server.url('/orders') } };
    const broken = node('code.run', { code: 'throw new Error("bad mapping")' }, { id: 'map', name: 'Map' });
    const saved = host.engine.workflows.save({ document: chain('Orders', [manualStart(), fetch, broken]) });
    const first = await host.engine.run({ workflowId: saved.id, input: { batch: 7 } });
    const failed = await host.engine.waitFor(first.row.id);
    expect(failed.status).toBe('failed');
    expect(server.count('/orders')).toBe(1);

    // The mapping is fixed in a new version; the run starts again at it with what Fetch returned.
    const fixed = node('code.run', { code: 'return $input.all().map((item) => ({ count: (item.json.body ?? item.json).orders.length }));' }, { id: 'map', name: 'Map' });
    host.engine.workflows.save({ id: saved.id, document: chain('Orders', [manualStart(), fetch, fixed]) });
    const again = await host.engine.runFrom(failed.id, 'map');
    const done = await host.engine.waitFor(again.id);
    expect(host.engine.detail(again.id).error?.message ?? done.status).toBe("succeeded");
    expect(done.trigger).toBe('retry');
    expect(server.count('/orders')).toBe(1);
    const detail = host.engine.detail(again.id);
    expect(detail.steps.map((step) => [step.nodeId, step.status])).toEqual([
      ['start', 'succeeded'],
      ['fetch', 'succeeded'],
      ['map', 'succeeded'],
    ]);
    expect(detail.output.value).toEqual([{ json: { count: 2 }, pairedItem: { item: 0 } }]);
    expect(detail.steps[1]!.items).toEqual({ main: 1 });
  });

  it('refuses to start from a node that did not run', async () => {
    const host = await engineHost();
    const saved = host.engine.workflows.save({ document: chain('Short', [manualStart(), node('no-op.pass', {}, { id: 'a', name: 'A' })]) });
    const run = await host.engine.run({ workflowId: saved.id });
    await host.engine.waitFor(run.row.id);
    await expect(host.engine.runFrom(run.row.id, 'nowhere')).rejects.toThrow(/did not run/);
  });

  it('uses a pinned output in runs started by hand, and runs the node in scheduled ones', async () => {
    const server = await countingServer();
    server.on('/live', () => ({ status: 200, body: { live: true } }));
    const host = await engineHost();
    const fetch = { id: 'fetch', type: 'http-request.send', typeVersion: '1.0.0', name: 'Fetch', position: { x: 0, y: 0 }, parameters: { url: server.url('/live') }, pinnedOutput: { main: [{ pinned: 1 }, { pinned: 2 }] } };
    const saved = host.engine.workflows.save({ document: chain('Pinned', [manualStart(), fetch, node('no-op.pass', {}, { id: 'after', name: 'After' })]) });
    const manual = await host.engine.run({ workflowId: saved.id });
    await host.engine.waitFor(manual.row.id);
    const detail = host.engine.detail(manual.row.id);
    expect(server.count('/live')).toBe(0);
    expect((detail.output.value as Array<{ json: unknown }>).map((item) => item.json)).toEqual([{ pinned: 1 }, { pinned: 2 }]);
    expect(detail.steps[1]!.logs).toEqual(['Output pinned: the node did not run.']);

    const scheduled = await host.engine.run({ workflowId: saved.id }, 'schedule', 'start');
    await host.engine.waitFor(scheduled.row.id);
    expect(server.count('/live')).toBe(1);
  });
});
