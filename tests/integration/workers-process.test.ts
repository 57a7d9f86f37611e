import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import httpServer from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QueueEntry } from '../../electron/main/services/engine/queue/execution-queue';
import { jobIdOf } from '../../electron/main/services/workers/bull-queue';
import { TeamState } from '../../electron/main/services/workers/team-state';
import { CLI, REPO } from '../helpers/cli';
import { CountingServer } from '../helpers/counting-server';
import { startPostgres, type PostgresCluster } from '../helpers/postgres';
import { startRedis, type RedisServer } from '../helpers/redis';
import { createTeamDatabase } from '../helpers/supabase-db';
import { tempDir } from '../helpers/temp-dir';

/**
 * `echelon worker` as real processes against a real Redis and PostgreSQL: a worker killed with
 * SIGKILL mid-run has its run resumed by another at its first unfinished step; SIGTERM drains.
 */

let cluster: PostgresCluster;
let redis: RedisServer;
let admin: pg.Client;
let workerUrl: string;
let producer: TeamState;
let queue: Queue<QueueEntry>;
let counting: CountingServer;
const org = randomUUID();
const workers: ChildProcess[] = [];

const http = (id: string, url: string) => ({ id, type: 'http-request.send', typeVersion: '1.0.0', name: id, position: { x: 0, y: 0 }, parameters: { url } });

async function shareWorkflow(id: string, nodes: Array<ReturnType<typeof http>>): Promise<void> {
  const all = [{ id: 'start', type: 'manual.trigger', typeVersion: '1.0.0', name: 'Start', position: { x: 0, y: 0 }, parameters: {} }, ...nodes];
  const document = { schemaVersion: 1, name: id, nodes: all, edges: all.slice(1).map((node, i) => ({ from: { node: all[i]!.id, output: 'main' }, to: { node: node.id, input: 'main' } })) };
  await admin.query('insert into public.workflows (org_id, id, name, document, revision) values ($1, $2, $3, $4, 1)', [org, id, id, document]);
  // A trigger keeps its history in public.workflow_versions, which workers read.
}

/** Queues a run as a desktop does: its row commits, then its job is added. */
async function enqueue(workflowId: string): Promise<number> {
  const [queued] = await producer.enqueue([{ workflowId, input: JSON.stringify({ payload: {} }) }]);
  const entry: QueueEntry = { executionId: queued!.id, workflowId, priority: 1, runAt: queued!.runAt, dedupKey: null, limit: 100, child: false, enqueuedAt: Date.now() };
  await queue.add('run', entry, { jobId: jobIdOf(entry.executionId), priority: 2 });
  return queued!.id;
}

async function startWorker(name: string, extra: string[] = []): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [CLI, '--data-dir', tempDir(), 'worker', '--redis', redis.url, '--postgres', workerUrl, '--org', org, '--id', name, '--lock-ms', '1500', ...extra],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  workers.push(child);
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${name} did not start: ${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('is taking runs')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}: ${output}`)));
  });
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const execution = async (id: number) => (await admin.query('select status, recoveries, lease_owner from private.executions where id = $1', [id])).rows[0] as { status: string; recoveries: number; lease_owner: string };
const steps = async (id: number) =>
  (await admin.query('select node_id, status, attempt from private.execution_steps where execution_id = $1 order by seq', [id])).rows.map((row) => [row.node_id, row.status, row.attempt]);

beforeAll(async () => {
  [cluster, redis, counting] = await Promise.all([startPostgres(), startRedis(), CountingServer.start()]);
  const { url, database } = await createTeamDatabase(cluster);
  admin = await cluster.connect(database);
  await admin.query(`create role worker_login login password 'worker-secret' in role echelon_worker`).catch((error: { code?: string }) => {
    if (error.code !== '42710') throw error;
  });
  workerUrl = url.replace(/^postgres:\/\/[^@]+@/, 'postgres://worker_login:worker-secret@');
  await admin.query('insert into public.organizations (id, name) values ($1, $2)', [org, 'Worker processes']);
  producer = new TeamState({ url: workerUrl, org, owner: 'desktop' });
  queue = new Queue<QueueEntry>('default', { connection: { url: redis.url }, prefix: 'echelon' });
}, 60_000);

afterEach(() => {
  for (const child of workers.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await queue?.close();
  await producer?.close();
  await counting?.stop();
  await redis?.stop();
  await cluster?.stop();
});

describe('echelon worker', () => {
  it('resumes a run whose worker was killed with SIGKILL at its first unfinished step, on another worker', async () => {
    let holdB = true;
    counting.on('/kill-b', () => (holdB ? 'hold' : { status: 200, body: { ok: true } }));
    await shareWorkflow('wf-kill', [http('a', counting.url('/kill-a')), http('b', counting.url('/kill-b')), http('c', counting.url('/kill-c'))]);
    const first = await startWorker('first');
    const id = await enqueue('wf-kill');
    await until('the first worker to call b', async () => (counting.count('/kill-b') === 1 ? true : undefined));
    expect((await execution(id)).lease_owner).toBe('first');
    first.kill('SIGKILL');
    holdB = false;

    await startWorker('second');
    const done = await until('the run to finish on the second worker', async () => {
      const row = await execution(id);
      return row.status === 'succeeded' ? row : undefined;
    });
    expect(done.lease_owner).toBe('second');
    expect(done.recoveries).toBe(1);
    // a ran once; b, killed mid-call, was called again with the same idempotency key; c once.
    expect(counting.count('/kill-a')).toBe(1);
    expect(counting.keys('/kill-b')).toHaveLength(2);
    expect(counting.keys('/kill-b')[1]).toBe(counting.keys('/kill-b')[0]);
    expect(counting.count('/kill-c')).toBe(1);
    expect(await steps(id)).toEqual([
      ['start', 'succeeded', 1],
      ['a', 'succeeded', 1],
      ['b', 'succeeded', 1],
      ['c', 'succeeded', 1],
    ]);
    const { rows } = await admin.query('select key from private.idempotency_keys where execution_id = $1 and node_id = $2', [id, 'b']);
    expect(rows.map((row) => row.key)).toEqual([counting.keys('/kill-b')[0]]);
  }, 90_000);

  it('on SIGTERM stops taking work, hands back the run it holds within the grace period and exits 0', async () => {
    let hold = true;
    counting.on('/term-slow', () => (hold ? 'hold' : { status: 200, body: { ok: true } }));
    await shareWorkflow('wf-term', [http('slow', counting.url('/term-slow')), http('after', counting.url('/term-after'))]);
    const leaving = await startWorker('leaving', ['--grace-ms', '500']);
    const id = await enqueue('wf-term');
    await until('the slow call', async () => (counting.count('/term-slow') === 1 ? true : undefined));
    const exited = new Promise<number | null>((resolve) => leaving.once('exit', (code) => resolve(code)));
    const signalled = Date.now();
    leaving.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    const handedBack = await execution(id);
    expect(handedBack.status).toBe('queued');
    expect(handedBack.recoveries).toBe(0);
    hold = false;

    await startWorker('staying');
    const done = await until('the run to finish on the next worker', async () => {
      const row = await execution(id);
      return row.status === 'succeeded' ? row : undefined;
    });
    expect(done.lease_owner).toBe('staying');
    expect(done.recoveries).toBe(0);
    expect(counting.count('/term-after')).toBe(1);
    const { rows } = await admin.query("select status from public.workers where org_id = $1 and id = 'leaving'", [org]);
    expect(rows).toEqual([{ status: 'stopped' }]);
  }, 90_000);

  it('stops a running job within a second of a cancel from a desktop', async () => {
    // A call that never answers, and when the worker gave up on it.
    let closedAt = 0;
    let arrived = false;
    const slow = httpServer.createServer((request) => {
      arrived = true;
      request.socket.once('close', () => (closedAt = Date.now()));
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/never`;
      await shareWorkflow('wf-cancel', [http('never', url), http('after', counting.url('/cancel-after'))]);
      await startWorker('canceller');
      const id = await enqueue('wf-cancel');
      await until('the call to start', async () => (arrived ? true : undefined));
      const cancelledAt = Date.now();
      expect((await producer.cancel(id))?.status).toBe('cancelled');
      await until('the worker to abort the call', async () => (closedAt ? true : undefined), 5000);
      expect(closedAt - cancelledAt).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await execution(id)).status).toBe('cancelled');
      expect(counting.count('/cancel-after')).toBe(0);
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  }, 90_000);
});
