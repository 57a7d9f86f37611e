import { Queue } from 'bullmq';
import type { QueueEntry } from '../engine/queue/execution-queue';
import { bullPriority, jobIdOf } from './bull-queue';
import type { QueuedRun, RunRequest, TeamState } from './team-state';

export interface TeamDispatchOptions {
  redisUrl: string;
  prefix?: string;
  onError(error: Error): void;
}

/** Most queued runs one sweep adds jobs for; a longer backlog is caught up by the next sweeps. */
const SWEEP_BATCH = 5000;

/**
 * Turns committed execution rows into BullMQ jobs, always in that order: rows queued by a
 * desktop (`public.enqueue_execution` notifies at commit), by this worker's webhooks and
 * schedule ticks. The job id is the execution id, so every worker may add the same run and
 * one job exists. A sweep after each (re)connection adds the jobs of queued rows a notification
 * missed (Postgres or Redis was away): a row never waits for a job that was never added.
 */
export class TeamDispatch {
  private readonly queues = new Map<string, Queue<QueueEntry>>();

  constructor(
    private readonly state: TeamState,
    private readonly options: TeamDispatchOptions,
  ) {}

  private queue(name: string): Queue<QueueEntry> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<QueueEntry>(name, { connection: { url: this.options.redisUrl, maxRetriesPerRequest: null }, prefix: this.options.prefix ?? 'echelon' });
      queue.on('error', this.options.onError);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Queues runs: rows first (committed), then their jobs. */
  async enqueue(runs: RunRequest[]): Promise<QueuedRun[]> {
    const queued = await this.state.enqueue(runs);
    const jobs = queued.map((run, i) => ({ ...run, workflowId: runs[i]!.workflowId, dedupKey: runs[i]!.dedupKey ?? null }));
    await this.add(jobs.filter((run) => run.status === 'queued'));
    return queued;
  }

  /** Adds the jobs of committed rows (an existing job with the same id stays as it is). */
  async add(runs: Array<Pick<QueuedRun, 'id' | 'queue' | 'priority' | 'runAt'> & { workflowId: string; dedupKey: string | null }>): Promise<void> {
    const byQueue = new Map<string, typeof runs>();
    for (const run of runs) byQueue.set(run.queue, [...(byQueue.get(run.queue) ?? []), run]);
    const now = Date.now();
    await Promise.all(
      [...byQueue].map(([name, list]) =>
        this.queue(name).addBulk(
          list.map((run) => ({
            name: 'run',
            data: { executionId: run.id, workflowId: run.workflowId, priority: run.priority, runAt: run.runAt, dedupKey: run.dedupKey, limit: 1000, child: false, enqueuedAt: now },
            opts: { jobId: jobIdOf(run.id), priority: bullPriority(run.priority), delay: Math.max(0, run.runAt - now) },
          })),
        ),
      ),
    );
  }

  /** The run a notification names, if it is still queued. */
  async notified(id: number): Promise<void> {
    await this.addQueued('and e.id = $3', [id]);
  }

  /** Jobs for every queued run of the team in `queues` (after a reconnection, at start). */
  async sweep(queues: string[]): Promise<number> {
    return this.addQueued('and e.queue = any($3)', [queues]);
  }

  private async addQueued(filter: string, values: unknown[]): Promise<number> {
    const { rows } = await this.state.pool.query(
      `select e.id, e.queue, e.priority, e.run_at, e.workflow_id, e.dedup_key from private.executions e
       where e.org_id = $1 and e.status = 'queued' and e.parent_id is null ${filter} order by e.id limit $2`,
      [this.state.options.org, SWEEP_BATCH, ...values],
    );
    await this.add(
      rows.map((row: Record<string, unknown>) => ({
        id: Number(row.id),
        queue: String(row.queue),
        priority: Number(row.priority),
        runAt: Number(row.run_at),
        workflowId: String(row.workflow_id),
        dedupKey: (row.dedup_key as string | null) ?? null,
      })),
    );
    return rows.length;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => {})));
  }
}
