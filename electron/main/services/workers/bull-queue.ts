import { DelayedError, Queue, WaitingError, Worker, type Job } from 'bullmq';
import type { ExecutionQueue, QueueEntry, QueueStats } from '../engine/queue/execution-queue';
import { RunQueue } from '../engine/queue/run-queue';

export interface BullQueueOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  redisUrl: string;
  /** The BullMQ queue (`echelon worker --queues`): runs added here go to it. */
  name: string;
  /** More queues this process takes jobs from (`--queues a,b`), into the same slots. */
  alsoFrom?: string[];
  /** Called when a run may have become startable (a job arrived, a slot freed). */
  onReady: () => void;
  /** Jobs this process holds at once: the executor's concurrency. */
  concurrency: number;
  /**
   * Runs `enqueue` once the execution rows written so far are committed: a job never exists
   * before its row (n8n's "worker failed to find data for execution" is the opposite order).
   */
  afterCommit?: (enqueue: () => void) => void;
  /**
   * Readies a job's run before it is handed out (a worker claims it in Postgres and loads its
   * rows); false drops the job (the run finished or was cancelled meanwhile).
   */
  prepare?: (entry: QueueEntry) => Promise<boolean>;
  /** How long a job stays locked without renewal before another worker may take it over. */
  lockDurationMs?: number;
  /** How often locks are checked for lapsed ones. */
  stalledIntervalMs?: number;
  /** Takeovers after which a job goes to the dead letter (BullMQ's failed set). */
  maxStalledCount?: number;
  /** Key prefix in Redis (tests and benches use their own). */
  prefix?: string;
  onError?: (error: Error) => void;
}

interface Held {
  job: Job<QueueEntry>;
  token: string | undefined;
  /** Settles the job: completed, or parked until the entry's `runAt` (a wait, a retry's backoff). */
  settle: (park: QueueEntry | undefined) => void;
  park?: QueueEntry;
}

/** BullMQ priorities: 0 is "none" (before every prioritized job), so lanes 0–2 map to 1–3. */
export const bullPriority = (lane: number) => lane + 1;
/** BullMQ refuses integer job ids. */
export const jobIdOf = (executionId: number) => `run-${executionId}`;

/**
 * The executor's queue on BullMQ, shared by every `echelon worker` of a team. A job per run
 * (job id = execution id, so adding a run twice leaves one job); priorities, delays and parked
 * runs (`moveToDelayed`) are BullMQ's; a job stays locked while its run is held here, and a
 * worker that dies loses its locks, so BullMQ hands its runs to another worker (its stalled-job
 * check), and past `maxStalledCount` takeovers to the failed set, the dead letter.
 *
 * Jobs this process holds go through a local `RunQueue`, which orders them and keeps
 * per-workflow limits (per worker). Sub-workflow runs never leave the process: they run where
 * their parent waits, and would deadlock behind a full worker otherwise.
 */
export class BullExecutionQueue implements ExecutionQueue {
  private readonly queue: Queue<QueueEntry>;
  private readonly others: Array<Queue<QueueEntry>>;
  private readonly workers: Array<Worker<QueueEntry>>;
  private readonly local: RunQueue;
  private readonly held = new Map<number, Held>();
  /** Added here and not yet in Redis. */
  private readonly sending = new Map<number, QueueEntry & { sent?: Promise<unknown> }>();
  private readonly sends = new Set<Promise<unknown>>();
  /** Jobs being moved back to Redis (parked, handed back). */
  private readonly parking = new Set<Promise<void>>();
  private remote = { ready: 0, delayed: 0 };
  private readonly refresher: NodeJS.Timeout;
  private closed = false;
  /** Cancelled while their job was on its way to Redis: dropped if a worker fetches it first. */
  private readonly cancelled = new Set<number>();
  /** Runs ended here whose rows are not committed yet: their jobs complete once they are. */
  private readonly finishing = new Map<number, Promise<void>>();

  constructor(private readonly options: BullQueueOptions) {
    const connection = { url: options.redisUrl, maxRetriesPerRequest: null, enableOfflineQueue: true };
    const prefix = options.prefix ?? 'echelon';
    this.queue = new Queue<QueueEntry>(options.name, { connection, prefix });
    const names = [options.name, ...(options.alsoFrom ?? []).filter((name) => name !== options.name)];
    this.others = names.slice(1).map((name) => new Queue<QueueEntry>(name, { connection, prefix }));
    this.local = new RunQueue(options.onReady);
    this.workers = names.map(
      (name) =>
        new Worker<QueueEntry>(name, (job, token) => this.process(job, token), {
          connection,
          prefix,
          concurrency: options.concurrency,
          lockDuration: options.lockDurationMs ?? 30_000,
          stalledInterval: options.stalledIntervalMs ?? 15_000,
          maxStalledCount: options.maxStalledCount ?? 3,
          removeOnComplete: { count: 0 },
          removeOnFail: { count: 10_000 },
        }),
    );
    const report = (error: Error) => options.onError?.(error);
    for (const queue of [this.queue, ...this.others]) queue.on('error', report);
    for (const worker of this.workers) worker.on('error', report);
    this.refresher = setInterval(() => void this.refresh(), 1000);
    this.refresher.unref();
  }

  get depth(): number {
    return this.local.depth + this.sending.size + this.remote.ready + this.remote.delayed;
  }

  get running(): number {
    return this.local.running;
  }

  pendingWithKey(key: string): QueueEntry | undefined {
    const local = this.local.pendingWithKey(key);
    if (local) return local;
    for (const entry of this.sending.values()) if (entry.dedupKey === key) return entry;
    return undefined;
  }

  has(executionId: number): boolean {
    return this.local.has(executionId) || this.sending.has(executionId);
  }

  add(entry: QueueEntry): void {
    const held = this.held.get(entry.executionId);
    if (held) {
      // A run this process holds parks (a wait, a retry's backoff): its job moves to delayed at release.
      held.park = entry;
      return;
    }
    if (entry.child) {
      this.local.add(entry);
      return;
    }
    const sending: QueueEntry & { sent?: Promise<unknown> } = { ...entry };
    this.sending.set(entry.executionId, sending);
    const send = () => {
      if (this.sending.get(entry.executionId) !== sending) return;
      const added = this.queue.add('run', entry, {
        jobId: jobIdOf(entry.executionId),
        priority: bullPriority(entry.priority),
        delay: Math.max(0, entry.runAt - Date.now()),
      });
      sending.sent = added;
      this.track(added.finally(() => {
        if (this.sending.get(entry.executionId) === sending) this.sending.delete(entry.executionId);
      }));
    };
    if (this.options.afterCommit) this.options.afterCommit(send);
    else send();
  }

  remove(executionId: number): boolean {
    const sending = this.sending.get(executionId);
    if (sending) {
      this.sending.delete(executionId);
      // Already on its way to Redis: removed once it is there.
      if (sending.sent) {
        this.cancelled.add(executionId);
        this.track(sending.sent.then(() => this.queue.remove(jobIdOf(executionId))));
      }
      return true;
    }
    if (this.local.remove(executionId)) {
      this.held.get(executionId)?.settle(undefined);
      this.held.delete(executionId);
      return true;
    }
    // Waiting or delayed in Redis: removed there (a job another worker runs is locked and stays; its cancel goes through Postgres).
    if (!this.closed) for (const queue of [this.queue, ...this.others]) this.track(queue.remove(jobIdOf(executionId)));
    return false;
  }

  take(globalLimit: number): QueueEntry | undefined {
    return this.local.take(globalLimit);
  }

  claim(workflowId: string): void {
    this.local.claim(workflowId);
  }

  release(workflowId: string, executionId: number): void {
    const held = this.held.get(executionId);
    this.held.delete(executionId);
    this.local.release(workflowId);
    if (!held) return;
    // The job completes only once the run's rows are committed: until then its row may still say
    // "queued", and a job added again for it (a sweep) must find this one and leave it be.
    if (this.options.afterCommit && !held.park) {
      const committed = new Promise<void>((resolve) =>
        this.options.afterCommit!(() => {
          this.finishing.delete(executionId);
          resolve();
        }),
      );
      this.finishing.set(executionId, committed);
      void committed.then(() => held.settle(undefined));
    } else held.settle(held.park);
  }

  stats(): QueueStats {
    const local = this.local.stats();
    return { ready: local.ready + this.remote.ready + this.sending.size, delayed: local.delayed + this.remote.delayed, lagMs: local.lagMs };
  }

  /** Keeps a Redis call for `settled()`, and refreshes the counts once it is done. */
  private track(call: Promise<unknown>): void {
    const done: Promise<unknown> = call
      .then(
        () => undefined,
        (error: Error) => this.options.onError?.(error),
      )
      .finally(() => {
        this.sends.delete(done);
        void this.refresh();
      });
    this.sends.add(done);
  }

  /** Resolves once every run added (or removed) so far is in Redis. */
  async settled(): Promise<void> {
    while (this.sends.size > 0) await Promise.all([...this.sends]);
    await this.refresh();
  }

  /** Counts in Redis, for depth (backpressure) and stats. */
  async refresh(): Promise<void> {
    if (this.closed) return;
    try {
      const all = await Promise.all([this.queue, ...this.others].map((queue) => queue.getJobCounts('wait', 'prioritized', 'delayed')));
      const remote = { ready: 0, delayed: 0 };
      for (const counts of all) {
        remote.ready += (counts.wait ?? 0) + (counts.prioritized ?? 0);
        remote.delayed += counts.delayed ?? 0;
      }
      this.remote = remote;
    } catch {
      // Redis is away: the last counts stand until it is back.
    }
  }

  /** A job this process fetched: held, locked, until its run is released here. */
  private async process(job: Job<QueueEntry>, token: string | undefined): Promise<void> {
    const entry: QueueEntry = { ...job.data, runAt: Math.min(job.data.runAt, Date.now()), removed: undefined };
    if (this.cancelled.delete(entry.executionId)) return;
    const finishing = this.finishing.get(entry.executionId);
    // Its run ended here and its rows are being committed: this job is done once they are.
    if (finishing) return finishing;
    const previous = this.held.get(entry.executionId);
    const park = previous
      ? // Its lock lapsed (Redis was away, or this process was starved) and BullMQ handed the job back
        // to this same process: the run goes on here under the new lock, never started twice.
        await new Promise<QueueEntry | undefined>((settle) => {
          this.held.set(entry.executionId, { job, token, settle, park: previous.park });
          previous.settle(undefined);
        })
      : await this.hold(job, token, entry);
    if (!park) return;
    const due = park.runAt <= Date.now();
    const moved = due ? job.moveToWait(token).then(() => undefined) : job.moveToDelayed(park.runAt, token);
    this.parking.add(moved);
    try {
      await moved;
    } finally {
      this.parking.delete(moved);
    }
    throw due ? new WaitingError() : new DelayedError();
  }

  /** Prepares and holds a fetched job until its run is released here. */
  private async hold(job: Job<QueueEntry>, token: string | undefined, entry: QueueEntry): Promise<QueueEntry | undefined> {
    if (this.options.prepare && !(await this.options.prepare(entry))) return undefined;
    return new Promise<QueueEntry | undefined>((settle) => {
      this.held.set(entry.executionId, { job, token, settle });
      this.local.add(entry);
      this.options.onReady();
    });
  }

  /** Takes no more jobs; jobs held and not started go back to Redis for other workers. */
  async stopFetching(): Promise<void> {
    await this.pauseAll();
    for (const [id, held] of this.held) {
      if (!this.local.remove(id)) continue;
      this.held.delete(id);
      held.settle({ ...held.job.data, runAt: Date.now() });
    }
  }

  /**
   * Stops. Every job still held goes back to Redis, due now: its run's state is committed (the
   * caller drained its writes first), so another worker resumes it where it stands.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.settled().catch(() => {});
    this.closed = true;
    clearInterval(this.refresher);
    // Paused first: a job handed back is due now, and this worker must not fetch it again.
    await this.pauseAll();
    for (const [id, held] of this.held) {
      this.local.remove(id);
      held.settle({ ...held.job.data, runAt: Date.now() });
    }
    this.held.clear();
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.allSettled([...this.parking]);
    await Promise.all(this.workers.map((worker) => worker.close(true).catch(() => {})));
    await Promise.all([this.queue, ...this.others].map((queue) => queue.close().catch(() => {})));
    this.local.dispose();
  }

  private async pauseAll(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.pause(true).catch(() => {})));
  }

  dispose(): void {
    void this.close();
  }
}
