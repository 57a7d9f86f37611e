// MCP: what Echelon adds to a tool call (supervisor, HTTP gateway, stdio gateway) against a direct
// SDK client, in one run; start-to-ready of one server and of twenty at once; memory per idle server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createHost, type Host } from '../electron/main/services/host';
import { MemoryKeyValueStore } from '../electron/main/services/preferences/preferences-service';
import { percentiles, report, round } from './stats';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const EVERYTHING = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const CALLS = 400;
const WARMUP = 50;
const FLEET = 20;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function newHost(dataDir: string): Host {
  return createHost({ shell: 'cli', dataDir, preferences: new MemoryKeyValueStore() });
}

async function call(host: Host, method: string, input: unknown): Promise<unknown> {
  const result = await host.router.call(method, input, { caller: 'test' });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data;
}

async function sdkClient(transport: StdioClientTransport | StreamableHTTPClientTransport): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  return client;
}

/** Runs the ways of calling echo in turns, so machine noise hits them all alike. */
async function interleaved(ways: Record<string, () => Promise<unknown>>): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
  for (let i = 0; i < WARMUP + CALLS; i++) {
    for (const [name, run] of Object.entries(ways)) {
      const start = performance.now();
      await run();
      if (i >= WARMUP) samples[name]!.push((performance.now() - start) * 1000);
    }
  }
  return samples;
}

async function callOverhead(dataDir: string): Promise<void> {
  const host = newHost(dataDir);
  await call(host, 'mcp.servers.add', { definition: { name: 'everything', transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING] }, healthIntervalMs: 0 } });
  await call(host, 'mcp.servers.start', { name: 'everything' });
  const gateway = await host.mcp.listenGateway(0);
  const direct = await sdkClient(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING], stderr: 'ignore' }));
  const viaHttp = await sdkClient(new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { Authorization: `Bearer ${gateway.token}` } } }));

  // The stdio gateway as Claude Desktop runs it: its own process, starting its own copy of the server.
  const gatewayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-bench-gateway-'));
  const setup = newHost(gatewayDir);
  await call(setup, 'mcp.servers.add', { definition: { name: 'everything', transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING] }, healthIntervalMs: 0 } });
  await setup.dispose();
  const cli = path.join(ROOT, 'electron/headless/cli.ts');
  const script = `const { main } = await import(${JSON.stringify(cli)}); process.exitCode = await main(['node', 'echelon', 'mcp', 'gateway', '--data-dir', ${JSON.stringify(gatewayDir)}]);`;
  const viaStdio = await sdkClient(new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', '--input-type=module', '-e', script], cwd: ROOT, stderr: 'ignore' }));

  // The floor: a bare SDK proxy doing nothing but forwarding (its own process, its own copy of the server).
  const viaSdkProxy = await sdkClient(new StdioClientTransport({ command: process.execPath, args: [path.join(ROOT, 'bench/sdk-proxy.mjs'), EVERYTHING], cwd: ROOT, stderr: 'ignore' }));

  const args = { message: 'bench' };
  try {
    const samples = await interleaved({
      direct: () => direct.callTool({ name: 'echo', arguments: args }),
      sdkProxy: () => viaSdkProxy.callTool({ name: 'echo', arguments: args }),
      supervisor: () => call(host, 'mcp.tools.call', { server: 'everything', tool: 'echo', arguments: args }),
      gatewayHttp: () => viaHttp.callTool({ name: 'everything__echo', arguments: args }),
      gatewayStdio: () => viaStdio.callTool({ name: 'everything__echo', arguments: args }),
    });
    const stats = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, percentiles(values)]));
    const line = (bench: string, name: string, extra: Record<string, unknown> = {}) =>
      report({ bench, unit: 'us', calls: CALLS, p50: round(stats[name]!.p50), p95: round(stats[name]!.p95), p99: round(stats[name]!.p99), ...extra });
    line('mcp.echo.direct_sdk', 'direct');
    line('mcp.echo.supervisor', 'supervisor', { ratio_p50_vs_direct: round(stats.supervisor!.p50 / stats.direct!.p50), goal: 1.2 });
    line('mcp.echo.gateway_http', 'gatewayHttp', { ratio_p50_vs_direct: round(stats.gatewayHttp!.p50 / stats.direct!.p50), goal: 1.5 });
    line('mcp.echo.gateway_stdio', 'gatewayStdio', { ratio_p50_vs_direct: round(stats.gatewayStdio!.p50 / stats.direct!.p50), goal: 1.5 });
    line('mcp.echo.bare_sdk_proxy', 'sdkProxy', { ratio_p50_vs_direct: round(stats.sdkProxy!.p50 / stats.direct!.p50), note: 'the floor for any proxy built on the SDK' });
  } finally {
    await Promise.all([direct.close(), viaHttp.close(), viaStdio.close(), viaSdkProxy.close()]);
    await host.dispose();
    fs.rmSync(gatewayDir, { recursive: true, force: true });
  }
}

async function startToReady(dataDir: string): Promise<void> {
  const host = newHost(dataDir);
  const names = Array.from({ length: FLEET }, (_, i) => `s${i}`);
  for (const name of names) {
    await call(host, 'mcp.servers.add', { definition: { name, transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING] }, healthIntervalMs: 0 } });
  }
  try {
    // One alone (after a first start that warms the disk cache), then all twenty at once.
    await call(host, 'mcp.servers.start', { name: 's0' });
    await call(host, 'mcp.servers.stop', { name: 's0' });
    let start = performance.now();
    await call(host, 'mcp.servers.start', { name: 's0' });
    const one = performance.now() - start;
    await call(host, 'mcp.servers.stop', { name: 's0' });

    gc();
    const before = process.memoryUsage();
    const cpu = process.cpuUsage();
    start = performance.now();
    await Promise.all(names.map((name) => call(host, 'mcp.servers.start', { name })));
    const all = performance.now() - start;
    const ours = process.cpuUsage(cpu);
    report({ bench: 'mcp.start_to_ready.one', unit: 'ms', value: round(one) });
    // Twenty Node servers booting on few cores is CPU-bound by the servers themselves: Echelon's own CPU time says how much is ours.
    report({
      bench: 'mcp.start_to_ready.twenty_at_once',
      unit: 'ms',
      value: round(all),
      ratio_vs_one: round(all / one),
      goal: 3,
      cores: os.availableParallelism(),
      echelon_cpu_ms: round((ours.user + ours.system) / 1000),
    });

    // Idle: let the start-up garbage go, then see what Echelon still holds for them.
    await new Promise((resolve) => setTimeout(resolve, 500));
    gc();
    const after = process.memoryUsage();
    report({
      bench: 'mcp.memory_per_idle_server',
      unit: 'KB',
      servers: FLEET,
      heap: round((after.heapUsed - before.heapUsed) / FLEET / 1024),
      external_and_buffers: round((after.external + after.arrayBuffers - before.external - before.arrayBuffers) / FLEET / 1024),
      rss: round((after.rss - before.rss) / FLEET / 1024),
    });
  } finally {
    await host.dispose();
  }
}

export default async function mcpBench(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-bench-mcp-'));
  try {
    await callOverhead(path.join(dataDir, 'calls'));
    await startToReady(path.join(dataDir, 'fleet'));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await mcpBench();

