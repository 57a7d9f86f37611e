import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../electron/main/services/mcp/gateway-http';
import { SocketTransport } from '../../electron/main/services/mcp/socket-transport';
import { readDiscovery, removeDiscovery, writeDiscovery } from '../../electron/main/serve/discovery';
import { CLI, startServe, type ServeProcess } from '../helpers/cli';
import { createTestHost, type TestHost } from '../helpers/mcp-host';
import { EVERYTHING, MEMORY } from '../helpers/mcp-servers';
import { runningWith, waitFor } from '../helpers/processes';
import { freePort } from '../helpers/free-port';

const node = process.execPath;
let dataDir: string;
let t: TestHost;
let gateway: RunningGateway;

async function gatewayClient(onToolsChanged?: () => void): Promise<Client> {
  const client = new Client(
    { name: 'test-ai-client', version: '1.0.0' },
    onToolsChanged ? { listChanged: { tools: { autoRefresh: false, debounceMs: 0, onChanged: onToolsChanged } } } : {},
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { Authorization: `Bearer ${gateway.token}` } } }));
  return client;
}

function post(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }));
  });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-mcp-gateway-'));
  t = await createTestHost(dataDir);
  await t.call('mcp.servers.add', { definition: { name: 'everything', transport: { type: 'stdio', command: node, args: [EVERYTHING] }, healthIntervalMs: 0 } });
  await t.call('mcp.servers.add', {
    definition: { name: 'memory', transport: { type: 'stdio', command: node, args: [MEMORY], env: { MEMORY_FILE_PATH: path.join(dataDir, 'memory.jsonl') } }, healthIntervalMs: 0 },
  });
  await Promise.all([t.call('mcp.servers.start', { name: 'everything' }), t.call('mcp.servers.start', { name: 'memory' })]);
  gateway = await t.host.mcp.listenGateway(0);
});

afterAll(async () => {
  await t.host.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the gateway over streamable HTTP', () => {
  it('lists and calls the tools of two servers as server__tool, journaling each call as the gateway', async () => {
    const client = await gatewayClient();
    try {
      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['everything__echo', 'everything__get-sum', 'memory__create_entities', 'memory__read_graph']));
      expect(tools.find((tool) => tool.name === 'everything__echo')?.description).toMatch(/^\[everything\] /);
      const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'through the gateway' } });
      expect(echo.content).toEqual([{ type: 'text', text: 'Echo: through the gateway' }]);
      await client.callTool({ name: 'memory__create_entities', arguments: { entities: [{ name: 'Gateway', entityType: 'thing', observations: ['seen'] }] } });
      const graph = await client.callTool({ name: 'memory__read_graph', arguments: {} });
      expect(JSON.stringify(graph.content)).toContain('Gateway');
      const journal = await t.call('mcp.journal.list', { caller: 'gateway', limit: 10 });
      expect(journal.map((entry) => `${entry.server}/${entry.tool}`)).toEqual(['memory/read_graph', 'memory/create_entities', 'everything/echo']);
      expect(journal[2]).toMatchObject({ arguments: { message: 'through the gateway' }, status: 'ok' });
    } finally {
      await client.close();
    }
  });

  it('hides and refuses a disabled tool, and tells connected clients the list changed', async () => {
    let changes = 0;
    const client = await gatewayClient(() => changes++);
    try {
      await client.listTools();
      await t.call('mcp.tools.setEnabled', { server: 'everything', tool: 'get-sum', enabled: false });
      await waitFor(() => changes > 0, { what: 'notifications/tools/list_changed' });
      expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('everything__get-sum');
      await expect(client.callTool({ name: 'everything__get-sum', arguments: { a: 1, b: 2 } })).rejects.toThrow(/Unknown tool "everything__get-sum"/);
    } finally {
      await t.call('mcp.tools.setEnabled', { server: 'everything', tool: 'get-sum', enabled: true });
      await client.close();
    }
  });

  it('forwards progress, reports tool errors as results, and drops the tools of a stopped server', async () => {
    const client = await gatewayClient();
    try {
      const progress: number[] = [];
      const result = await client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 0.6, steps: 3 } }, undefined, {
        onprogress: (event) => progress.push(event.progress),
      });
      // The SDK client handles a notification a tick later than a result read with it, so the
      // last step may be dropped on its side; the earlier ones must have come through in order.
      expect(progress.slice(0, 2)).toEqual([1, 2]);
      expect(JSON.stringify(result.content)).toContain('Long running operation completed');
      const failed = await client.callTool({ name: 'everything__get-sum', arguments: { a: 'not a number' } });
      expect(failed.isError).toBe(true);
      await t.call('mcp.servers.stop', { name: 'memory' });
      expect((await client.listTools()).tools.some((tool) => tool.name.startsWith('memory__'))).toBe(false);
    } finally {
      await t.call('mcp.servers.start', { name: 'memory' });
      await client.close();
    }
  });

  it('refuses a wrong token, a foreign Host and a foreign Origin', async () => {
    expect(await post(gateway.port, { Authorization: 'Bearer wrong', Accept: 'application/json, text/event-stream' })).toBe(401);
    expect(await post(gateway.port, { Authorization: `Bearer ${gateway.token}`, Host: 'evil.example', Accept: 'application/json, text/event-stream' })).toBe(403);
    expect(await post(gateway.port, { Authorization: `Bearer ${gateway.token}`, Origin: 'https://evil.example', Accept: 'application/json, text/event-stream' })).toBe(403);
  });
});

describe('the gateway on a Unix socket', () => {
  function connect(socketPath: string): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(socketPath, () => resolve(socket));
      socket.once('error', reject);
    });
  }

  it.skipIf(process.platform === 'win32')('serves the same tools to its owner only, and survives a client that writes garbage', async () => {
    const socketPath = path.join(dataDir, 'gateway.sock');
    fs.writeFileSync(socketPath, 'left behind by a killed Echelon');
    const running = await t.host.mcp.listenGatewaySocket(socketPath);
    expect(fs.statSync(socketPath).isSocket()).toBe(true);
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600);

    const garbage = await connect(socketPath);
    const closed = new Promise((resolve) => garbage.once('close', resolve));
    garbage.write('this is not JSON-RPC\n');
    await closed;

    const client = new Client({ name: 'socket-client', version: '1.0.0' });
    await client.connect(new SocketTransport(await connect(socketPath)));
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['everything__echo', 'memory__read_graph']));
      expect((await client.callTool({ name: 'everything__echo', arguments: { message: 'over a socket' } })).content).toEqual([{ type: 'text', text: 'Echo: over a socket' }]);
      const journal = await t.call('mcp.journal.list', { limit: 1 });
      expect(journal[0]).toMatchObject({ caller: 'gateway', server: 'everything', tool: 'echo' });
    } finally {
      await client.close();
      await running.close();
    }
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('takes the stdio of `echelon mcp gateway` while Echelon runs, which stops when Echelon goes', async () => {
    const socketPath = path.join(dataDir, 'gateway.sock');
    const running = await t.host.mcp.listenGatewaySocket(socketPath);
    // The running Echelon's HTTP gateway is unreachable here: only the socket can carry the session.
    writeDiscovery(dataDir, { pid: process.pid, port: 9, token: 'unused', startedAt: new Date().toISOString(), gateway: { url: 'http://127.0.0.1:9/mcp', token: 'unused', socket: socketPath } });
    const transport = new StdioClientTransport({ command: node, args: [CLI, 'mcp', 'gateway', '--data-dir', dataDir], stderr: 'pipe' });
    let stderr = '';
    transport.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect((await client.callTool({ name: 'memory__read_graph', arguments: {} })).isError).toBeFalsy();
      const closed = new Promise((resolve) => (client.onclose = () => resolve(undefined)));
      await running.close();
      await closed;
      expect(stderr).toContain('lost the connection to the running Echelon');
      await waitFor(() => runningWith(`--data-dir ${dataDir}`).filter((proc) => proc.cmdline.includes('mcp gateway')).length === 0, { what: 'the gateway process to exit' });
    } finally {
      removeDiscovery(dataDir);
      await client.close();
    }
  });
});

describe('remote servers over HTTP', () => {
  let remote: ChildProcess | undefined;
  afterAll(() => {
    remote?.kill();
  });

  it('connects over streamable HTTP, and falls back to HTTP+SSE for an older server', async () => {
    const port = await freePort();
    remote = spawn(node, [EVERYTHING, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    await t.call('mcp.servers.add', { definition: { name: 'remote', transport: { type: 'http', url: `http://127.0.0.1:${port}/mcp` }, healthIntervalMs: 0, startTimeoutMs: 5000 } });
    await waitFor(async () => (await t.call('mcp.servers.start', { name: 'remote' }).catch(() => undefined))?.runtime.status === 'running', { what: 'the remote server' });
    expect((await t.call('mcp.servers.get', { name: 'remote' })).runtime).toMatchObject({ connectedOver: 'streamable-http', pid: null });
    expect((await t.call('mcp.tools.call', { server: 'remote', tool: 'echo', arguments: { message: 'remote' } })).result.content).toEqual([{ type: 'text', text: 'Echo: remote' }]);
    await t.call('mcp.servers.stop', { name: 'remote' });
    remote.kill();

    const ssePort = await freePort();
    remote = spawn(node, [EVERYTHING, 'sse'], { env: { ...process.env, PORT: String(ssePort) }, stdio: 'ignore' });
    await t.call('mcp.servers.add', { definition: { name: 'legacy', transport: { type: 'http', url: `http://127.0.0.1:${ssePort}/sse` }, healthIntervalMs: 0, startTimeoutMs: 5000, restart: { mode: 'never' } } });
    await waitFor(async () => (await t.call('mcp.servers.start', { name: 'legacy' }).catch(() => undefined))?.runtime.status === 'running', { what: 'the SSE server' });
    expect((await t.call('mcp.servers.get', { name: 'legacy' })).runtime.connectedOver).toBe('sse');
    expect((await t.call('mcp.tools.call', { server: 'legacy', tool: 'echo', arguments: { message: 'old' } })).result.content).toEqual([{ type: 'text', text: 'Echo: old' }]);
    await t.call('mcp.servers.stop', { name: 'legacy' });
  });
});

describe('`echelon mcp gateway` on stdio', () => {
  let serve: ServeProcess | undefined;
  afterAll(async () => {
    await serve?.stop();
  });

  async function stdioGateway(dir: string): Promise<Client> {
    const client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: node, args: [CLI, 'mcp', 'gateway', '--data-dir', dir], stderr: 'ignore' }));
    return client;
  }

  it('starts the enabled servers itself when no serve runs, and stops them when its client leaves', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-stdio-gateway-'));
    const setup = await createTestHost(dir);
    await setup.call('mcp.servers.add', { definition: { name: 'one', transport: { type: 'stdio', command: node, args: [EVERYTHING, 'stdio', dir] } } });
    await setup.call('mcp.servers.add', { definition: { name: 'two', transport: { type: 'stdio', command: node, args: [MEMORY, dir], env: { MEMORY_FILE_PATH: path.join(dir, 'm.jsonl') } } } });
    await setup.host.dispose();
    const client = await stdioGateway(dir);
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['one__echo', 'two__read_graph']));
      expect((await client.callTool({ name: 'one__echo', arguments: { message: 'stdio' } })).content).toEqual([{ type: 'text', text: 'Echo: stdio' }]);
      expect(runningWith(dir).length).toBeGreaterThanOrEqual(3);
    } finally {
      await client.close();
    }
    await waitFor(() => runningWith(dir).length === 0, { what: 'the gateway and its servers to exit' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('relays to a running `echelon serve` instead of starting servers of its own', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-relay-'));
    const setup = await createTestHost(dir);
    await setup.call('mcp.servers.add', { definition: { name: 'shared', autoStart: true, transport: { type: 'stdio', command: node, args: [EVERYTHING, 'stdio', dir] } } });
    await setup.host.dispose();
    serve = await startServe(dir);
    await waitFor(() => runningWith(EVERYTHING).filter((proc) => proc.cmdline.includes(dir)).length === 1, { what: 'serve to auto-start the server' });
    const discovery = readDiscovery(dir)!;
    const discoveryFile = path.join(dir, 'serve.json');
    const published = fs.readFileSync(discoveryFile, 'utf8');
    const socketPath = discovery.gateway?.socket;
    if (process.platform !== 'win32') expect(socketPath).toBe(path.join(dir, 'gateway.sock'));
    // Over serve's socket (its HTTP address made unreachable, so only the socket can carry the
    // calls), then over HTTP once the socket is gone: the same tools either way.
    for (const transport of socketPath ? ['socket', 'http'] : ['http']) {
      if (transport === 'socket') fs.writeFileSync(discoveryFile, JSON.stringify({ ...discovery, gateway: { ...discovery.gateway, url: 'http://127.0.0.1:9/mcp' } }));
      else {
        fs.writeFileSync(discoveryFile, published);
        if (socketPath) fs.rmSync(socketPath);
      }
      const client = await stdioGateway(dir);
      try {
        await waitFor(async () => (await client.listTools()).tools.some((tool) => tool.name === 'shared__echo'), { what: `the shared tools over ${transport}` });
        expect((await client.callTool({ name: 'shared__echo', arguments: { message: `relayed over ${transport}` } })).content).toEqual([{ type: 'text', text: `Echo: relayed over ${transport}` }]);
        expect(runningWith(EVERYTHING).filter((proc) => proc.cmdline.includes(dir))).toHaveLength(1);
      } finally {
        await client.close();
      }
    }
    await serve.stop();
    serve = undefined;
    const after = await createTestHost(dir);
    const journal = await after.call('mcp.journal.list', { limit: 5 });
    const relayed = process.platform === 'win32' ? ['http'] : ['http', 'socket'];
    expect(journal.slice(0, relayed.length).map((entry) => entry.arguments)).toEqual(relayed.map((transport) => ({ message: `relayed over ${transport}` })));
    expect(journal[0]).toMatchObject({ caller: 'gateway', server: 'shared', tool: 'echo' });
    await after.host.dispose();
    await waitFor(() => runningWith(dir).length === 0, { what: 'no process left' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
