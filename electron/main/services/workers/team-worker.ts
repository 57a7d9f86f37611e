import os from 'node:os';
import path from 'node:path';
import type { WorkflowDocument } from '../../../../shared/workflow/document';
import { EchelonError } from '../../../../shared/contract/errors';
import { activityNotifier } from '../engine/activity-notifier';
import { CodeSandbox } from '../engine/code/code-sandbox';
import { DEFAULT_CODE_SETTINGS } from '../engine/code/code-settings';
import { DEFAULT_CONFIG, Executor, type ExecutorBackend } from '../engine/execution/executor';
import type { ExecutionRun } from '../engine/execution/execution-run';
import { compilePlan, type WorkflowPlan } from '../engine/execution/plan';
import type { StepContext } from '../engine/execution/step-context';
import { SecretTaint } from '../engine/expressions/secret-taint';
import type { NodeServices } from '../engine/node-api';
import type { ExecutionRow, StepRow } from '../engine/persistence/execution-repository';
import { StaticDataRepository } from '../engine/persistence/static-data-repository';
import { limitsFromEnv } from '../engine/limits-from-env';
import type { QueueEntry } from '../engine/queue/execution-queue';
import { integrationActions, integrationsHttp, supervisedMcp } from '../engine/service-ports';
import type { Host } from '../host';
import { BullExecutionQueue } from './bull-queue';
import { TeamCheckpointWriter } from './team-checkpoint-writer';
import { ClaimBatcher } from './claim-batcher';
import { NotificationRelay } from './notification-relay';
import { registerWorkerMetrics } from './worker-metrics';
import { TeamDispatch } from './team-dispatch';
import { TeamState } from './team-state';
import { TeamSubWorkflows } from './team-sub-workflows';
import { TeamFiles, TeamPayloadStore } from './team-files';
import { localBinaryServices } from '../engine/binary/local-binaries';
import { loadTeamWorkflows, TeamTriggers } from './team-triggers';

export interface TeamWorkerOptions {
  redisUrl: string;
  postgresUrl: string;
  /** The team (organization id) whose runs this worker takes. */
  org: string;
  /** The queues it takes runs from (`--queues a,b`); the first is where runs it adds go. */
  queues: string[];
  concurrency: number;
  /** Accepts the team's webhooks on this port (`--webhook-port`), and queues their runs. */
  webhookPort?: number;
  webhookHost?: string;
  /** Postgres connections for commits and claims; one team worker lends one to listen for everyone. */
  postgresPool?: number;
  /** The largest binary a step may store (they are kept in the team's Postgres). */
  binaryMaxBytes?: number;
  /** BullMQ key prefix in Redis (tests and benches keep theirs apart). */
  prefix?: string;
  /** This worker's id: unique per process (host and pid by default). */
  id?: string;
  version: string;
  /** How long a dead worker's jobs stay locked before another takes them over. */
  lockDurationMs?: number;
  heartbeatMs?: number;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** Events of the last 60 seconds, in one-second buckets (the Workers page's throughput). */
class MinuteCounter {
  private readonly buckets = new Array<number>(60).fill(0);
  private second = Math.floor(Date.now() / 1000);

  private roll(): void {
    const now = Math.floor(Date.now() / 1000);
    for (let s = this.second + 1; s <= now && s <= this.second + 60; s++) this.buckets[s % 60] = 0;
    this.second = now;
  }

  add(): void {
    this.roll();
    this.buckets[this.second % 60]!++;
  }

  count(): number {
    this.roll();
    return this.buckets.reduce((sum, n) => sum + n, 0);
  }
}

/** How often the team's workflows are read again (schedules, webhook routes). */
const FOLLOW_MS = 10_000;
/** Every this many follows, queued runs without a job are caught up (besides each reconnection). */
const SWEEP_EVERY = 6;

interface Loaded {
  row: ExecutionRow;
  steps: StepRow[];
}

/**
 * `echelon worker`: runs a team's executions from BullMQ with the desktop's executor, its state
 * in the team's Postgres. The worker's own host gives the node implementations their services
 * and its own vault resolves `{{ secrets.NAME }}`: a desktop's vault never leaves the desktop.
 */
export class TeamWorker {
  readonly id: string;
  readonly state: TeamState;
  private readonly executor: Executor;
  private readonly queue: BullExecutionQueue;
  private readonly loaded = new Map<number, Loaded>();
  private readonly plans = new Map<string, Promise<WorkflowPlan>>();
  /** Jobs fetched together are claimed in one round trip. */
  private readonly claims: ClaimBatcher;
  private readonly metrics: { finished(status: string): void };
  private lastHeartbeatAt = 0;
  private readonly lastMinute = new MinuteCounter();
  private readonly sandbox = new CodeSandbox();
  private readonly taint: SecretTaint;
  private readonly dispatch: TeamDispatch;
  private readonly triggers: TeamTriggers;
  private readonly relay: NotificationRelay;
  private readonly subWorkflows: TeamSubWorkflows;
  private readonly files: TeamFiles;
  private heartbeat: NodeJS.Timeout | undefined;
  private follower: NodeJS.Timeout | undefined;
  /** The webhook port once listening (`--webhook-port 0` picks one). */
  webhookPort: number | undefined;
  private status: 'running' | 'draining' | 'stopped' = 'running';
  private follows = 0;
  completed = 0;
  failed = 0;

  constructor(
    private readonly host: Host,
    private readonly options: TeamWorkerOptions,
  ) {
    this.id = options.id ?? `${os.hostname()}-${process.pid}`;
    this.state = new TeamState({ url: options.postgresUrl, org: options.org, owner: this.id, runner: `worker ${this.id}`, poolSize: options.postgresPool, onError: (error) => options.log('warn', `Postgres: ${error.message}`) });
    this.metrics = registerWorkerMetrics(host.telemetry.metrics.registry, {
      running: () => this.executor.running,
      concurrency: options.concurrency,
      queueDepth: () => this.queue.depth,
      lastHeartbeatAt: () => this.lastHeartbeatAt,
    });
    this.claims = new ClaimBatcher((ids) => this.state.claim(ids, this.executor.config.maxRecoveries));
    this.taint = new SecretTaint((label, text) => host.redactor.set(label, text));
    this.subWorkflows = new TeamSubWorkflows({
      state: this.state,
      executor: () => this.executor,
      plan: (workflowId, version) => this.plan(workflowId, version),
      afterCommit: (fn) => this.executor.buffer.afterFlush(fn),
      forget: (id) => this.loaded.delete(id),
    });
    this.files = new TeamFiles(path.join(host.info.dataDir, 'worker-payloads'), options.binaryMaxBytes);
    const keyPrefix = `t${options.org.replace(/-/g, '').slice(0, 12)}-`;
    let queue: BullExecutionQueue | undefined;
    const backend = (wiring: { onReady(): void; onFlushed(rows: ExecutionRow[]): void }): ExecutorBackend => {
      const buffer = new TeamCheckpointWriter(
        this.state,
        {
          onFlushed: wiring.onFlushed,
          onRefused: (ids) => ids.forEach((id) => this.executor.abandon(id, 'This run was cancelled or taken over by another worker.')),
          onError: (error) => options.log('warn', `Postgres commit retried: ${error.message}`),
          files: () => this.files.take(),
        },
        keyPrefix,
      );
      queue = new BullExecutionQueue({
        redisUrl: options.redisUrl,
        name: options.queues[0]!,
        alsoFrom: options.queues.slice(1),
        prefix: options.prefix,
        concurrency: options.concurrency,
        onReady: wiring.onReady,
        afterCommit: (enqueue) => buffer.afterFlush(enqueue),
        prepare: (entry) => this.load(entry, buffer),
        lockDurationMs: options.lockDurationMs,
        stalledIntervalMs: options.lockDurationMs ? Math.max(250, Math.floor(options.lockDurationMs / 2)) : undefined,
        onError: (error) => options.log('warn', `Redis: ${error.message}`),
      });
      return {
        store: { get: (id) => this.loaded.get(id)?.row, steps: (id) => this.loaded.get(id)?.steps ?? [] },
        buffer,
        queue,
        nextId: () => this.subWorkflows.nextId(),
        keyPrefix,
      };
    };
    const payloads = new TeamPayloadStore(this.files, (text) => host.redactor.redact(text));
    this.executor = new Executor(
      backend,
      payloads,
      {
        plan: (workflowId, version) => this.plan(workflowId, version),
        services: (run, step) => this.services(run, step),
        revealSecret: (name, field, workflowId) => {
          const value = host.vault.reveal(name, field, { kind: 'workflow', id: workflowId });
          host.redactor.set(field ? `${name}.${field}` : name, value);
          return value;
        },
        taint: (value, secrets, source) => this.taint.record(value, secrets, source),
        redact: (text) => host.redactor.redact(text),
        onStatus: () => {},
        onStep: () => {},
        onFinished: (row, run) => {
          this.subWorkflows.finished(row, run);
          this.loaded.delete(row.id);
          this.metrics.finished(row.status);
          this.lastMinute.add();
          host.telemetry.metrics.execution(row.workflowId, row.workflowName, row.status, Math.max(0, (row.finishedAt ?? Date.now()) - (row.startedAt ?? row.createdAt)) / 1000);
          if (row.status === 'succeeded') this.completed++;
          else this.failed++;
        },
        onFlushed: () => {},
        log: options.log,
        // Kept in this worker's own data dir: static data is not shared between workers yet.
        staticData: new StaticDataRepository(host.store.db),
        code: { ...DEFAULT_CODE_SETTINGS, ...limitsFromEnv().code },
      },
      { ...DEFAULT_CONFIG, concurrency: options.concurrency },
    );
    this.queue = queue!;
    this.dispatch = new TeamDispatch(this.state, { redisUrl: options.redisUrl, prefix: options.prefix, onError: (error) => options.log('warn', `Redis: ${error.message}`) });
    this.triggers = new TeamTriggers(this.dispatch, { redisUrl: options.redisUrl, prefix: options.prefix, log: options.log });
    // Cancels reach the worker running the job at once; runs queued by desktops get their jobs.
    this.relay = new NotificationRelay({
      redisUrl: options.redisUrl,
      pool: this.state.pool,
      id: this.id,
      scope: `${options.prefix ?? 'echelon'}:team:${options.org}`,
      mayRelay: (options.postgresPool ?? 2) >= 2,
      channels: {
        echelon_cancel: ({ org, id }) => {
          if (org === options.org && typeof id === 'number') this.cancelled(id);
        },
        echelon_enqueue: ({ org, id }) => {
          if (org === options.org && typeof id === 'number') void this.dispatch.notified(id).catch((error: Error) => options.log('warn', `Queuing run ${id} failed: ${error.message}`));
        },
      },
      onListening: () => void this.sweep(),
      onMissed: () => void this.recheckCancels(),
      leaseMs: options.lockDurationMs ? Math.min(3000, options.lockDurationMs) : undefined,
      log: options.log,
    });
  }

  async start(): Promise<void> {
    this.heartbeat = setInterval(() => void this.beat(), this.options.heartbeatMs ?? 5000);
    this.heartbeat.unref();
    void this.beat();
    await this.relay.start();
    void this.sweep();
    if (this.options.webhookPort !== undefined) this.webhookPort = await this.triggers.listen(this.options.webhookPort, this.options.webhookHost ?? '127.0.0.1');
    await this.follow();
    this.follower = setInterval(() => void this.follow(), FOLLOW_MS);
    this.follower.unref();
  }

  /** Keeps schedules and webhook routes to the team's workflows, and catches up on queued runs without a job. */
  private async follow(): Promise<void> {
    try {
      await this.triggers.sync(await loadTeamWorkflows(this.state));
    } catch (error) {
      this.options.log('warn', `Reading the team's workflows failed (${(error as Error).message}); retrying.`);
    }
    if (++this.follows % SWEEP_EVERY === 0) await this.sweep();
  }

  private async sweep(): Promise<void> {
    try {
      await this.dispatch.sweep(this.options.queues);
    } catch (error) {
      this.options.log('warn', `Catching up on queued runs failed (${(error as Error).message}); retrying.`);
    }
  }

  /** Runs this worker holds that were cancelled while no notification could reach it. */
  private async recheckCancels(): Promise<void> {
    const held = [...this.loaded.keys()];
    if (held.length === 0) return;
    try {
      const { rows } = await this.state.pool.query("select id from private.executions where id = any($1) and status = 'cancelled'", [held]);
      for (const row of rows as Array<{ id: string }>) this.cancelled(Number(row.id));
    } catch (error) {
      this.options.log('warn', `Checking for cancelled runs failed: ${(error as Error).message}`);
    }
  }

  private cancelled(id: number): void {
    if (!this.executor.activeRun(id) && !this.queue.has(id)) return;
    this.options.log('info', `Run ${id} was cancelled: stopping it.`);
    this.executor.abandon(id, 'The run was cancelled.');
    this.loaded.delete(id);
  }

  /** Claims a fetched job's run in Postgres and loads its rows: false when it is not this worker's to run. */
  private async load(entry: QueueEntry, buffer: TeamCheckpointWriter): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        const claimed = await this.claims.claim(entry.executionId);
        if (!claimed || claimed.leaseOwner !== this.id || !['queued', 'running', 'waiting'].includes(claimed.row.status)) return false;
        for (const run of [claimed, ...claimed.children]) {
          buffer.known(run.row);
          this.loaded.set(run.row.id, { row: run.row, steps: run.steps });
        }
        this.subWorkflows.adopt(claimed.children.map((child) => child.row));
        // Taken over (it has steps): the files its steps wrote, wherever they ran.
        if (claimed.steps.length > 0) await this.files.fetch(this.state, [claimed.row.id, ...claimed.children.map((child) => child.row.id)]);
        return true;
      } catch (error) {
        if (attempt >= 20) throw error;
        this.options.log('warn', `Claiming run ${entry.executionId} failed (${(error as Error).message}); retrying.`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
  }

  /** A revision never changes: its compiled plan is kept (the last few hundred). */
  private plan(workflowId: string, version: number): Promise<WorkflowPlan> {
    const key = `${workflowId}@${version}`;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = this.compile(workflowId, version);
      plan.catch(() => this.plans.delete(key));
      if (this.plans.size >= 500) this.plans.delete(this.plans.keys().next().value!);
      this.plans.set(key, plan);
    }
    return plan;
  }

  private async compile(workflowId: string, version: number): Promise<WorkflowPlan> {
    const { rows } = await this.state.pool.query('select document from public.workflow_versions where org_id = $1 and workflow_id = $2 and revision = $3', [this.options.org, workflowId, version]);
    const document = rows[0]?.document as WorkflowDocument | undefined;
    if (!document) throw new EchelonError('not_found', `Revision ${version} of team workflow ${workflowId} is not in the team's history: save the workflow again while signed in.`);
    return compilePlan(workflowId, version, document, this.host.engine.nodeTypes);
  }

  private services(run: ExecutionRun, step: StepContext): NodeServices {
    return {
      http: integrationsHttp(this.host.integrations),
      mcp: supervisedMcp(this.host.mcp),
      notifier: activityNotifier(this.host.activity),
      integrations: integrationActions(this.host.integrations),
      runCode: (request) => this.sandbox.run(request),
      runWorkflow: (request) => this.subWorkflows.run(run, `${step.idempotencyKey}:${run.childCalls++}`, request.workflowId, request.items, request.signal),
      respondToWebhook: () => {},
      ...localBinaryServices(run.id, step.node.id, { root: this.files.root, maxBytes: this.files.maxBinaryBytes, written: (file) => this.files.written(file) }),
    };
  }

  /** The row desktops read on the Workers page. */
  private async beat(): Promise<void> {
    try {
      await this.state.pool.query(
        `insert into public.workers (org_id, id, host, version, pid, queues, concurrency, running, completed, failed, per_minute, status, heartbeat_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
         on conflict (org_id, id) do update set running = excluded.running, completed = excluded.completed, failed = excluded.failed, per_minute = excluded.per_minute,
           status = excluded.status, heartbeat_at = now(), concurrency = excluded.concurrency, queues = excluded.queues, pid = excluded.pid, version = excluded.version`,
        [this.options.org, this.id, os.hostname(), this.options.version, process.pid, this.options.queues, this.options.concurrency, this.executor.running, this.completed, this.failed, this.lastMinute.count(), this.status],
      );
      this.lastHeartbeatAt = Date.now();
    } catch (error) {
      this.options.log('warn', `Heartbeat failed: ${(error as Error).message}`);
    }
  }

  /**
   * SIGTERM: takes no more work, hands back jobs not started, lets running runs finish within
   * `graceMs`; what still runs then goes back as it stands (another worker resumes it).
   */
  async stop(graceMs: number): Promise<void> {
    this.status = 'draining';
    if (this.follower) clearInterval(this.follower);
    await this.beat();
    await this.triggers.close();
    await this.queue.stopFetching();
    const deadline = Date.now() + graceMs;
    while (this.executor.running > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    this.executor.dispose();
    await (this.executor.buffer as TeamCheckpointWriter).drain().catch(() => {});
    await this.queue.close();
    this.status = 'stopped';
    await this.relay.stop();
    await this.dispatch.close();
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.beat();
    await this.sandbox.dispose();
    await this.state.close();
  }
}
