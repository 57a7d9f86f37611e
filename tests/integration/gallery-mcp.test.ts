import { afterEach, expect, it } from 'vitest';
import { createHost, type Host } from '../../electron/main/services/host';
import { MemoryKeyValueStore } from '../../electron/main/services/preferences/preferences-service';
import { EVERYTHING } from '../helpers/mcp-servers';
import { tempDir } from '../helpers/temp-dir';

let host: Host | undefined;
afterEach(async () => {
  await host?.dispose();
  host = undefined;
});

async function call(method: string, input: unknown) {
  const result = await host!.router.call(method, input, { caller: 'test' });
  if (!result.ok) throw new Error(result.error.message);
  return result.data as never;
}

it('shows MCP servers in the integration gallery beside the API integrations, with their live status', async () => {
  host = createHost({ shell: 'cli', dataDir: tempDir(), preferences: new MemoryKeyValueStore() });
  await call('mcp.servers.add', { definition: { name: 'everything', transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING] }, healthIntervalMs: 0 } });
  const tile = async () => ((await call('integrations.gallery', { type: 'mcp' })) as { entries: { key: string; type: string; status: string | null; connected: boolean }[] }).entries;
  expect(await tile()).toEqual([expect.objectContaining({ key: 'mcp:everything', type: 'mcp', status: 'disconnected', connected: false })]);
  await call('mcp.servers.start', { name: 'everything' });
  expect(await tile()).toEqual([expect.objectContaining({ key: 'mcp:everything', status: 'connected', connected: true })]);
  const all = (await call('integrations.gallery', {})) as { entries: { type: string }[]; categories: string[] };
  expect(new Set(all.entries.map((entry) => entry.type))).toEqual(new Set(['api', 'mcp']));
  expect(all.categories).toContain('MCP servers');
});
