// MCP: what Echelon adds to a tool call (the supervisor in process, alone and behind the API,
// the stdio gateway, the HTTP gateway of `echelon serve`) against direct SDK clients, in one run,
// beside two yardsticks: a relay that only passes messages on and a bare SDK proxy. Start-to-ready
// of one server and of twenty at once, beside the same starts without Echelon; memory per idle server.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { readDiscovery } from '../electron/main/serve/discovery';
import { createHost, type Host } from '../electron/main/services/host';
import { MemoryKeyValueStore } from '../electron/main/services/preferences/preferences-service';
import { percentiles, report, round } from './stats';
import { freePort } from '../tests/helpers/free-port';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const EVERYTHING = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const CLI = path.join(ROOT, 'electron/headless/cli.ts');
const CALLS = 1000;
const WARMUP = 100;
const FLEET = 20;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Lets closed connections and finished work go, then collects: a heap reading free of what came before. */
async function settledHeap(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    gc();
  }
  return process.memoryUsage();
}

function newHost(dataDir: string): Host {
  return createHost({ shell: 'cli', dataDir, preferences: new MemoryKeyValueStore() });
}

async function call(host: Host, method: string, input: unknown): Promise<unknown> {
  const result = await host.router.call(method, input, { caller: 'test' });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data;
}

const everything = (name: string, extra: Record<string, unknown> = {}) => ({
  definition: { name, transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING] }, healthIntervalMs: 0, ...extra },
});

/** Node arguments that run the Echelon CLI from source with `args`. */
function cliArgs(args: string[]): string[] {
  const script = `const { main } = await import(${JSON.stringify(CLI)}); process.exitCode = await main(['node', 'echelon', ...${JSON.stringify(args)}]);`;
  return ['--import', 'tsx', '--input-type=module', '-e', script];
}

async function sdkClient(transport: StdioClientTransport | StreamableHTTPClientTransport): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  return client;
}

function stdioClient(args: string[]): Promise<Client> {
  return sdkClient(new StdioClientTransport({ command: process.execPath, args, cwd: ROOT, stderr: 'ignore' }));
}

function httpClient(url: string, token?: string): Promise<Client> {
  return sdkClient(new StreamableHTTPClientTransport(new URL(url), token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : undefined));
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until a gateway offers `everything__echo` (its servers start in the background). */
async function gatewayReady(client: Client): Promise<Client> {
  await until('the gateway to offer everything__echo', async () => ((await client.listTools()).tools.some((tool) => tool.name === 'everything__echo') ? true : undefined));
  return client;
}

/** server-everything in its own streamable HTTP mode: the direct baseline for the HTTP gateway. */
async function everythingOverHttp(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`server-everything over HTTP exited (${code})`)));
  });
  return { child, url: `http://127.0.0.1:${port}/mcp` };
}

/** `echelon serve` in its own process, its one server started: the HTTP gateway as clients meet it. */
async function serveProcess(dataDir: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  const setup = newHost(dataDir);
  await call(setup, 'mcp.servers.add', everything('everything', { autoStart: true }));
  await setup.dispose();
  const args = cliArgs(['serve', '--port', '0', '--gateway-port', '0', '--webhook-port', '0', '--data-dir', dataDir]);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  const gateway = await until('echelon serve to publish its gateway', () => readDiscovery(dataDir)?.gateway ?? undefined);
  return { child, ...gateway };
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Runs the ways of calling echo in turns, in a new order each round, so machine noise and order hit them all alike. */
async function interleaved(ways: Record<string, () => Promise<unknown>>): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
  for (let i = 0; i < WARMUP + CALLS; i++) {
    for (const [name, run] of shuffled(Object.entries(ways))) {
      const start = performance.now();
      await run();
      if (i >= WARMUP) samples[name]!.push((performance.now() - start) * 1000);
    }
  }
  return samples;
}

async function callOverhead(dataDir: string): Promise<void> {
  const children: ChildProcess[] = [];
  const clients: Client[] = [];
  const keep = (client: Client) => (clients.push(client), client);
  const host = newHost(path.join(dataDir, 'supervisor'));
  try {
    for (const name of ['everything', 'everything2']) {
      await call(host, 'mcp.servers.add', everything(name));
      await call(host, 'mcp.servers.start', { name });
    }
    const direct = keep(await stdioClient([EVERYTHING]));
    const overHttp = await everythingOverHttp();
    children.push(overHttp.child);
    const directHttp = keep(await httpClient(overHttp.url));
    // The stdio gateway as Claude Desktop runs it: its own process, starting its own copy of the server.
    const stdioDir = path.join(dataDir, 'stdio-gateway');
    const setup = newHost(stdioDir);
    await call(setup, 'mcp.servers.add', everything('everything'));
    await setup.dispose();
    const gatewayStdio = keep(await gatewayReady(await stdioClient(cliArgs(['mcp', 'gateway', '--data-dir', stdioDir]))));
    const serveDir = path.join(dataDir, 'serve');
    const serve = await serveProcess(serveDir);
    children.push(serve.child);
    const gatewayHttp = keep(await gatewayReady(await httpClient(serve.url, serve.token)));
    // The stdio gateway while Echelon runs: it pipes its stdio to serve's gateway socket.
    const gatewayBridged = keep(await gatewayReady(await stdioClient(cliArgs(['mcp', 'gateway', '--data-dir', serveDir]))));
    const relay = keep(await stdioClient([path.join(ROOT, 'bench/relay-floor.mjs'), EVERYTHING]));
    const sdkProxy = keep(await stdioClient([path.join(ROOT, 'bench/sdk-proxy.mjs'), EVERYTHING]));

    const args = { message: 'bench' };
    const echo = (client: Client, name = 'echo') => () => client.callTool({ name, arguments: args });
    const samples = await interleaved({
      direct: echo(direct),
      directHttp: echo(directHttp),
      // The supervisor as workflows and the gateway call it, and through the API as the inspector does.
      supervisor: () => host.mcp.callTool({ server: 'everything', tool: 'echo', arguments: args }, 'test'),
      supervisorApi: () => call(host, 'mcp.tools.call', { server: 'everything2', tool: 'echo', arguments: args }),
      gatewayStdio: echo(gatewayStdio, 'everything__echo'),
      gatewayHttp: echo(gatewayHttp, 'everything__echo'),
      gatewayBridged: echo(gatewayBridged, 'everything__echo'),
      relay: echo(relay),
      sdkProxy: echo(sdkProxy),
    });
    const p50 = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, percentiles(values).p50]));
    const line = (bench: string, name: string, extra: Record<string, unknown> = {}) => {
      const { p50: median, p95, p99 } = percentiles(samples[name]!);
      report({ bench, unit: 'us', calls: CALLS, p50: round(median), p95: round(p95), p99: round(p99), ...extra });
    };
    const vs = (name: string, base: string) => round(p50[name]! / p50[base]!);
    line('mcp.echo.direct_sdk', 'direct');
    line('mcp.echo.direct_sdk_http', 'directHttp', { ratio_p50_vs_direct: vs('directHttp', 'direct'), note: "server-everything's own streamable HTTP mode" });
    line('mcp.echo.supervisor', 'supervisor', { ratio_p50_vs_direct: vs('supervisor', 'direct'), goal: 1.2 });
    line('mcp.echo.supervisor_via_api', 'supervisorApi', { ratio_p50_vs_direct: vs('supervisorApi', 'direct'), note: 'plus the API router: input and output checked against the contract' });
    line('mcp.echo.gateway_stdio', 'gatewayStdio', {
      ratio_p50_vs_direct: vs('gatewayStdio', 'direct'),
      goal: 1.5,
      ratio_p50_vs_relay_floor: vs('gatewayStdio', 'relay'),
    });
    line('mcp.echo.gateway_http', 'gatewayHttp', {
      ratio_p50_vs_direct: vs('gatewayHttp', 'direct'),
      goal: 1.5,
      ratio_p50_vs_direct_http: vs('gatewayHttp', 'directHttp'),
    });
    line('mcp.echo.gateway_stdio_while_running', 'gatewayBridged', {
      ratio_p50_vs_direct: vs('gatewayBridged', 'direct'),
      note: 'the stdio gateway while Echelon runs: its stdio piped to the running gateway socket, one process hop more',
    });
    line('mcp.echo.relay_floor', 'relay', { ratio_p50_vs_direct: vs('relay', 'direct'), note: 'a Node process reading each message with the SDK framing and passing it on, nothing else: the least a gateway that reads messages can cost here' });
    line('mcp.echo.bare_sdk_proxy', 'sdkProxy', { ratio_p50_vs_direct: vs('sdkProxy', 'direct'), note: "an SDK Server forwarding to an SDK Client: the floor for a proxy speaking through the SDK's protocol layer" });
  } finally {
    await Promise.all(clients.map((client) => client.close().catch(() => {})));
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
    await host.dispose();
  }
}

/** Connects to a server with no Echelon in between and reads what Echelon reads before calling it running. */
async function bareStart(): Promise<Client> {
  const client = await stdioClient([EVERYTHING]);
  await Promise.all([client.listTools(), client.listResources(), client.listResourceTemplates(), client.listPrompts()]);
  return client;
}

async function startToReady(dataDir: string): Promise<void> {
  const host = newHost(dataDir);
  const names = Array.from({ length: FLEET }, (_, i) => `s${i}`);
  for (const name of names) await call(host, 'mcp.servers.add', everything(name));
  const timed = async <T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> => {
    const start = performance.now();
    const value = await run();
    return { ms: performance.now() - start, value };
  };
  try {
    // A first start warms the disk cache; then one alone and twenty at once, without Echelon and with it.
    await call(host, 'mcp.servers.start', { name: 's0' });
    await call(host, 'mcp.servers.stop', { name: 's0' });
    const bareOne = await timed(bareStart);
    await bareOne.value.close();
    const one = await timed(() => call(host, 'mcp.servers.start', { name: 's0' }));
    await call(host, 'mcp.servers.stop', { name: 's0' });
    const bareTwenty = await timed(() => Promise.all(names.map(() => bareStart())));
    await Promise.all(bareTwenty.value.map((client) => client.close()));

    const before = await settledHeap();
    const cpu = process.cpuUsage();
    const twenty = await timed(() => Promise.all(names.map((name) => call(host, 'mcp.servers.start', { name }))));
    const ours = process.cpuUsage(cpu);
    report({ bench: 'mcp.start_to_ready.one', unit: 'ms', value: round(one.ms), bare_sdk_ms: round(bareOne.ms) });
    // Twenty Node servers booting on few cores are bound by the servers' own CPU: the same starts
    // without Echelon, and Echelon's own CPU time, say how much of it is Echelon's.
    report({
      bench: 'mcp.start_to_ready.twenty_at_once',
      unit: 'ms',
      value: round(twenty.ms),
      ratio_vs_one: round(twenty.ms / one.ms),
      goal: 3,
      bare_sdk_ms: round(bareTwenty.ms),
      bare_sdk_ratio_vs_one: round(bareTwenty.ms / bareOne.ms),
      cores: os.availableParallelism(),
      echelon_cpu_ms: round((ours.user + ours.system) / 1000),
    });

    // Idle: let the start-up garbage go, then see what Echelon still holds for them.
    const after = await settledHeap();
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

