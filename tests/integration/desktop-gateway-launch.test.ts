import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { desktopGatewayLaunch } from '../../electron/main/app/gateway-launch';
import { REPO } from '../helpers/cli';
import { EVERYTHING } from '../helpers/mcp-servers';
import { waitFor } from '../helpers/processes';
import { tempDir } from '../helpers/temp-dir';
import { openUnlockedHost } from '../helpers/vault';

// The desktop app exports a gateway entry that runs its own executable as Node on the bundled
// CLI. Electron's binary cannot run here, so Node stands in for it (it ignores ELECTRON_RUN_AS_NODE):
// everything else, the script path, the arguments and the SQLite driver, is what the app writes.
describe("the desktop app's gateway entry for AI clients", () => {
  it('is exported with its environment, and launched as written it serves the servers of the data dir', async () => {
    const dataDir = tempDir();
    const sqliteBinding = path.join(REPO, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(fs.existsSync(sqliteBinding)).toBe(true);
    const launch = desktopGatewayLaunch({ executable: process.execPath, appPath: REPO, dataDir, sqliteBinding });

    const host = await openUnlockedHost(dataDir, { shell: 'electron', gatewayLaunch: launch });
    let entry: { command: string; args: string[]; env: Record<string, string> };
    try {
      const added = await host.router.call('mcp.servers.add', { definition: { name: 'everything', transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING] } } }, { caller: 'test' });
      expect(added.ok).toBe(true);
      const exported = await host.router.call('mcp.export', { entryName: 'echelon' }, { caller: 'test' });
      if (!exported.ok) throw new Error(exported.error.message);
      entry = (exported.data as { config: { mcpServers: Record<string, typeof entry> } }).config.mcpServers.echelon!;
    } finally {
      await host.dispose();
    }
    expect(entry).toEqual({
      command: process.execPath,
      args: [path.join(REPO, 'bin', 'echelon.js'), 'mcp', 'gateway', '--data-dir', dataDir],
      env: { ELECTRON_RUN_AS_NODE: '1', ECHELON_SQLITE_BINDING: sqliteBinding },
    });

    const client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, env: { ...(process.env as Record<string, string>), ...entry.env }, stderr: 'ignore' }));
    try {
      await waitFor(async () => (await client.listTools()).tools.some((tool) => tool.name === 'everything__echo'), { what: 'the gateway to start the server' });
      expect((await client.callTool({ name: 'everything__echo', arguments: { message: 'from Claude' } })).content).toEqual([{ type: 'text', text: 'Echo: from Claude' }]);
    } finally {
      await client.close();
    }
  });
});
