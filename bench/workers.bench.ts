// Team workers (`echelon worker` processes on a real Redis and PostgreSQL): executions per second
// of webhook → set → set with 1, 2 and 3 workers, enqueue → start latency, the Postgres
// connections each worker holds, and where the time goes (worker CPU, Postgres commits).
import fs from 'node:fs';
import os from 'node:os';
import { setNode, startTeamRig, until, type TeamRig } from '../tests/helpers/team-workers';
import { percentiles, report, round } from './stats';

const RUNS = Number(process.env.BENCH_WORKERS_RUNS ?? 2000);
const LATENCY_SAMPLES = 200;
// The issue asks for 1, 2 and 4 workers; on 2 cores a fourth shows where CPU runs out.
const WORKER_COUNTS = [1, 2, 4];
const TICKS = 100; // clock ticks per second of /proc/<pid>/stat on Linux

/** CPU seconds a process has used (user + system). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function succeeded(rig: TeamRig): Promise<number> {
  const { rows } = await rig.admin.query("select count(*)::int as n from private.executions where workflow_id = 'bench' and status = 'succeeded'");
  return rows[0].n as number;
}

async function commits(rig: TeamRig): Promise<number> {
  const { rows } = await rig.admin.query('select sum(xact_commit)::bigint as n from pg_stat_database');
  return Number(rows[0].n);
}

async function throughput(rig: TeamRig, workers: number): Promise<void> {
  const children = await Promise.all(Array.from({ length: workers }, (_, i) => rig.startWorker(`bench-${workers}-${i}`, ['--concurrency', '64'])));
  const before = await succeeded(rig);
  const cpuBefore = children.map((child) => cpuSeconds(child.pid!));
  const commitsBefore = await commits(rig);
  const started = performance.now();
  for (let sent = 0; sent < RUNS; sent += 500) await rig.enqueue('bench', Math.min(500, RUNS - sent));
  let connections = 0;
  await until(
    'the runs',
    async () => {
      const { rows } = await rig.admin.query("select count(*)::int as n from pg_stat_activity where application_name like 'echelon-worker bench-%'");
      connections = Math.max(connections, rows[0].n as number);
      return (await succeeded(rig)) - before >= RUNS ? true : undefined;
    },
    600_000,
  );
  const seconds = (performance.now() - started) / 1000;
  const workerCpu = children.reduce((sum, child, i) => sum + cpuSeconds(child.pid!) - cpuBefore[i]!, 0);
  const machine = seconds * os.availableParallelism();
  const perSecond = RUNS / seconds;
  const commitsPerSecond = ((await commits(rig)) - commitsBefore) / seconds;
  // Where the time goes: the workers' share of the machine's CPU; the rest is Postgres, Redis and the enqueuer.
  const workerShare = workerCpu / machine;
  const load = os.loadavg()[0]! / os.availableParallelism();
  report({
    bench: 'workers',
    case: `throughput, ${workers} worker${workers === 1 ? '' : 's'}`,
    workers,
    runs: RUNS,
    executionsPerSecond: round(perSecond, 1),
    goal: workers === 2 ? '≥ 1,000/s with 2 workers' : undefined,
    workerCpuShare: round(workerShare, 2),
    postgresCommitsPerSecond: round(commitsPerSecond, 0),
    postgresConnectionsPerWorker: round(connections / workers, 1),
    bottleneck:
      load > 1.5
        ? `CPU: the machine is oversubscribed (load ${round(os.loadavg()[0]!, 1)} on ${os.availableParallelism()} cores), every process waits for a core; these figures are a floor`
        : workerShare > 0.6
          ? 'CPU (the workers’ own engine work)'
          : `Postgres commits (${round(commitsPerSecond, 0)}/s) and Redis round trips: the workers wait on them`,
    loadAverage: round(os.loadavg()[0]!, 1),
  });
  rig.killWorkers();
}

/** One idle worker; runs queued one at a time: from the row's commit to the run's start. */
async function pickup(rig: TeamRig): Promise<void> {
  await rig.startWorker('bench-latency', ['--concurrency', '16']);
  const ids: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    ids.push(...(await rig.enqueue('bench')));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await until('the latency runs', async () => {
    const { rows } = await rig.admin.query("select count(*)::int as n from private.executions where id = any($1) and status = 'succeeded'", [ids]);
    return rows[0].n === ids.length ? true : undefined;
  });
  const { rows } = await rig.admin.query('select started_at - created_at as ms from private.executions where id = any($1)', [ids]);
  const { p50, p95, p99 } = percentiles(rows.map((row) => Number(row.ms)));
  report({ bench: 'workers', case: 'enqueue → start latency, 1 idle worker', samples: ids.length, p50Ms: round(p50, 1), p95Ms: round(p95, 1), p99Ms: round(p99, 1), goal: 'p95 < 50 ms', loadAverage: round(os.loadavg()[0]!, 1) });
  rig.killWorkers();
}

export default async function workersBench(): Promise<void> {
  const rig = await startTeamRig();
  try {
    await rig.shareWorkflow('bench', [{ id: 'hook', type: 'webhook.trigger', parameters: { path: 'bench', method: 'POST' } }, setNode('a', 'a', 1), setNode('b', 'b', '={{ $json.a + 1 }}')], { runOn: 'team' });
    await pickup(rig);
    for (const workers of WORKER_COUNTS) await throughput(rig, workers);
  } finally {
    await rig.stop();
  }
}
