import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionQueue, QueueEntry } from '../../electron/main/services/engine/queue/execution-queue';
import { RunQueue } from '../../electron/main/services/engine/queue/run-queue';
import { BullExecutionQueue } from '../../electron/main/services/workers/bull-queue';
import { startRedis, type RedisServer } from '../helpers/redis';

/**
 * One contract for the executor's queue, held against both implementations: the embedded
 * `RunQueue` (desktop, `echelon serve`) and `BullExecutionQueue` on a real Redis (workers).
 */

interface Subject {
  queue: ExecutionQueue;
  /** Resolves once what was added is where the queue keeps it (Redis for BullMQ). */
  settled(): Promise<void>;
  readyCalls(): number;
  close(): Promise<void>;
}

let redis: RedisServer;
const HOLD_ONE_JOB = fileURLToPath(new URL('../fixtures/workers/hold-one-job.ts', import.meta.url));
let queues = 0;

const implementations: Array<[string, (concurrency: number) => Subject]> = [
  [
    'embedded RunQueue',
    () => {
      let ready = 0;
      const queue = new RunQueue(() => ready++);
      return { queue, settled: async () => {}, readyCalls: () => ready, close: async () => queue.dispose() };
    },
  ],
  [
    'BullMQ on Redis',
    (concurrency) => {
      let ready = 0;
      const queue = new BullExecutionQueue({ redisUrl: redis.url, name: `contract-${++queues}`, prefix: `contract-${process.pid}`, concurrency, onReady: () => ready++ });
      return { queue, settled: () => queue.settled(), readyCalls: () => ready, close: () => queue.close() };
    },
  ],
];

let nextId = 1;
const entry = (overrides: Partial<QueueEntry> = {}): QueueEntry => ({
  executionId: nextId++,
  workflowId: 'wf-a',
  priority: 1,
  runAt: Date.now(),
  dedupKey: null,
  limit: 100,
  child: false,
  enqueuedAt: Date.now(),
  ...overrides,
});

/** The next run `take` hands out within `ms`, or undefined. */
async function takeWithin(queue: ExecutionQueue, limit: number, ms = 3000): Promise<QueueEntry | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const taken = queue.take(limit);
    if (taken || Date.now() > deadline) return taken;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  await redis?.stop();
});

describe.each(implementations)('execution queue contract: %s', (_name, make) => {
  let subject: Subject | undefined;
  const open = (concurrency = 8) => (subject = make(concurrency));

  afterEach(async () => {
    await subject?.close();
    subject = undefined;
  });

  it('hands out what was added once, counts it running until released, and tells when work is ready', async () => {
    const { queue, settled, readyCalls } = open();
    const added = entry();
    queue.add(added);
    expect(queue.has(added.executionId)).toBe(true);
    await settled();
    const taken = await takeWithin(queue, 8);
    expect(taken?.executionId).toBe(added.executionId);
    expect(queue.running).toBe(1);
    expect(queue.has(added.executionId)).toBe(false);
    expect(await takeWithin(queue, 8, 300)).toBeUndefined();
    const before = readyCalls();
    queue.release(added.workflowId, added.executionId);
    expect(queue.running).toBe(0);
    expect(readyCalls()).toBeGreaterThan(before);
  });

  it('orders by priority lane, then age', async () => {
    const { queue, settled } = open(1);
    const blocker = entry();
    queue.add(blocker);
    await settled();
    expect((await takeWithin(queue, 1))?.executionId).toBe(blocker.executionId);
    const low = entry({ priority: 2 });
    const normal = entry({ priority: 1 });
    const high = entry({ priority: 0 });
    const secondHigh = entry({ priority: 0 });
    for (const added of [low, normal, high, secondHigh]) queue.add(added);
    await settled();
    queue.release(blocker.workflowId, blocker.executionId);
    const order: number[] = [];
    for (let i = 0; i < 4; i++) {
      const taken = await takeWithin(queue, 1);
      expect(taken).toBeDefined();
      order.push(taken!.executionId);
      queue.release(taken!.workflowId, taken!.executionId);
    }
    expect(order).toEqual([high.executionId, secondHigh.executionId, normal.executionId, low.executionId]);
  });

  it('holds a delayed run until it is due, then wakes the executor', async () => {
    const { queue, settled, readyCalls } = open();
    const delayed = entry({ runAt: Date.now() + 600 });
    queue.add(delayed);
    await settled();
    expect(queue.stats().delayed).toBe(1);
    expect(queue.take(8)).toBeUndefined();
    const before = readyCalls();
    const started = Date.now();
    while (readyCalls() === before && Date.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 5));
    // BullMQ's delays are kept to the millisecond in Redis; a little slack for clocks.
    expect(Date.now()).toBeGreaterThanOrEqual(delayed.runAt - 20);
    expect(queue.take(8)?.executionId).toBe(delayed.executionId);
  });

  it('keeps one run per execution id however often it is added', async () => {
    const { queue, settled } = open();
    const added = entry();
    queue.add(added);
    queue.add({ ...added });
    await settled();
    queue.add({ ...added });
    await settled();
    expect((await takeWithin(queue, 8))?.executionId).toBe(added.executionId);
    expect(await takeWithin(queue, 8, 500)).toBeUndefined();
  });

  it('names the pending run of a dedup key', async () => {
    const { queue } = open();
    const added = entry({ dedupKey: 'order-42' });
    queue.add(added);
    expect(queue.pendingWithKey('order-42')?.executionId).toBe(added.executionId);
    expect(queue.pendingWithKey('order-43')).toBeUndefined();
  });

  it('drops a cancelled pending run, at once or once it waits in the queue', async () => {
    const { queue, settled } = open();
    const atOnce = entry();
    queue.add(atOnce);
    expect(queue.remove(atOnce.executionId)).toBe(true);
    const later = entry({ runAt: Date.now() + 300 });
    queue.add(later);
    await settled();
    queue.remove(later.executionId);
    await settled();
    expect(await takeWithin(queue, 8, 800)).toBeUndefined();
    expect(queue.has(atOnce.executionId)).toBe(false);
  });

  it('keeps the global limit, and a workflow to its own limit while other workflows run', async () => {
    const { queue, settled } = open(3);
    const first = entry({ workflowId: 'wf-limited', limit: 1 });
    const second = entry({ workflowId: 'wf-limited', limit: 1 });
    const other = entry({ workflowId: 'wf-free' });
    const fourth = entry({ workflowId: 'wf-free' });
    for (const added of [first, second, other, fourth]) queue.add(added);
    await settled();
    const taken = [await takeWithin(queue, 2), await takeWithin(queue, 2)];
    expect(taken.map((t) => t?.executionId).sort()).toEqual([first.executionId, other.executionId].sort());
    expect(await takeWithin(queue, 2, 300)).toBeUndefined();
    queue.release(first.workflowId, first.executionId);
    const next = await takeWithin(queue, 2);
    expect(next?.executionId).toBe(second.executionId);
    expect(await takeWithin(queue, 2, 300)).toBeUndefined();
    queue.release(other.workflowId, other.executionId);
    expect((await takeWithin(queue, 2))?.executionId).toBe(fourth.executionId);
  });

  it('parks a running run until later (a retry with backoff) and hands it out again then', async () => {
    const { queue, settled } = open();
    const run = entry();
    queue.add(run);
    await settled();
    const taken = await takeWithin(queue, 8);
    expect(taken?.executionId).toBe(run.executionId);
    queue.add({ ...run, runAt: Date.now() + 400 });
    queue.release(run.workflowId, run.executionId);
    await settled();
    expect(await takeWithin(queue, 8, 200)).toBeUndefined();
    const again = await takeWithin(queue, 8, 5000);
    expect(again?.executionId).toBe(run.executionId);
  });

  it('starts a sub-workflow run past the global limit (its parent holds a slot waiting for it)', async () => {
    const { queue, settled } = open(1);
    const parent = entry();
    queue.add(parent);
    await settled();
    expect((await takeWithin(queue, 1))?.executionId).toBe(parent.executionId);
    const child = entry({ child: true });
    queue.add(child);
    await settled();
    expect((await takeWithin(queue, 1))?.executionId).toBe(child.executionId);
  });
});

describe('BullMQ queue across workers', () => {
  // A short lock only where a lapse is the point: on a loaded machine a 1 s lock lapses now and then.
  const open = (name: string, concurrency: number, lockDurationMs = 30_000) =>
    new BullExecutionQueue({ redisUrl: redis.url, name, prefix: `shared-${process.pid}`, concurrency, onReady: () => {}, lockDurationMs, stalledIntervalMs: 300 });

  it('hands each of 300 runs to exactly one of 3 workers', async () => {
    const workers = [open('spread', 16), open('spread', 16), open('spread', 16)];
    try {
      const ids = Array.from({ length: 300 }, () => entry());
      for (const added of ids) workers[added.executionId % 3]!.add(added);
      await Promise.all(workers.map((worker) => worker.settled()));
      const seen = new Map<number, number>();
      const deadline = Date.now() + 20_000;
      while (seen.size < 300 && Date.now() < deadline) {
        for (const [index, worker] of workers.entries()) {
          for (let taken = worker.take(16); taken; taken = worker.take(16)) {
            expect(seen.has(taken.executionId), `run ${taken.executionId} handed out twice`).toBe(false);
            seen.set(taken.executionId, index);
            worker.release(taken.workflowId, taken.executionId);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(seen.size).toBe(300);
      expect(new Set(seen.values()).size).toBe(3);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
    }
  }, 30_000);

  it('gives the run of a worker killed with SIGKILL to another worker once its lock lapses', async () => {
    const run = entry();
    const dying = spawn(process.execPath, ['--import', 'tsx', HOLD_ONE_JOB, redis.url, 'takeover', `shared-${process.pid}`, '1000', String(run.executionId)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => dying.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      dying.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes(`taken ${run.executionId}`) && resolve());
      dying.once('exit', (code) => reject(new Error(`the holding worker exited with ${code}`)));
    });
    dying.kill('SIGKILL');
    await exited;
    const rescuer = open('takeover', 4, 1000);
    try {
      const resumed = await takeWithin(rescuer, 4, 10_000);
      expect(resumed?.executionId).toBe(run.executionId);
    } finally {
      await rescuer.close();
    }
  }, 30_000);

  it('hands the runs of a worker that stops back at once', async () => {
    const leaving = open('handback', 4);
    const run = entry();
    leaving.add(run);
    await leaving.settled();
    expect((await takeWithin(leaving, 4))?.executionId).toBe(run.executionId);
    await leaving.close();
    const next = open('handback', 4);
    try {
      expect((await takeWithin(next, 4, 3000))?.executionId).toBe(run.executionId);
    } finally {
      await next.close();
    }
  });
});
