import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { connectApi, waitUntil, type ApiClient } from '../helpers/api';
import { startServe, type ServeProcess } from '../helpers/cli';
import { CountingServer } from '../helpers/counting-server';
import { tempDir } from '../helpers/temp-dir';

// Real child processes killed with SIGKILL, a real SQLite file, a real HTTP server counting calls.
let serve: ServeProcess | undefined;
let api: ApiClient | undefined;
let counting: CountingServer | undefined;

afterEach(async () => {
  api?.close();
  await serve?.stop('SIGKILL');
  await counting?.stop();
  serve = api = counting = undefined;
});

async function boot(dataDir: string): Promise<ApiClient> {
  api?.close();
  serve = await startServe(dataDir);
  api = await connectApi(serve);
  return api;
}

async function kill(): Promise<void> {
  api?.close();
  await serve!.stop('SIGKILL');
}

const http = (id: string, url: string) => ({ id, type: 'http-request.send', typeVersion: '1.0.0', name: id, position: { x: 0, y: 0 }, parameters: { url } });

function workflow(name: string, nodes: WorkflowDocument['nodes']): WorkflowDocument {
  const all = [{ id: 'start', type: 'manual.trigger', typeVersion: '1.0.0', name: 'Start', position: { x: 0, y: 0 }, parameters: {} }, ...nodes];
  return { schemaVersion: 1, name, nodes: all, edges: all.slice(1).map((node, i) => ({ from: { node: all[i]!.id, output: 'main' }, to: { node: node.id, input: 'main' } })) };
}

async function stepsOf(client: ApiClient, id: number) {
  return (await client.call('executions.get', { id })).steps;
}

describe('durability across SIGKILL', () => {
  it('resumes a run killed during a delay step without repeating finished steps', async () => {
    counting = await CountingServer.start();
    const dataDir = tempDir();
    let client = await boot(dataDir);
    const doc = workflow('Delay then call', [
      http('a', counting.url('/a')),
      { id: 'wait', type: 'delay.wait', typeVersion: '1.0.0', name: 'wait', position: { x: 0, y: 0 }, parameters: { amount: 1.5, unit: 'seconds' } },
      http('b', counting.url('/b')),
    ]);
    const { id } = await client.call('workflows.save', { document: doc });
    const { executionId } = await client.call('workflows.run', { id });
    await waitUntil(async () => ((await stepsOf(client, executionId)).some((step) => step.nodeId === 'wait' && step.status === 'waiting') ? true : undefined), 10_000, 'the delay to start');
    await kill();
    expect(counting.count('/a')).toBe(1);
    expect(counting.count('/b')).toBe(0);

    client = await boot(dataDir);
    const done = await waitUntil(async () => {
      const execution = await client.call('executions.get', { id: executionId });
      return execution.status === 'succeeded' ? execution : undefined;
    }, 15_000, 'the run to finish after restart');
    expect(counting.count('/a')).toBe(1);
    expect(counting.count('/b')).toBe(1);
    expect(done.steps.map((step) => [step.nodeId, step.status])).toEqual([
      ['start', 'succeeded'],
      ['a', 'succeeded'],
      ['wait', 'succeeded'],
      ['b', 'succeeded'],
    ]);
    // Waiting in a delay is not a crash.
    expect(done.recoveries).toBe(0);
  });

  it('retries an HTTP step killed mid-call with the same idempotency key, and runs nothing else twice', async () => {
    counting = await CountingServer.start();
    let holdB = true;
    counting.on('/b', () => (holdB ? 'hold' : { status: 200, body: { ok: true } }));
    const dataDir = tempDir();
    let client = await boot(dataDir);
    const doc = workflow('Slow call', [
      http('a', counting.url('/a')),
      http('b', counting.url('/b')),
      { id: 'shape', type: 'transform.edit', typeVersion: '1.0.0', name: 'shape', position: { x: 0, y: 0 }, parameters: { fields: [{ name: 'done', value: true }] } },
    ]);
    const { id } = await client.call('workflows.save', { document: doc });
    const { executionId } = await client.call('workflows.run', { id });
    await waitUntil(() => (counting!.count('/b') === 1 ? true : undefined), 10_000, 'the call to /b');
    await kill();

    holdB = false;
    client = await boot(dataDir);
    const done = await waitUntil(async () => {
      const execution = await client.call('executions.get', { id: executionId });
      return execution.status === 'succeeded' ? execution : undefined;
    }, 15_000, 'the run to finish after restart');
    expect(counting.count('/a')).toBe(1);
    expect(counting.count('/b')).toBe(2);
    const keys = counting.keys('/b');
    expect(keys[0]).toBe(`e${executionId}-b-1`);
    expect(keys[1]).toBe(keys[0]);
    expect(done.recoveries).toBe(1);
    expect(done.steps.map((step) => [step.nodeId, step.status, step.attempt])).toEqual([
      ['start', 'succeeded', 1],
      ['a', 'succeeded', 1],
      ['b', 'succeeded', 1],
      ['shape', 'succeeded', 1],
    ]);
    expect(done.output.value).toEqual([{ json: { ok: true, done: true }, pairedItem: { item: 0 } }]);
  });

  it('stops an execution that keeps crashing the engine after a bounded number of recoveries', async () => {
    counting = await CountingServer.start();
    counting.on('/crash', () => 'hold');
    const dataDir = tempDir();
    let client = await boot(dataDir);
    const { id } = await client.call('workflows.save', { document: workflow('Crashes', [http('c', counting.url('/crash'))]) });
    const { executionId } = await client.call('workflows.run', { id });
    for (let crash = 1; crash <= 4; crash++) {
      await waitUntil(() => (counting!.count('/crash') === crash ? true : undefined), 10_000, `call ${crash}`);
      await kill();
      client = await boot(dataDir);
    }
    const crashed = await waitUntil(async () => {
      const execution = await client.call('executions.get', { id: executionId });
      return execution.status === 'crashed' ? execution : undefined;
    }, 10_000, 'the crash loop to be stopped');
    expect(crashed.error?.message).toContain('crashed 3 times');
    expect(crashed.deadLetter).toBe(true);
    expect(counting.count('/crash')).toBe(4);
  }, 90_000); // five boots of a real serve process
});
