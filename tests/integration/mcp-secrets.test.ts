import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer } from '../../electron/main/serve/http-server';
import { createTestHost } from '../helpers/mcp-host';
import { fixture } from '../helpers/mcp-servers';
import { tempDir } from '../helpers/temp-dir';
import { TEST_ACCESSOR } from '../helpers/vault';

const SECRET = 'tok-SUPERSECRET-4242';

/** Every file under a folder, as bytes, so nothing escapes by not being text. */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => {
    const file = path.join(entry.parentPath, entry.name);
    return { file, bytes: fs.readFileSync(file) };
  });
}

describe('secrets of MCP servers', () => {
  it('reach the server, and never the renderer, the logs, the journal, the stderr buffer or an error', async () => {
    const dataDir = tempDir();
    const t = await createTestHost(dataDir);
    t.host.vault.set({ name: 'LEAKY_TOKEN', value: { kind: 'secret', value: SECRET } }, TEST_ACCESSOR);
    const server = await startServer({ host: t.host, port: 0, rendererDir: dataDir });
    const frames: string[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`, { headers: { Authorization: `Bearer ${server.token}` } });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.on('message', (data) => frames.push(data.toString()));
    let nextId = 1;
    const invoke = (method: string, input: unknown) =>
      new Promise<{ ok: boolean; data?: unknown; error?: { message: string } }>((resolve) => {
        const id = nextId++;
        const listener = (data: WebSocket.RawData) => {
          const frame = JSON.parse(data.toString());
          if (frame.type === 'result' && frame.id === id) {
            ws.off('message', listener);
            resolve(frame.result);
          }
        };
        ws.on('message', listener);
        ws.send(JSON.stringify({ type: 'invoke', id, method, input }));
      });

    try {
      const env = { API_TOKEN: '{{ secrets.LEAKY_TOKEN }}' };
      await invoke('mcp.servers.add', { definition: { name: 'leaky', transport: { type: 'stdio', command: process.execPath, args: [fixture('leaky')], env }, healthIntervalMs: 0 } });
      await invoke('mcp.servers.add', {
        definition: { name: 'leaky-crash', transport: { type: 'stdio', command: process.execPath, args: [fixture('leaky'), '--crash'], env }, restart: { mode: 'never' } },
      });
      expect((await invoke('mcp.servers.start', { name: 'leaky' })).ok).toBe(true);
      // The vault's audit log names who decrypted it: the server, and nobody else.
      const decrypts = t.host.vault.audit.all({ name: 'LEAKY_TOKEN', action: 'decrypt' });
      expect(decrypts.map((entry) => [entry.accessorKind, entry.accessorId])).toEqual([['mcp', 'leaky']]);

      // The server did get the real value: it comes back, redacted under the secret's name.
      const whoami = await invoke('mcp.tools.call', { server: 'leaky', tool: 'whoami', arguments: {} });
      expect(JSON.stringify(whoami.data)).toContain('using [redacted:LEAKY_TOKEN]');
      const failed = await invoke('mcp.tools.call', { server: 'leaky', tool: 'fail', arguments: {} });
      expect(JSON.stringify(failed.data)).toContain('upstream rejected token [redacted:LEAKY_TOKEN]');
      // A person pasting the secret into arguments does not get it journaled either.
      await invoke('mcp.tools.call', { server: 'leaky', tool: 'echo', arguments: { text: `my token is ${SECRET}` } });
      const crash = await invoke('mcp.servers.start', { name: 'leaky-crash' });
      expect(crash.ok).toBe(false);
      expect(crash.error?.message).toContain('fatal: token [redacted:LEAKY_TOKEN] was refused');
      const logs = await invoke('mcp.servers.logs', { name: 'leaky', limit: 100 });
      expect(JSON.stringify(logs.data)).toContain('connecting with token [redacted:LEAKY_TOKEN]');
      const journal = await invoke('mcp.journal.list', { limit: 10 });
      expect(JSON.stringify(journal.data)).toContain('my token is [redacted:LEAKY_TOKEN]');
      await invoke('mcp.servers.list', {});
      await invoke('mcp.catalog', { name: 'leaky' });

      // The gateway's clients are outside Echelon too.
      const gateway = await t.host.mcp.listenGateway(0);
      const client = new Client({ name: 'ai', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { Authorization: `Bearer ${gateway.token}` } } }));
      const viaGateway = await client.callTool({ name: 'leaky__whoami', arguments: {} });
      expect(JSON.stringify(viaGateway)).not.toContain(SECRET);
      expect(JSON.stringify(viaGateway)).toContain('[redacted:LEAKY_TOKEN]');
      await client.close();
    } finally {
      ws.close();
      await server.close();
      await t.host.dispose();
    }

    expect(frames.length).toBeGreaterThan(10);
    for (const frame of frames) expect(frame).not.toContain(SECRET);
    const files = filesUnder(dataDir);
    expect(files.some(({ file }) => file.includes(`${path.sep}logs${path.sep}`))).toBe(true);
    for (const { file, bytes } of files) expect(bytes.includes(SECRET), file).toBe(false);
    expect(files.some(({ file, bytes }) => file.endsWith('echelon.log') && bytes.includes('[redacted:LEAKY_TOKEN]'))).toBe(true);
  });
});
