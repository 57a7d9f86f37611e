import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import pg from 'pg';
import type { QueueEntry } from '../../electron/main/services/engine/queue/execution-queue';
import { jobIdOf } from '../../electron/main/services/workers/bull-queue';
import { TeamState } from '../../electron/main/services/workers/team-state';
import { CLI, REPO } from './cli';
import { startPostgres, type PostgresCluster } from './postgres';
import { startRedis, type RedisServer } from './redis';
import { createTeamDatabase } from './supabase-db';

/**
 * A team's worker setup for tests and benches: a real PostgreSQL with the team schema, a real
 * Redis, a worker login role, an organization, and `echelon worker` child processes (the built
 * CLI: `npm run build` first).
 */
export interface TeamRig {
  cluster: PostgresCluster;
  redis: RedisServer;
  admin: pg.Client;
  /** The workers' connection string (a login in `echelon_worker`). */
  workerUrl: string;
  org: string;
  /** Queues runs as a desktop's engine would: rows, then jobs. */
  producer: TeamState;
  queue: Queue<QueueEntry>;
  workers: ChildProcess[];
  shareWorkflow(id: string, nodes: TeamNode[], settings?: Record<string, unknown>): Promise<void>;
  enqueue(workflowId: string, count?: number): Promise<number[]>;
  startWorker(name: string, extra?: string[], env?: NodeJS.ProcessEnv): Promise<ChildProcess & { output(): string }>;
  /** SIGKILLs the workers still running (after each test). */
  killWorkers(): void;
  stop(): Promise<void>;
}

export type TeamNode = { id: string; type: string; parameters: Record<string, unknown> };

export const httpNode = (id: string, url: string): TeamNode => ({ id, type: 'http-request.send', parameters: { url } });
export const setNode = (id: string, name: string, value: unknown): TeamNode => ({ id, type: 'transform.edit', parameters: { fields: [{ name, value }] } });

export async function startTeamRig(): Promise<TeamRig> {
  const [cluster, redis] = await Promise.all([startPostgres(), startRedis()]);
  const { url, database } = await createTeamDatabase(cluster);
  const admin = await cluster.connect(database);
  await admin.query(`create role worker_login login password 'worker-secret' in role echelon_worker`).catch((error: { code?: string }) => {
    if (error.code !== '42710') throw error;
  });
  const workerUrl = url.replace(/^postgres:\/\/[^@]+@/, 'postgres://worker_login:worker-secret@');
  const org = randomUUID();
  await admin.query('insert into public.organizations (id, name) values ($1, $2)', [org, 'Team workers']);
  const producer = new TeamState({ url: workerUrl, org, owner: 'desktop' });
  const queue = new Queue<QueueEntry>('default', { connection: { url: redis.url }, prefix: 'echelon' });
  const workers: ChildProcess[] = [];
  // Each worker's own data dir (its vault, logs); not the vitest temp-dir helper, so benches use this too.
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-team-workers-'));

  const rig: TeamRig = {
    cluster,
    redis,
    admin,
    workerUrl,
    org,
    producer,
    queue,
    workers,
    async shareWorkflow(id, nodes, settings = {}) {
      const trigger = nodes[0]?.type.endsWith('.trigger') ? [] : [{ id: 'start', type: 'manual.trigger', parameters: {} }];
      const all = [...trigger, ...nodes].map((node) => ({ typeVersion: '1.0.0', name: node.id, position: { x: 0, y: 0 }, ...node }));
      const document = { schemaVersion: 1, name: id, nodes: all, edges: all.slice(1).map((node, i) => ({ from: { node: all[i]!.id, output: 'main' }, to: { node: node.id, input: 'main' } })), settings };
      await admin.query(
        'insert into public.workflows (org_id, id, name, document, revision) values ($1, $2, $3, $4, 1) on conflict (org_id, id) do update set document = excluded.document, revision = public.workflows.revision + 1',
        [org, id, id, document],
      );
    },
    async enqueue(workflowId, count = 1) {
      const queued = await producer.enqueue(Array.from({ length: count }, () => ({ workflowId, input: JSON.stringify({ payload: {} }) })));
      const now = Date.now();
      await queue.addBulk(
        queued.map((run) => ({
          name: 'run',
          data: { executionId: run.id, workflowId, priority: 1, runAt: run.runAt, dedupKey: null, limit: 1000, child: false, enqueuedAt: now },
          opts: { jobId: jobIdOf(run.id), priority: 2 },
        })),
      );
      return queued.map((run) => run.id);
    },
    async startWorker(name, extra = [], env = {}) {
      const child = spawn(
        process.execPath,
        [CLI, '--data-dir', fs.mkdtempSync(path.join(dataRoot, `${name}-`)), 'worker', '--redis', redis.url, '--postgres', workerUrl, '--org', org, '--id', name, '--lock-ms', '1500', ...extra],
        { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
      );
      workers.push(child);
      let output = '';
      child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker ${name} did not start: ${output}`)), 60_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          output = (output + chunk).slice(-20_000);
          if (output.includes('is taking runs')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}: ${output}`)));
      });
      return Object.assign(child, { output: () => output });
    },
    killWorkers() {
      for (const child of workers.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    async stop() {
      rig.killWorkers();
      await queue.close().catch(() => {});
      await producer.close().catch(() => {});
      await redis.stop();
      await cluster.stop();
      fs.rmSync(dataRoot, { recursive: true, force: true });
    },
  };
  return rig;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
