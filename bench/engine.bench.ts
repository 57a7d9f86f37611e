// The workflow engine's figures: in-process throughput with every execution and step saved,
// webhook → transform → respond over HTTP at 1, 10 and 50 connections (autocannon, loopback),
// and an API round trip while the webhook load runs. One JSON line per figure.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { benchHost, THREE_STEPS } from './engine-fixtures';
import { percentiles, report, round } from './stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

async function inProcess(): Promise<void> {
  const { host, dataDir } = await benchHost();
  try {
    const { id } = host.engine.workflows.save({ document: THREE_STEPS });
    const finished = () => host.engine.runStats.finished;
    const drive = async (count: number) => {
      const target = finished() + count;
      let enqueued = 0;
      while (finished() < target) {
        // Keep the queue full but bounded: enqueue ahead of the engine, then give it the loop.
        while (enqueued < count && enqueued - (finished() - (target - count)) < 4000) {
          await host.engine.run({ workflowId: id, input: { n: enqueued++ } });
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      await host.engine.persisted();
    };
    await drive(5000);
    const start = performance.now();
    await drive(EXECUTIONS);
    const seconds = (performance.now() - start) / 1000;
    const rows = host.store.db.prepare("SELECT (SELECT count(*) FROM executions WHERE status = 'succeeded') AS executions, (SELECT count(*) FROM execution_steps) AS steps").get() as { executions: number; steps: number };
    report({
      bench: 'engine.in_process_throughput',
      workflow: 'manual → transform → transform',
      unit: 'executions/s',
      value: Math.round(EXECUTIONS / seconds),
      executions: EXECUTIONS,
      seconds: round(seconds),
      overhead_per_step_us: round((seconds * 1e6) / (EXECUTIONS * 3)),
      saved_executions: rows.executions,
      saved_steps: rows.steps,
      transactions: host.engine.executor.buffer.flushes,
    });
  } finally {
    await host.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Endpoints {
  webhookUrl: string;
  apiPort: number;
  token: string;
  /** Time from process start to ready (including the TypeScript loader), and memory then. */
  readyMs: number;
  rssMb: number;
}

interface EngineProcess {
  endpoints: Endpoints;
  /** Sends a command and resolves with the first reply that has `key`. */
  ask<T>(command: unknown, key: string): Promise<T>;
  stop(): Promise<{ executions: number; steps: number; rssMb: number }>;
}

function startEngineProcess(): Promise<EngineProcess> {
  const child = fork(path.join(HERE, 'engine-server.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the engine process exited with ${code}`)));
    child.stdout!.once('data', (chunk: Buffer) => {
      resolve({
        endpoints: JSON.parse(chunk.toString()) as Endpoints,
        ask: <T>(command: unknown, key: string) =>
          new Promise<T>((done) => {
            const onMessage = (message: Record<string, unknown>) => {
              if (!(key in message)) return;
              child.off('message', onMessage);
              done(message[key] as T);
            };
            child.on('message', onMessage);
            child.send(command as string);
          }),
        stop: () =>
          new Promise((done) => {
            child.once('message', (counts) => done(counts as { executions: number; steps: number; rssMb: number }));
            child.send('stop');
          }),
      });
    });
  });
}

function load(url: string, connections: number, seconds: number): Promise<{ requests: number; errors: number; seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bench', n: 21 }),
        setupClient: (client) => client.on('response', (_status: number, _bytes: number, responseTime: number) => latencies.push(responseTime)),
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({ requests: result.requests.total, errors: result.errors + result.non2xx, seconds: result.duration, latencies });
      },
    );
  });
}

/** Round trips of a real renderer query over the WebSocket bridge, every 20 ms, until stopped. */
function apiProbe(endpoints: Endpoints): { stop(): Promise<number[]> } {
  const ws = new WebSocket(`ws://127.0.0.1:${endpoints.apiPort}/api/ws?token=${endpoints.token}`);
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    await new Promise((resolve) => ws.once('open', resolve));
    for (let id = 1; running; id++) {
      const start = performance.now();
      await new Promise<void>((resolve) => {
        const onMessage = (raw: WebSocket.RawData) => {
          const frame = JSON.parse(raw.toString()) as { type: string; id?: number };
          if (frame.type === 'result' && frame.id === id) {
            ws.off('message', onMessage);
            resolve();
          }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ type: 'invoke', id, method: 'executions.list', input: { limit: 20 } }));
      });
      samples.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      ws.close();
      return samples;
    },
  };
}

async function overHttp(): Promise<void> {
  const engine = await startEngineProcess();
  try {
    await load(engine.endpoints.webhookUrl, 10, 2);
    for (const connections of [1, 10, 50]) {
      const probe = connections === 50 ? apiProbe(engine.endpoints) : undefined;
      const result = await load(engine.endpoints.webhookUrl, connections, SECONDS);
      const latency = percentiles(result.latencies);
      report({
        bench: 'engine.webhook_transform_respond',
        connections,
        unit: 'ms',
        executions_per_s: Math.round(result.requests / result.seconds),
        p50: round(latency.p50),
        p95: round(latency.p95),
        p99: round(latency.p99),
        requests: result.requests,
        errors: result.errors,
      });
      if (probe) {
        const api = percentiles(await probe.stop());
        report({ bench: 'engine.api_round_trip_under_load', method: 'executions.list', webhook_connections: 50, unit: 'ms', p50: round(api.p50), p95: round(api.p95), p99: round(api.p99) });
      }
    }
  } finally {
    const counts = await engine.stop();
    report({ bench: 'engine.webhook_runs_saved', unit: 'rows', executions: counts.executions, steps: counts.steps });
    report({ bench: 'engine.process', unit: 'ms / MB', ready_ms_with_ts_loader: engine.endpoints.readyMs, rss_mb_idle: engine.endpoints.rssMb, rss_mb_after_load: counts.rssMb });
  }
}

const PRUNED_RUNS = Number(process.env.BENCH_PRUNED_RUNS ?? 200_000);

/**
 * Webhook load at 10 connections without pruning, then while retention deletes PRUNED_RUNS old
 * runs (three steps each) from the same database: throughput and p99 side by side.
 */
async function whilePruning(): Promise<void> {
  const engine = await startEngineProcess();
  try {
    await engine.ask({ type: 'seed', count: PRUNED_RUNS }, 'seeded');
    await load(engine.endpoints.webhookUrl, 10, 2);
    const quiet = await load(engine.endpoints.webhookUrl, 10, SECONDS);
    const pruned = engine.ask<{ deleted: number; slices: number; medianSliceMs: number; longestSliceMs: number; busyMs: number; elapsedMs: number }>({ type: 'prune' }, 'pruned');
    const busy = await load(engine.endpoints.webhookUrl, 10, SECONDS);
    const leftAfterWindow = await engine.ask<number>({ type: 'old-left' }, 'oldLeft');
    // The pass goes on after the window if it has more to delete; its figures are reported if it ends soon.
    const pass = await Promise.race([pruned, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 120_000))]);
    const [q, b] = [percentiles(quiet.latencies), percentiles(busy.latencies)];
    const throughput = (result: { requests: number; seconds: number }) => Math.round(result.requests / result.seconds);
    report({
      bench: 'engine.webhooks_while_pruning',
      connections: 10,
      unit: 'requests/s, ms',
      pruned_runs: PRUNED_RUNS,
      deleted_during_window: PRUNED_RUNS - leftAfterWindow,
      without_pruning: { requests_per_s: throughput(quiet), p50: round(q.p50), p99: round(q.p99), errors: quiet.errors },
      while_pruning: { requests_per_s: throughput(busy), p50: round(b.p50), p99: round(b.p99), errors: busy.errors },
      throughput_ratio: round(throughput(busy) / throughput(quiet)),
      p99_added_ms: round(b.p99 - q.p99),
      prune_pass: pass && { seconds: round(pass.elapsedMs / 1000), slices: pass.slices, median_slice_ms: round(pass.medianSliceMs), longest_slice_ms: round(pass.longestSliceMs), share_of_thread: round(pass.busyMs / pass.elapsedMs) },
    });
  } finally {
    await engine.stop();
  }
}

export default async function engineBench(): Promise<void> {
  await inProcess();
  await overHttp();
  await whilePruning();
}

if (import.meta.url === `file://${process.argv[1]}`) await engineBench();
