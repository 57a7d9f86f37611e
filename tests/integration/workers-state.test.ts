import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionRow, StepRow } from '../../electron/main/services/engine/persistence/execution-repository';
import { BullExecutionQueue } from '../../electron/main/services/workers/bull-queue';
import { TeamCheckpointWriter, stepKey } from '../../electron/main/services/workers/team-checkpoint-writer';
import { TeamState } from '../../electron/main/services/workers/team-state';
import { startPostgres, type PostgresCluster } from '../helpers/postgres';
import { startRedis, type RedisServer } from '../helpers/redis';
import { createTeamDatabase } from '../helpers/supabase-db';

/**
 * The team's execution state on a real PostgreSQL (the migrations as Supabase applies them),
 * used as a worker uses it: a login role in `echelon_worker`, through `private`'s functions.
 */

let cluster: PostgresCluster;
let redis: RedisServer;
let admin: pg.Client;
let workerUrl: string;
const org = randomUUID();
const states: TeamState[] = [];

const state = (owner: string) => {
  const made = new TeamState({ url: workerUrl, org, owner });
  states.push(made);
  return made;
};

const row = async (id: number) => (await admin.query('select * from private.executions where id = $1', [id])).rows[0] as Record<string, unknown>;

const step = (executionId: number, seq: number, status: StepRow['status'], nodeId = `node-${seq}`): StepRow => ({
  executionId,
  seq,
  nodeId,
  nodeType: 'http.request',
  runIndex: 0,
  status,
  attempt: 1,
  input: null,
  output: status === 'succeeded' ? '{"main":[[{"json":{"ok":true}}]]}' : null,
  error: null,
  logs: null,
  state: null,
  startedAt: Date.now(),
  finishedAt: status === 'succeeded' ? Date.now() : null,
  waitUntil: null,
});

beforeAll(async () => {
  [cluster, redis] = await Promise.all([startPostgres(), startRedis()]);
  const { url, database } = await createTeamDatabase(cluster);
  admin = await cluster.connect(database);
  await admin.query(`create role worker_login login password 'worker-secret' in role echelon_worker`).catch((error: { code?: string }) => {
    if (error.code !== '42710') throw error;
  });
  workerUrl = url.replace(/^postgres:\/\/[^@]+@/, 'postgres://worker_login:worker-secret@');
  await admin.query('insert into public.organizations (id, name) values ($1, $2)', [org, 'Workers test']);
  await admin.query('insert into public.workflows (org_id, id, name, document) values ($1, $2, $3, $4)', [org, 'wf-orders', 'Orders', { schemaVersion: 1, name: 'Orders', nodes: [], edges: [] }]);
}, 60_000);

afterAll(async () => {
  await Promise.all(states.map((made) => made.close().catch(() => {})));
  await redis?.stop();
  await cluster?.stop();
});

describe('team execution state in Postgres', () => {
  it('keeps the private schema away from the API roles', async () => {
    const error = await admin
      .query('begin; set local role authenticated; select count(*) from private.executions;')
      .then(() => undefined, (caught: Error) => caught);
    await admin.query('rollback');
    expect(error?.message).toMatch(/permission denied/);
  });

  it('leaves one queued run when 10 enqueuers race on the same dedup key', async () => {
    const enqueuers = Array.from({ length: 10 }, (_, index) => state(`racer-${index}`));
    const results = await Promise.all(enqueuers.map((enqueuer) => enqueuer.enqueue([{ workflowId: 'wf-orders', dedupKey: 'order-7', input: '{"payload":{}}' }])));
    const ids = new Set(results.map(([queued]) => queued!.id));
    expect(ids.size).toBe(1);
    expect(results.filter(([queued]) => !queued!.deduplicated)).toHaveLength(1);
    const { rows } = await admin.query("select id from private.executions where dedup_key = 'order-7'");
    expect(rows).toHaveLength(1);
  });

  it('refuses a run of a workflow the team does not have, and says what to do', async () => {
    await expect(state('w-missing').enqueue([{ workflowId: 'wf-nowhere' }])).rejects.toThrow(/No team workflow 'wf-nowhere': share it with the team first/);
  });

  it('commits the execution row before its job exists: the worker that fetches the job finds the row', async () => {
    const producer = state('producer');
    const consumer = state('consumer');
    const seen: Array<Record<string, unknown> | undefined> = [];
    const queue = new BullExecutionQueue({
      redisUrl: redis.url,
      name: 'commit-order',
      prefix: `state-${process.pid}`,
      concurrency: 4,
      onReady: () => {},
      prepare: async (entry) => {
        const [claimed] = await consumer.claim([entry.executionId]);
        seen.push(claimed ? { status: claimed.row.status, owner: claimed.leaseOwner } : undefined);
        return Boolean(claimed);
      },
    });
    try {
      for (let i = 0; i < 20; i++) {
        const [queued] = await producer.enqueue([{ workflowId: 'wf-orders', input: `{"payload":{"n":${i}}}` }]);
        queue.add({ executionId: queued!.id, workflowId: 'wf-orders', priority: 1, runAt: queued!.runAt, dedupKey: null, limit: 100, child: false, enqueuedAt: Date.now() });
      }
      const deadline = Date.now() + 10_000;
      let taken = 0;
      while (taken < 20 && Date.now() < deadline) {
        const entry = queue.take(4);
        if (entry) {
          taken++;
          queue.release(entry.workflowId, entry.executionId);
        } else await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(taken).toBe(20);
      expect(seen).toHaveLength(20);
      expect(seen.every((claimed) => claimed?.status === 'queued' && claimed.owner === 'consumer')).toBe(true);
    } finally {
      await queue.close();
    }
  });

  it('never lets a late "succeeded" overwrite "cancelled" (compare-and-set on status)', async () => {
    const worker = state('w-cas');
    const [queued] = await worker.enqueue([{ workflowId: 'wf-orders' }]);
    const [claimed] = await worker.claim([queued!.id]);
    const running: ExecutionRow = { ...claimed!.row, status: 'running', startedAt: Date.now() };
    expect(await worker.checkpoint([{ row: running, isNew: false }], [step(running.id, 1, 'running')], [])).toEqual([]);
    expect((await worker.cancel(running.id))?.status).toBe('cancelled');
    const late: ExecutionRow = { ...running, status: 'succeeded', finishedAt: Date.now() };
    expect(await worker.checkpoint([{ row: late, isNew: false }], [step(running.id, 1, 'succeeded')], [])).toEqual([running.id]);
    expect((await row(running.id)).status).toBe('cancelled');
    const steps = (await admin.query('select status from private.execution_steps where execution_id = $1', [running.id])).rows;
    expect(steps).toEqual([{ status: 'cancelled' }]);
    const summary = (await admin.query('select status from public.execution_summaries where org_id = $1 and id = $2', [org, `team-${running.id}`])).rows[0];
    expect(summary?.status).toBe('cancelled');
  });

  it('hands a dead worker\'s run to the next worker with its finished steps, and refuses the old holder\'s writes', async () => {
    const first = state('w-first');
    const second = state('w-second');
    const [queued] = await first.enqueue([{ workflowId: 'wf-orders' }]);
    const [claimed] = await first.claim([queued!.id]);
    const running: ExecutionRow = { ...claimed!.row, status: 'running', startedAt: Date.now() };
    await first.checkpoint([{ row: running, isNew: false }], [step(running.id, 1, 'succeeded'), step(running.id, 2, 'running')], []);

    const [resumed] = await second.claim([running.id]);
    expect(resumed!.leaseOwner).toBe('w-second');
    expect(resumed!.row.recoveries).toBe(1);
    expect(resumed!.steps.map((s) => [s.seq, s.status])).toEqual([
      [1, 'succeeded'],
      [2, 'running'],
    ]);
    // The first worker was only stalled: what it writes now is refused.
    expect(await first.checkpoint([{ row: { ...running, status: 'succeeded', finishedAt: Date.now() }, isNew: false }], [step(running.id, 2, 'succeeded')], [])).toEqual([running.id]);
    expect((await row(running.id)).status).toBe('running');
    // Also a commit carrying only its next step (about to call out): refused, so the call never leaves.
    expect(await first.checkpoint([], [step(running.id, 3, 'running')], [{ key: 'k-late', executionId: running.id, seq: 3, nodeId: 'n3' }])).toEqual([running.id]);
    expect((await admin.query("select count(*)::int as n from private.idempotency_keys where key = 'k-late'")).rows[0].n).toBe(0);
    expect(await second.checkpoint([{ row: { ...resumed!.row, status: 'succeeded', finishedAt: Date.now() }, isNew: false }], [step(running.id, 2, 'succeeded')], [])).toEqual([]);
    expect((await row(running.id)).status).toBe('succeeded');
  });

  it('stops a run that keeps killing its workers as crashed, in the dead letter', async () => {
    const [queued] = await state('w-loop-0').enqueue([{ workflowId: 'wf-orders' }]);
    let last;
    for (let i = 0; i < 5; i++) {
      const worker = state(`w-loop-${i}`);
      const [claimed] = await worker.claim([queued!.id], 2);
      last = claimed!;
      if (claimed!.row.status === 'crashed') break;
      await worker.checkpoint([{ row: { ...claimed!.row, status: 'running', startedAt: claimed!.row.startedAt ?? Date.now() }, isNew: false }], [], []);
    }
    expect(last!.row.status).toBe('crashed');
    expect(last!.row.deadLetter).toBe(1);
    expect(JSON.parse(last!.row.error!).code).toBe('crash_loop');
  });

  it('group-commits through the checkpoint writer: new rows, steps and idempotency keys, once; refusals reach the executor', async () => {
    const worker = state('w-writer');
    const flushed: number[][] = [];
    const refusedIds: number[] = [];
    const writer = new TeamCheckpointWriter(worker, { onFlushed: (rows) => flushed.push(rows.map((r) => r.id)), onRefused: (ids) => refusedIds.push(...ids) }, `o${org.slice(0, 8)}-`);
    const [id] = await worker.reserveIds(1);
    const fresh: ExecutionRow = {
      id: id!,
      workflowId: 'wf-orders',
      workflowVersion: 1,
      workflowName: 'Orders',
      status: 'running',
      trigger: 'manual',
      priority: 1,
      runAt: Date.now(),
      dedupKey: null,
      parentId: null,
      parentKey: null,
      input: null,
      output: null,
      error: null,
      recoveries: 0,
      deadLetter: 0,
      createdAt: Date.now(),
      startedAt: Date.now(),
      finishedAt: null,
      attempts: null,
      attemptStartedAt: null,
    };
    writer.execution(fresh);
    const calling = step(fresh.id, 1, 'running');
    writer.step({ row: calling });
    await writer.flush();
    const key = stepKey(`o${org.slice(0, 8)}-`, calling);
    expect((await admin.query('select execution_id, node_id, owner from private.idempotency_keys where key = $1', [key])).rows).toEqual([{ execution_id: String(fresh.id), node_id: 'node-1', owner: 'w-writer' }]);
    expect((await row(fresh.id)).lease_owner).toBe('w-writer');

    fresh.status = 'succeeded';
    fresh.finishedAt = Date.now();
    calling.status = 'succeeded';
    writer.execution(fresh);
    writer.step({ row: calling });
    await writer.flush();
    expect((await row(fresh.id)).status).toBe('succeeded');
    expect(flushed).toEqual([[fresh.id], [fresh.id]]);

    // Taken over elsewhere: the next write is refused and the executor told.
    await admin.query("update private.executions set lease_owner = 'someone-else', status = 'running' where id = $1", [fresh.id]);
    writer.execution({ ...fresh });
    await writer.flush();
    expect(refusedIds).toEqual([fresh.id]);
    writer.dispose();
  });
});
