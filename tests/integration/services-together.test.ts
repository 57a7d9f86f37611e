import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import { CountingServer } from '../helpers/counting-server';
import { chain, manualStart as start, node, runToEnd } from '../helpers/engine';
import { EVERYTHING } from '../helpers/mcp-servers';
import { tempDir } from '../helpers/temp-dir';
import { openUnlockedHost, TEST_ACCESSOR } from '../helpers/vault';

/**
 * The services as the app wires them: workflow steps call MCP tools through the supervisor,
 * HTTP through the integrations layer, and read secrets from the vault.
 */
let host: Host | undefined;
let server: CountingServer | undefined;
afterEach(async () => {
  await host?.dispose();
  await server?.stop();
  host = undefined;
  server = undefined;
});


async function call(method: string, input: unknown) {
  const result = await host!.router.call(method, input, { caller: 'test' });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data as never;
}

describe('the engine with the real MCP supervisor, integrations layer and vault', () => {
  it('calls a tool of a supervised MCP server from a workflow step, journaled as the workflow', async () => {
    host = await openUnlockedHost(tempDir());
    await host.engine.start({ owner: 'test', recover: true });
    await call('mcp.servers.add', { definition: { name: 'everything', transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING] }, healthIntervalMs: 0 } });
    await call('mcp.servers.start', { name: 'everything' });
    const detail = await runToEnd(host, chain('Echo', [start(), node('mcp-tool.call', { server: 'everything', tool: 'echo', arguments: { message: 'hello {{ $json.who }}' } }, { id: 'echo', name: 'Echo' })]), { who: 'Ada' });
    expect(detail.status).toBe('succeeded');
    expect(JSON.stringify(detail.output.value)).toContain('Echo: hello Ada');
    const journal = (await call('mcp.journal.list', {})) as { entries?: { caller: string; tool: string }[] } | { caller: string; tool: string }[];
    const entries = Array.isArray(journal) ? journal : (journal.entries ?? []);
    expect(entries).toContainEqual(expect.objectContaining({ caller: 'workflow', tool: 'echo' }));
  });

  it('sends HTTP steps through the integrations layer with the step idempotency key, and a vault secret that never lands in the database', async () => {
    const dataDir = tempDir();
    host = await openUnlockedHost(dataDir);
    await host.engine.start({ owner: 'test', recover: true });
    host.vault.set({ name: 'API_TOKEN', value: { kind: 'secret', value: 'tok-7f3a9c2e51' } }, TEST_ACCESSOR);
    server = await CountingServer.start();
    server.on('/hook', () => ({ status: 200, body: { ok: true } }));
    const detail = await runToEnd(
      host,
      chain('Notify', [
        start(),
        node('http-request.send', { method: 'POST', url: server.url('/hook'), headers: [{ name: 'authorization', value: 'Bearer {{ secrets.API_TOKEN }}' }], bodyType: 'json', jsonBody: { text: 'hi' } }, { id: 'post', name: 'Post' }),
      ]),
    );
    expect(detail.status).toBe('succeeded');
    const request = server.requests.find((seen) => seen.path === '/hook')!;
    expect(request.headers['authorization']).toBe('Bearer tok-7f3a9c2e51');
    expect(request.idempotencyKey).toBe(`e${detail.id}-post-1`);
    expect(JSON.parse(request.body)).toEqual({ text: 'hi' });
    expect(JSON.stringify(detail)).not.toContain('tok-7f3a9c2e51');
    await host.dispose();
    host = undefined;
    for (const file of fs.readdirSync(dataDir).filter((name) => name.startsWith('echelon.db'))) {
      expect(fs.readFileSync(path.join(dataDir, file)).includes('tok-7f3a9c2e51'), file).toBe(false);
    }
  });
});
