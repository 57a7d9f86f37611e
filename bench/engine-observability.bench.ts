// Engine throughput with observability on against off, side by side in one run: "on" has the
// Prometheus metrics recorded and /metrics scraped every second, and tracing on to an OTLP/HTTP
// collector with its default sampling (every run, up to 100 new traces a second); "on, every
// run" lifts that limit. "off" has neither. Rounds alternate so the machine's noise falls on all.
// The target: on ≥ 85% of off. Beside wall-clock throughput, each round reports executions per
// CPU-second of the engine's process (all its threads): on a shared machine the wall clock
// measures the neighbours too, the CPU time only what Echelon spent.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMetricsServer } from '../electron/main/serve/metrics-route';
import type { Host } from '../electron/main/services/host';
import { benchHost, THREE_STEPS } from './engine-fixtures';
import { report, round } from './stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function startSink(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(HERE, 'observability-sink.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the sink exited with ${code}`)));
    child.once('message', (message) => resolve({ child, url: (message as { url: string }).url }));
  });
}

/** Runs `count` executions, at most 4000 queued at a time, and waits until they are finished and persisted. */
async function drive(host: Host, workflowId: string, count: number): Promise<void> {
  let finished = 0;
  // An observer counts the finished runs: reading the engine's metrics in the loop would add its cost to both modes.
  const counter = host.engine.observers.add({ finished: () => void finished++ });
  try {
    let enqueued = 0;
    while (finished < count) {
      while (enqueued < count && enqueued - finished < 4000) await host.engine.run({ workflowId, input: { n: enqueued++ } });
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    counter.dispose();
  }
  await host.engine.persisted();
}

type Mode = 'off' | 'on' | 'on, every run';

async function round_(mode: Mode, index: number): Promise<{ wall: number; cpu: number }> {
  const sink = mode === 'off' ? undefined : await startSink();
  const { host, dataDir } = await benchHost({ telemetry: { metrics: mode !== 'off' } });
  const metrics = mode === 'off' ? undefined : await startMetricsServer(host.telemetry, 0);
  try {
    if (sink && metrics) {
      await host.telemetry.tracing.update({ enabled: true, endpoint: sink.url, ...(mode === 'on, every run' ? { maxTracesPerSecond: 0 } : {}) });
      sink.child.send({ scrape: { url: `http://127.0.0.1:${metrics.port}/metrics`, token: host.telemetry.settings.rotateScrapeToken() } });
    }
    const { id } = host.engine.workflows.save({ document: THREE_STEPS });
    await drive(host, id, 2000);
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await drive(host, id, EXECUTIONS);
    await host.telemetry.tracing.flush();
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const outside = sink
      ? await new Promise<{ spans: number; scrapes: number; failedScrapes: number }>((resolve) => {
          sink.child.once('message', (message) => resolve(message as { spans: number; scrapes: number; failedScrapes: number }));
          sink.child.send({ stop: true });
        })
      : undefined;
    const value = Math.round(EXECUTIONS / seconds);
    const perCpu = Math.round(EXECUTIONS / cpuSeconds);
    report({ bench: 'engine.observability_round', mode, round: index, unit: 'executions/s', value, executions_per_cpu_s: perCpu, executions: EXECUTIONS, seconds: round(seconds), cpu_seconds: round(cpuSeconds), ...(outside ? { spans_received: outside.spans, scrapes: outside.scrapes, failed_scrapes: outside.failedScrapes, spans_exported: (await host.telemetry.status()).tracing.exported } : {}) });
    return { wall: value, cpu: perCpu };
  } finally {
    await metrics?.close();
    await host.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export default async function engineObservabilityBench(): Promise<void> {
  const results: Record<Mode, Array<{ wall: number; cpu: number }>> = { off: [], on: [], 'on, every run': [] };
  for (let index = 1; index <= ROUNDS; index++) {
    for (const mode of Object.keys(results) as Mode[]) results[mode].push(await round_(mode, index));
  }
  const wall = (mode: Mode) => median(results[mode].map((result) => result.wall));
  const cpu = (mode: Mode) => median(results[mode].map((result) => result.cpu));
  report({
    bench: 'engine.observability_overhead',
    workflow: 'manual → transform → transform',
    unit: 'ratio (on / off)',
    value: round(wall('on') / wall('off'), 3),
    target: 0.85,
    per_cpu_second: round(cpu('on') / cpu('off'), 3),
    every_run_traced: round(wall('on, every run') / wall('off'), 3),
    every_run_traced_per_cpu_second: round(cpu('on, every run') / cpu('off'), 3),
    executions_per_s: { off: wall('off'), on: wall('on'), every_run: wall('on, every run') },
    executions_per_cpu_s: { off: cpu('off'), on: cpu('on'), every_run: cpu('on, every run') },
    rounds: ROUNDS,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await engineObservabilityBench();
