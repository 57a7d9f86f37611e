import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDefinitionInput } from '../../shared/contract';
import { createTestHost, type TestHost } from '../helpers/mcp-host';
import { EVERYTHING, FILESYSTEM, fixture, MEMORY } from '../helpers/mcp-servers';
import { isRunning, runningWith, waitFor } from '../helpers/processes';

const node = process.execPath;
let dataDir: string;
let t: TestHost;

const stdio = (name: string, args: string[], extra: Partial<ServerDefinitionInput> = {}): { definition: ServerDefinitionInput } => ({
  definition: { name, transport: { type: 'stdio', command: node, args }, healthIntervalMs: 0, ...extra },
});

async function status(name: string) {
  return (await t.call('mcp.servers.get', { name })).runtime;
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-mcp-supervisor-'));
  t = await createTestHost(dataDir);
  await t.call('mcp.servers.add', stdio('everything', [EVERYTHING]));
  await t.call('mcp.servers.start', { name: 'everything' });
});

afterAll(async () => {
  await t.host.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('supervising server-everything', () => {
  it('starts it, records pid and uptime, and lists its tools, resources and prompts', async () => {
    const runtime = await status('everything');
    expect(runtime).toMatchObject({ status: 'running', connectedOver: 'stdio', restarts: 0, lastError: null });
    expect(isRunning(runtime.pid!)).toBe(true);
    expect(runtime.serverInfo?.name).toBeTruthy();
    const catalog = await t.call('mcp.catalog', { name: 'everything' });
    expect(catalog.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'get-sum', 'trigger-long-running-operation']));
    expect(catalog.tools.find((tool) => tool.name === 'echo')?.inputSchema).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
    expect(catalog.resources.length).toBeGreaterThan(0);
    expect(catalog.prompts.map((prompt) => prompt.name)).toContain('simple-prompt');
  });

  it('calls echo and journals the call', async () => {
    const outcome = await t.call('mcp.tools.call', { server: 'everything', tool: 'echo', arguments: { message: 'hello' } });
    expect(outcome.result.content).toEqual([{ type: 'text', text: 'Echo: hello' }]);
    const [entry] = await t.call('mcp.journal.list', { server: 'everything', tool: 'echo', limit: 1 });
    expect(entry).toMatchObject({ caller: 'test', status: 'ok', arguments: { message: 'hello' }, resultPreview: 'Echo: hello', isError: false });
    expect(entry!.resultBytes).toBeGreaterThan(0);
  });

  it('returns structured content and images as they are', async () => {
    const structured = await t.call('mcp.tools.call', { server: 'everything', tool: 'get-structured-content', arguments: { location: 'New York' } });
    expect(structured.result.structuredContent).toHaveProperty('temperature');
    const image = await t.call('mcp.tools.call', { server: 'everything', tool: 'get-tiny-image', arguments: {} });
    expect(image.result.content.some((block) => block.type === 'image')).toBe(true);
  });

  it('reads a resource and gets a prompt with arguments', async () => {
    const catalog = await t.call('mcp.catalog', { name: 'everything' });
    const resource = catalog.resources[0]!;
    const read = await t.call('mcp.resources.read', { server: 'everything', uri: resource.uri });
    expect(read.contents[0]?.uri).toBe(resource.uri);
    expect(read.contents[0]?.text ?? read.contents[0]?.blob).toBeTruthy();
    const prompt = await t.call('mcp.prompts.get', { server: 'everything', prompt: 'args-prompt', arguments: { city: 'Lyon' } });
    expect(JSON.stringify(prompt.messages)).toContain('Lyon');
  });

  it('refuses an unknown tool and a bad argument with clear, journaled errors', async () => {
    const unknown = await failure(t.call('mcp.tools.call', { server: 'everything', tool: 'no-such-tool', arguments: {} }));
    expect(unknown).toMatchObject({ code: 'not_found' });
    expect(unknown.message).toContain('Its tools: echo');
    const bad = await t.call('mcp.tools.call', { server: 'everything', tool: 'get-sum', arguments: { a: 'one' } });
    expect(bad.result.isError).toBe(true);
    const [entry] = await t.call('mcp.journal.list', { server: 'everything', tool: 'get-sum', limit: 1 });
    expect(entry).toMatchObject({ isError: true });
    const errors = await t.call('mcp.journal.list', { status: 'error', limit: 10 });
    expect(errors.some((row) => row.tool === 'no-such-tool')).toBe(true);
  });

  it('reports progress of a long call and cancels it', async () => {
    const progress: number[] = [];
    const listening = t.host.bus.on('mcp.call.progress', (event) => event.callId === 'long-1' && progress.push(event.progress));
    const call = t.call('mcp.tools.call', { server: 'everything', tool: 'trigger-long-running-operation', arguments: { duration: 20, steps: 40 }, callId: 'long-1' });
    await waitFor(() => progress.length >= 2, { what: 'two progress notifications' });
    const started = Date.now();
    expect(await t.call('mcp.calls.cancel', { callId: 'long-1' })).toEqual({ cancelled: true });
    expect(await failure(call)).toMatchObject({ code: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(2000);
    listening.dispose();
    const [entry] = await t.call('mcp.journal.list', { tool: 'trigger-long-running-operation', limit: 1 });
    expect(entry?.status).toBe('cancelled');
    expect((await status('everything')).status).toBe('running');
  });

  it('switches a tool off: refused and shown disabled, then on again', async () => {
    await t.call('mcp.tools.setEnabled', { server: 'everything', tool: 'echo', enabled: false });
    expect(await failure(t.call('mcp.tools.call', { server: 'everything', tool: 'echo', arguments: { message: 'x' } }))).toMatchObject({ code: 'forbidden' });
    expect((await t.call('mcp.catalog', { name: 'everything' })).tools.find((tool) => tool.name === 'echo')?.enabled).toBe(false);
    await t.call('mcp.tools.setEnabled', { server: 'everything', tool: 'echo', enabled: true });
    expect((await t.call('mcp.tools.call', { server: 'everything', tool: 'echo', arguments: { message: 'x' } })).result.isError).toBeFalsy();
  });

  it('keeps stderr in a searchable log', async () => {
    const lines = await t.call('mcp.servers.logs', { name: 'everything', limit: 100 });
    expect(lines.some((line) => line.text.includes('Starting default (STDIO) server'))).toBe(true);
    const found = await t.call('mcp.servers.logs', { name: 'everything', search: 'STDIO', limit: 100 });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((line) => line.text.toLowerCase().includes('stdio'))).toBe(true);
  });

  it('lists servers with name, status and tool count for the Integrations gallery', async () => {
    const overview = await t.call('mcp.servers.overview', {});
    expect(overview.find((server) => server.name === 'everything')).toMatchObject({ transport: 'stdio', status: 'running', toolCount: expect.any(Number) });
  });
});

describe('reference servers', () => {
  it('the memory server keeps its graph across calls', async () => {
    const memoryFile = path.join(dataDir, 'memory.jsonl');
    await t.call('mcp.servers.add', stdio('memory', [MEMORY], { transport: { type: 'stdio', command: node, args: [MEMORY], env: { MEMORY_FILE_PATH: memoryFile } } }));
    await t.call('mcp.servers.start', { name: 'memory' });
    await t.call('mcp.tools.call', {
      server: 'memory',
      tool: 'create_entities',
      arguments: { entities: [{ name: 'Echelon', entityType: 'app', observations: ['supervises MCP servers'] }] },
    });
    const graph = await t.call('mcp.tools.call', { server: 'memory', tool: 'read_graph', arguments: {} });
    expect(JSON.stringify(graph.result)).toContain('supervises MCP servers');
    await t.call('mcp.servers.stop', { name: 'memory' });
  });

  it('the filesystem server reads a file in its allowed directory', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-fs-'));
    fs.writeFileSync(path.join(root, 'note.txt'), 'the contents');
    await t.call('mcp.servers.add', stdio('files', [FILESYSTEM, root]));
    await t.call('mcp.servers.start', { name: 'files' });
    const read = await t.call('mcp.tools.call', { server: 'files', tool: 'read_text_file', arguments: { path: path.join(root, 'note.txt') } });
    expect(JSON.stringify(read.result.content)).toContain('the contents');
    await t.call('mcp.servers.stop', { name: 'files' });
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe('failures', () => {
  it('trips the crash-loop breaker on a server that crashes on start', async () => {
    await t.call('mcp.servers.add', stdio('crasher', [fixture('crash-on-start')], { restart: { maxCrashes: 3, windowSeconds: 60, initialBackoffMs: 50 } }));
    const first = await failure(t.call('mcp.servers.start', { name: 'crasher' }));
    expect(first.message).toContain('exited with code 1 before completing the MCP handshake');
    expect(first.message).toContain('missing configuration file');
    const runtime = await waitFor(async () => {
      const current = await status('crasher');
      return current.status === 'crashed' && current;
    }, { what: 'the breaker to trip' });
    expect(runtime.restarts).toBe(2);
    expect(runtime.lastError).toMatch(/^Crash loop: 3 failures within 60 s/);
    const activity = await t.call('app.activity', { limit: 20 });
    expect(activity.some((entry) => entry.level === 'error' && entry.message.includes('Crash loop'))).toBe(true);
  });

  it('stops a server that hangs at start after its start timeout, with a clear error', async () => {
    await t.call('mcp.servers.add', stdio('hanger', [fixture('hang')], { startTimeoutMs: 1000, restart: { mode: 'never' } }));
    const error = await failure(t.call('mcp.servers.start', { name: 'hanger' }));
    expect(error.message).toContain('did not complete the MCP handshake within 1 s');
    expect(error.message).toContain('warming up a very large cache');
    expect((await status('hanger')).status).toBe('crashed');
    await waitFor(() => runningWith(fixture('hang')).length === 0, { what: 'the hung process to be killed' });
  });

  it('says so when a server prints garbage on stdout instead of speaking MCP, and stays up', async () => {
    await t.call('mcp.servers.add', stdio('noisy', [fixture('garbage')], { startTimeoutMs: 1000, restart: { mode: 'never' } }));
    const error = await failure(t.call('mcp.servers.start', { name: 'noisy' }));
    expect(error.message).toContain('wrote something other than MCP messages on stdout');
    expect(error.message).toContain('Hello! Server v1.2');
    await t.call('mcp.servers.add', stdio('noisy-but-working', [fixture('garbage'), '--then-serve']));
    await t.call('mcp.servers.start', { name: 'noisy-but-working' });
    const sum = await t.call('mcp.tools.call', { server: 'noisy-but-working', tool: 'add', arguments: { a: 2, b: 3 } });
    expect(sum.result.content).toEqual([{ type: 'text', text: '5' }]);
    const runtime = await status('noisy-but-working');
    expect(runtime.status).toBe('running');
    expect(runtime.lastError).toContain('non-MCP output on stdout');
    expect((await status('everything')).status).toBe('running');
    await t.call('mcp.servers.stop', { name: 'noisy-but-working' });
  });

  it('fails a call cleanly when the server is SIGKILLed mid-call, then restarts it', async () => {
    await t.call('mcp.servers.add', stdio('victim', [EVERYTHING], { restart: { initialBackoffMs: 50 } }));
    const before = await t.call('mcp.servers.start', { name: 'victim' });
    const progress: number[] = [];
    const listening = t.host.bus.on('mcp.call.progress', (event) => event.callId === 'doomed' && progress.push(event.progress));
    const call = t.call('mcp.tools.call', { server: 'victim', tool: 'trigger-long-running-operation', arguments: { duration: 20, steps: 40 }, callId: 'doomed' });
    await waitFor(() => progress.length > 0, { what: 'the call to be under way' });
    process.kill(before.runtime.pid!, 'SIGKILL');
    const error = await failure(call);
    listening.dispose();
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('was killed by SIGKILL during the call');
    const after = await waitFor(async () => {
      const runtime = await status('victim');
      return runtime.status === 'running' && runtime;
    }, { what: 'the automatic restart' });
    expect(after.restarts).toBe(1);
    expect(after.pid).not.toBe(before.runtime.pid);
    expect(after.lastError).toContain('was killed by SIGKILL unexpectedly');
    expect((await t.call('mcp.tools.call', { server: 'victim', tool: 'echo', arguments: { message: 'back' } })).result.content).toEqual([{ type: 'text', text: 'Echo: back' }]);
    await t.call('mcp.servers.stop', { name: 'victim' });
  });

  it('kills the whole process tree on stop, leaving no orphans', async () => {
    await t.call('mcp.servers.add', stdio('tree', [fixture('process-tree')]));
    const started = await t.call('mcp.servers.start', { name: 'tree' });
    const helper = await t.call('mcp.tools.call', { server: 'tree', tool: 'helper_pid', arguments: {} });
    const helperPid = (helper.result.structuredContent as { pid: number }).pid;
    expect(isRunning(helperPid)).toBe(true);
    await t.call('mcp.servers.stop', { name: 'tree' });
    expect(isRunning(started.runtime.pid!)).toBe(false);
    await waitFor(() => !isRunning(helperPid), { timeoutMs: 3000, what: 'the grandchild to be gone' });
    expect((await status('tree')).status).toBe('stopped');
  });

  it('pings on an interval, records latency, degrades a frozen server and recovers it', async () => {
    await t.call('mcp.servers.add', stdio('pinged', [EVERYTHING], { healthIntervalMs: 150 }));
    const started = await t.call('mcp.servers.start', { name: 'pinged' });
    const healthy = await waitFor(async () => {
      const health = await t.call('mcp.servers.health', { name: 'pinged', limit: 10 });
      return health.checks.length >= 2 && health;
    }, { what: 'two health checks' });
    expect(healthy.successRate).toBe(1);
    expect(healthy.p50LatencyMs).toBeGreaterThan(0);
    process.kill(started.runtime.pid!, 'SIGSTOP');
    try {
      await waitFor(async () => (await status('pinged')).status === 'degraded', { what: 'degraded' });
    } finally {
      process.kill(started.runtime.pid!, 'SIGCONT');
    }
    await waitFor(async () => (await status('pinged')).status === 'running', { what: 'running again' });
    const health = await t.call('mcp.servers.health', { name: 'pinged', limit: 100 });
    expect(health.checks.some((check) => !check.ok)).toBe(true);
    await t.call('mcp.servers.stop', { name: 'pinged' });
  });

  it('applies a new ping interval to a running server at once, and stops pinging when it is switched off', async () => {
    await t.call('mcp.servers.add', stdio('interval-changed', [EVERYTHING]));
    await t.call('mcp.servers.start', { name: 'interval-changed' });
    const checks = async () => (await t.call('mcp.servers.health', { name: 'interval-changed', limit: 1000 })).checks.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await checks()).toBe(0);
    await t.call('mcp.servers.update', { name: 'interval-changed', changes: { healthIntervalMs: 100 } });
    await waitFor(async () => (await checks()) >= 3, { timeoutMs: 3000, what: 'pings at the new interval' });
    await t.call('mcp.servers.update', { name: 'interval-changed', changes: { healthIntervalMs: 0 } });
    const after = await checks();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await checks()).toBeLessThanOrEqual(after + 1);
    await t.call('mcp.servers.stop', { name: 'interval-changed' });
  });

  it('refreshes the tools when the server announces list_changed', async () => {
    await t.call('mcp.servers.add', stdio('dynamic', [fixture('dynamic')]));
    await t.call('mcp.servers.start', { name: 'dynamic' });
    await t.call('mcp.tools.call', { server: 'dynamic', tool: 'add_tool', arguments: { name: 'late_tool' } });
    await waitFor(async () => (await t.call('mcp.catalog', { name: 'dynamic' })).tools.some((tool) => tool.name === 'late_tool'), { what: 'the new tool' });
    const late = await t.call('mcp.tools.call', { server: 'dynamic', tool: 'late_tool', arguments: {} });
    expect(late.result.content).toEqual([{ type: 'text', text: 'I am late_tool' }]);
    await t.call('mcp.servers.stop', { name: 'dynamic' });
  });
});

describe('finding commands', () => {
  it("uses the login shell's PATH when the command is not on Echelon's, and says where it found it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-path-'));
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'everything-server'), `#!/bin/sh\nexec "${node}" "${EVERYTHING}"\n`, { mode: 0o755 });
    const shell = path.join(dir, 'login-shell');
    // A stand-in login shell: its profile puts bin/ on the PATH, then it runs the -c command.
    fs.writeFileSync(shell, `#!/bin/sh\nPATH="${bin}:$PATH"\nexport PATH\nexec /bin/sh -c "$2"\n`, { mode: 0o755 });
    const gui = await createTestHost(path.join(dir, 'data'), { PATH: '/usr/bin:/bin', SHELL: shell, HOME: dir });
    try {
      await gui.call('mcp.servers.add', { definition: { name: 'from-login-shell', transport: { type: 'stdio', command: 'everything-server' }, healthIntervalMs: 0 } });
      await gui.call('mcp.servers.start', { name: 'from-login-shell' });
      const logs = await gui.call('mcp.servers.logs', { name: 'from-login-shell', limit: 50 });
      expect(logs.map((line) => line.text).join('\n')).toContain(`searched PATH /usr/bin:/bin); found at ${bin}/everything-server through your login shell (${shell})`);
      await gui.call('mcp.servers.add', { definition: { name: 'nowhere', transport: { type: 'stdio', command: 'no-such-mcp-binary' }, restart: { mode: 'never' } } });
      const error = await failure(gui.call('mcp.servers.start', { name: 'nowhere' }));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain('Cannot find "no-such-mcp-binary": searched PATH /usr/bin:/bin');
      expect(error.message).toContain(`your login shell's PATH (${shell}: ${bin}:`);
      expect((await gui.call('mcp.servers.get', { name: 'nowhere' })).runtime.status).toBe('crashed');
    } finally {
      await gui.host.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start a disabled server, and a call to a stopped one says how to start it', async () => {
    await t.call('mcp.servers.add', stdio('off', [EVERYTHING], { enabled: false }));
    expect(await failure(t.call('mcp.servers.start', { name: 'off' }))).toMatchObject({ code: 'conflict' });
    const error = await failure(t.call('mcp.tools.call', { server: 'off', tool: 'echo', arguments: { message: 'x' } }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('echelon mcp start off');
  });
});

describe('definitions shared between processes', () => {
  it('sees a server that another process added and one it removed, within a quarter second', async () => {
    // A second host on the same data dir: the CLI writing beside the desktop app.
    const other = await createTestHost(dataDir);
    try {
      expect((await t.call('mcp.servers.list', {})).some((server) => server.name === 'from-cli')).toBe(false);
      await other.call('mcp.servers.add', stdio('from-cli', [EVERYTHING]));
      await waitFor(async () => (await t.call('mcp.servers.list', {})).some((server) => server.name === 'from-cli'), { timeoutMs: 1000, what: 'the added server' });
      await other.call('mcp.servers.remove', { name: 'from-cli' });
      await waitFor(async () => !(await t.call('mcp.servers.list', {})).some((server) => server.name === 'from-cli'), { timeoutMs: 1000, what: 'the removal' });
    } finally {
      await other.host.dispose();
    }
  });
});
