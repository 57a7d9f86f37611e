// Agents: Echelon's own overhead per agent step (a task's time minus the provider's and the
// tools' time), then twenty agents working at once against the stand-in while the REST API is
// called, measuring its round trip and the latency streaming tokens gain on their way through
// Echelon (provider chunk → AI SDK → event bus → WebSocket client).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { dynamicTool, jsonSchema, stepCountIs, streamText } from 'ai';
import WebSocket from 'ws';
import { startServer } from '../electron/main/serve/http-server';
import { diskPluginSources } from '../electron/main/services/registry/disk-plugin-sources';
import { createHost, type Host } from '../electron/main/services/host';
import { MemoryKeyValueStore } from '../electron/main/services/preferences/preferences-service';
import { binOf } from '../tests/helpers/mcp-servers';
import { percentiles, report as print, round } from './stats';

const OVERHEAD_TASKS = 40;
const AGENTS = 20;
const LOAD_SECONDS = 12;
const STAMP = /⟨(\d+\.\d+)⟩/g;

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function call<T>(host: Host, method: string, input: unknown): Promise<T> {
  const result = await host.router.call(method, input, { caller: 'test' });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data as T;
}

/** The stand-in provider in a child process: its URL, and its own time per request by task. */
async function providerProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'agents-provider.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const durations = new Map<string, number>();
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve) =>
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { url?: string; task?: string; durationMs?: number };
      if (message.url) resolve(message.url);
      else durations.set(message.task!, (durations.get(message.task!) ?? 0) + message.durationMs!);
    }),
  );
  return { url, durations, stop: () => child.kill() };
}

/**
 * The AI SDK alone, as the bench drives Echelon: the same stand-in, model and MCP tool (through
 * the MCP SDK's own client), no Echelon. What it costs per step beyond the provider's and the
 * tool's time is the floor any runtime built on the SDK starts from.
 */
async function sdkAlone(providerUrl: string) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [binOf('@modelcontextprotocol/server-everything')], stderr: 'ignore' }));
  const echo = (await client.listTools()).tools.find((tool) => tool.name === 'echo')!;
  const model = createOpenAICompatible({ name: 'bench', baseURL: providerUrl, includeUsage: true }).chatModel('gpt-4o-mini');
  return {
    /** One task to its end; `onText` sees each piece of text as it arrives. */
    async task(name: string, onText: (text: string) => void = () => {}): Promise<{ wallMs: number; toolMs: number; steps: number }> {
      let toolMs = 0;
      const tools = {
        everything__echo: dynamicTool({
          description: echo.description ?? '',
          inputSchema: jsonSchema(echo.inputSchema as never),
          execute: async (input) => {
            const started = performance.now();
            try {
              return await client.callTool({ name: 'echo', arguments: input as Record<string, unknown> });
            } finally {
              toolMs += performance.now() - started;
            }
          },
        }),
      };
      const started = performance.now();
      const result = streamText({ model, messages: [{ role: 'user', content: name }], tools, stopWhen: stepCountIs(10), maxOutputTokens: 4096 });
      for await (const part of result.fullStream) {
        if (part.type === 'text-delta') onText(part.text);
        else if (part.type === 'error') throw part.error;
      }
      return { wallMs: performance.now() - started, toolMs, steps: (await result.steps).length };
    },
    close: () => client.close(),
  };
}

const now = () => performance.timeOrigin + performance.now();
/** Every line says how busy the machine was: on a shared machine the wall-clock figures follow its load. */
const report = (line: Record<string, unknown>) => print({ ...line, load_avg_1m: round(os.loadavg()[0]!, 1), cores: os.cpus().length });
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

export default async function agentsBench(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-bench-agents-'));
  const provider = await providerProcess();
  const host = createHost({ shell: 'serve', dataDir, preferences: new MemoryKeyValueStore(), plugins: await diskPluginSources(path.join(import.meta.dirname, '../integrations')) });
  const server = await startServer({ host, port: 0, rendererDir: dataDir });
  try {
    await host.engine.start({ owner: 'bench', webhookPort: false });
    host.agents.start();
    await call(host, 'mcp.servers.add', { definition: { name: 'everything', transport: { type: 'stdio', command: process.execPath, args: [binOf('@modelcontextprotocol/server-everything')] }, healthIntervalMs: 0 } });
    const provided = { kind: 'openai-compatible', baseUrl: provider.url };
    const definition = (name: string) => ({ name, provider: provided, model: 'gpt-4o-mini', tools: [{ server: 'everything', tool: 'echo' }], limits: { maxSteps: 10 } });

    // 1. Overhead per step: one agent, one task at a time.
    const solo = await call<{ id: string }>(host, 'agents.save', { definition: definition('Solo') });
    await call(host, 'agents.start', { agent: solo.id });
    const perStep: number[] = [];
    const cpuPerStep: number[] = [];
    const sdk = await sdkAlone(provider.url);
    const sdkPerStep: number[] = [];
    const sdkCpuPerStep: number[] = [];
    for (let i = 0; i < OVERHEAD_TASKS + 5; i++) {
      // The SDK alone, task for task beside Echelon, so the machine's load falls on both alike.
      const sdkName = `sdk ${i}`;
      const sdkCpuStart = process.cpuUsage();
      const alone = await sdk.task(sdkName);
      const aloneCpuMs = cpuMs(sdkCpuStart);
      await until(() => provider.durations.has(sdkName));
      if (i >= 5) {
        sdkPerStep.push((alone.wallMs - provider.durations.get(sdkName)! - alone.toolMs) / alone.steps);
        sdkCpuPerStep.push(aloneCpuMs / alone.steps);
      }

      const journalBefore = (await call<{ id: number }[]>(host, 'mcp.journal.list', { limit: 1 }))[0]?.id ?? 0;
      const name = `solo ${i}`;
      const started = performance.now();
      const cpu = process.cpuUsage();
      const task = await call<{ id: number }>(host, 'agents.tasks.create', { agent: solo.id, task: name });
      // Waited for through the runtime itself: the API's own cost is measured below, not here.
      const done = await host.agents.runtime.wait(task.id, (row) => row.state === 'completed' || row.state === 'failed');
      const wall = performance.now() - started;
      const taskCpuMs = cpuMs(cpu);
      if (done.state !== 'completed') throw new Error(`The bench task ended as ${done.state}: ${done.error}`);
      const toolMs = (await call<{ id: number; durationMs: number }[]>(host, 'mcp.journal.list', { caller: 'agent', limit: 50 })).filter((entry) => entry.id > journalBefore).reduce((sum, entry) => sum + entry.durationMs, 0);
      await until(() => provider.durations.has(name));
      // The first tasks warm the JIT and the SQLite page cache.
      if (i >= 5) {
        perStep.push((wall - provider.durations.get(name)! - toolMs) / done.turns);
        cpuPerStep.push(taskCpuMs / done.turns);
      }
    }
    const overhead = percentiles(perStep);
    const floor = percentiles(sdkPerStep);
    report({
      bench: 'agents.overhead_per_step',
      unit: 'ms',
      tasks: OVERHEAD_TASKS,
      steps_per_task: 3,
      p50: round(overhead.p50),
      p95: round(overhead.p95),
      goal_p50: 1,
      sdk_alone_p50: round(floor.p50),
      sdk_alone_p95: round(floor.p95),
      echelon_beyond_sdk_p50: round(overhead.p50 - floor.p50),
    });
    // The same, as this process's CPU time from creating a task to its end (the provider and the MCP server run in their own processes).
    const cpuStep = percentiles(cpuPerStep);
    const sdkCpu = percentiles(sdkCpuPerStep);
    report({ bench: 'agents.cpu_per_step', unit: 'ms', tasks: OVERHEAD_TASKS, p50: round(cpuStep.p50), p95: round(cpuStep.p95), mean: round(cpuStep.mean), sdk_alone_p50: round(sdkCpu.p50), sdk_alone_mean: round(sdkCpu.mean) });
    await call(host, 'agents.stop', { agent: solo.id });

    // 2. Twenty agents at once, the API and a WebSocket client watching.
    const agents: string[] = [];
    for (let i = 0; i < AGENTS; i++) agents.push((await call<{ id: string }>(host, 'agents.save', { definition: definition(`Load ${i}`) })).id);
    for (const agent of agents) await call(host, 'agents.start', { agent });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const tokenLatency: number[] = [];
    ws.on('message', (data) => {
      const received = now();
      const frame = JSON.parse(data.toString()) as { type: string; name?: string; payload?: { text: string } };
      if (frame.type !== 'event' || frame.name !== 'agents.task.delta') return;
      for (const match of frame.payload!.text.matchAll(STAMP)) tokenLatency.push(received - Number(match[1]));
    });
    const end = performance.now() + LOAD_SECONDS * 1000;
    const loadCpu = process.cpuUsage();
    let finished = 0;
    const workers = agents.map(async (agent) => {
      for (let n = 0; performance.now() < end; n++) {
        const task = await call<{ id: number }>(host, 'agents.tasks.create', { agent, task: `load ${agent} ${n}` });
        await host.agents.runtime.wait(task.id, (row) => row.state === 'completed' || row.state === 'failed');
        finished++;
      }
    });
    const roundTrips: number[] = [];
    const headers = { Authorization: `Bearer ${server.token}` };
    while (performance.now() < end) {
      for (const route of ['/api/v1/agents', '/api/v1/tasks?limit=20', '/api/v1/health']) {
        const started = performance.now();
        const response = await fetch(`http://127.0.0.1:${server.port}${route}`, { headers });
        await response.arrayBuffer();
        roundTrips.push(performance.now() - started);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(workers);
    const loadCpuMs = cpuMs(loadCpu);
    ws.close();
    const api = percentiles(roundTrips);
    const tokens = percentiles(tokenLatency);
    report({ bench: 'agents.api_round_trip_20_agents', unit: 'ms', calls: roundTrips.length, p50: round(api.p50), p95: round(api.p95), goal_p95: 50, tasks_finished: finished });
    // The SDK alone, twenty streams at once: stamp → text-delta in this process, no Echelon.
    const sdkLatency: number[] = [];
    const sdkEnd = performance.now() + (LOAD_SECONDS / 2) * 1000;
    await Promise.all(
      Array.from({ length: AGENTS }, async (_, agent) => {
        for (let n = 0; performance.now() < sdkEnd; n++) {
          await sdk.task(`load sdk ${agent} ${n}`, (text) => {
            const received = now();
            for (const match of text.matchAll(STAMP)) sdkLatency.push(received - Number(match[1]));
          });
        }
      }),
    );
    await sdk.close();
    const sdkTokens = percentiles(sdkLatency);
    report({
      bench: 'agents.token_latency_added_20_agents',
      unit: 'ms',
      tokens: tokenLatency.length,
      p50: round(tokens.p50),
      p95: round(tokens.p95),
      goal_p95: 5,
      sdk_alone_p50: round(sdkTokens.p50),
      sdk_alone_p95: round(sdkTokens.p95),
    });
    // CPU this process spent per finished task (3 turns, 20 streamed tokens) while twenty agents ran: less swayed by the machine's load than the latencies.
    report({ bench: 'agents.cpu_per_task_20_agents', unit: 'ms', tasks: finished, mean: round(loadCpuMs / Math.max(1, finished)) });
  } finally {
    await server.close();
    await host.dispose();
    provider.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await agentsBench();
