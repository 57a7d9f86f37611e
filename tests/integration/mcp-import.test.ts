import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../helpers/mcp-host';
import { tempDir } from '../helpers/temp-dir';
import { PASSPHRASE, TEST_ACCESSOR } from '../helpers/vault';

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; path?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

const claudeDesktop = JSON.stringify({
  globalShortcut: 'Ctrl+Space',
  mcpServers: {
    github: {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-github'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_literalSecretValue123', LOG_LEVEL: 'debug' },
    },
    memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
  },
});

const cursor = JSON.stringify({
  mcpServers: {
    'Remote Docs': { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer sk-remote-abcdef', 'X-Team': 'blue' } },
    'brave search': { command: 'npx -y @modelcontextprotocol/server-brave-search', env: { BRAVE_API_KEY: 'BSA-key-99999', HOME_DIR: '${env:HOME}' } },
    piped: { command: 'cat config.json | my-server' },
    broken: { args: ['--nothing'] },
  },
});

const vscode = `{
  // VS Code allows comments and trailing commas
  "inputs": [
    { "type": "promptString", "id": "github-token", "description": "GitHub Personal Access Token", "password": true },
  ],
  "servers": {
    "github": {
      "type": "stdio",
      "command": "docker",
      "args": ["run", "-i", "--rm", "-e", "GITHUB_TOKEN", "ghcr.io/github/github-mcp-server"],
      "env": { "GITHUB_TOKEN": "\${input:github-token}" },
    },
    "local": { "type": "stdio", "command": "node", "args": ["\${workspaceFolder}/server.js"], "cwd": "\${workspaceFolder}" },
    "legacy": { "type": "sse", "url": "http://localhost:3001/sse" },
  },
}`;

describe('importing client configs', () => {
  it('imports Claude Desktop servers, moving a literal token into the vault', async () => {
    const dir = tempDir();
    const t = await createTestHost(dir);
    try {
      const plan = await t.call('mcp.import.preview', { text: claudeDesktop, fileName: '/home/me/.config/Claude/claude_desktop_config.json' });
      expect(plan.format).toBe('claude-desktop');
      expect(plan.servers.map((server) => [server.name, server.action])).toEqual([
        ['github', 'import'],
        ['memory', 'import'],
      ]);
      expect(plan.servers[0]!.secretsToVault).toEqual([{ field: 'env.GITHUB_PERSONAL_ACCESS_TOKEN', secretName: 'GITHUB_PERSONAL_ACCESS_TOKEN', existsInVault: false }]);
      expect(plan.servers[0]!.launch).toBe('npx -y @modelcontextprotocol/server-github');
      expect(JSON.stringify(plan)).not.toContain('ghp_literalSecretValue123');
      expect((await t.call('mcp.servers.list', {})).length).toBe(0);

      const result = await t.call('mcp.import.apply', { text: claudeDesktop });
      expect(result).toMatchObject({ imported: ['github', 'memory'], skipped: [], secretsStored: ['GITHUB_PERSONAL_ACCESS_TOKEN'] });
      expect(t.host.vault.audit.all({ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', action: 'write' }).map((entry) => [entry.accessorKind, entry.accessorId])).toEqual([['mcp', 'github']]);
      expect(t.host.vault.read('GITHUB_PERSONAL_ACCESS_TOKEN', TEST_ACCESSOR)).toEqual({ kind: 'secret', value: 'ghp_literalSecretValue123' });
      const github = await t.call('mcp.servers.get', { name: 'github' });
      expect(github.transport).toMatchObject({ type: 'stdio', env: { GITHUB_PERSONAL_ACCESS_TOKEN: '{{ secrets.GITHUB_PERSONAL_ACCESS_TOKEN }}', LOG_LEVEL: 'debug' } });
      await t.host.dispose();
      // Not in the database file, nor its write-ahead log.
      for (const file of fs.readdirSync(dir).filter((name) => name.startsWith('echelon.db'))) {
        expect(fs.readFileSync(path.join(dir, file)).includes('ghp_literalSecretValue123')).toBe(false);
      }

      const again = await createTestHost(dir);
      const second = await again.call('mcp.import.preview', { text: claudeDesktop });
      expect(second.servers.map((server) => [server.action, server.reason])).toEqual([
        ['skip', 'a server named "github" already exists in Echelon.'],
        ['skip', 'a server named "memory" already exists in Echelon.'],
      ]);
      await again.host.dispose();
    } finally {
      await t.host.dispose();
    }
  });

  it('imports Cursor servers: remote URL with its bearer moved, names cleaned, a one-string command split with a warning', async () => {
    const t = await createTestHost(tempDir());
    try {
      const plan = await t.call('mcp.import.preview', { text: cursor, fileName: '/home/me/.cursor/mcp.json' });
      expect(plan.format).toBe('cursor');
      const [docs, brave, piped, broken] = plan.servers;
      expect(docs).toMatchObject({ name: 'Remote-Docs', originalName: 'Remote Docs', action: 'import', launch: 'https://mcp.example.com/mcp' });
      expect(docs!.secretsToVault).toEqual([{ field: 'headers.Authorization', secretName: 'REMOTE_DOCS_AUTHORIZATION', existsInVault: false }]);
      expect(brave).toMatchObject({ name: 'brave-search', action: 'import', launch: 'npx -y @modelcontextprotocol/server-brave-search' });
      expect(brave!.warnings.join(' ')).toContain('"command" held its arguments in one string');
      expect(piped).toMatchObject({ action: 'skip' });
      expect(piped!.reason).toContain('shell syntax');
      expect(broken).toMatchObject({ action: 'skip', reason: 'it has neither a "command" nor a "url".' });

      await t.call('mcp.import.apply', { text: cursor, fileName: '/home/me/.cursor/mcp.json' });
      const remote = await t.call('mcp.servers.get', { name: 'Remote-Docs' });
      expect(remote.transport).toMatchObject({ type: 'http', headers: { Authorization: 'Bearer {{ secrets.REMOTE_DOCS_AUTHORIZATION }}', 'X-Team': 'blue' } });
      expect(t.host.vault.read('REMOTE_DOCS_AUTHORIZATION', TEST_ACCESSOR)).toEqual({ kind: 'secret', value: 'sk-remote-abcdef' });
      const search = await t.call('mcp.servers.get', { name: 'brave-search' });
      expect(search.transport).toMatchObject({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-brave-search'], env: { BRAVE_API_KEY: '{{ secrets.BRAVE_SEARCH_BRAVE_API_KEY }}', HOME_DIR: '${env:HOME}' } });
    } finally {
      await t.host.dispose();
    }
  });

  it('imports VS Code servers with inputs as vault references, reading comments and trailing commas', async () => {
    const t = await createTestHost(tempDir());
    try {
      const fileName = '/work/project/.vscode/mcp.json';
      const plan = await t.call('mcp.import.preview', { text: vscode, fileName });
      expect(plan.format).toBe('vscode');
      const github = plan.servers.find((server) => server.name === 'github')!;
      expect(github.secretsToVault).toEqual([]);
      expect(github.missingSecrets).toEqual([{ secretName: 'GITHUB_TOKEN', description: 'GitHub Personal Access Token' }]);
      const result = await t.call('mcp.import.apply', { text: vscode, fileName });
      expect(result.imported).toEqual(['github', 'local', 'legacy']);
      expect(result.warnings.join('\n')).toContain('add the secret GITHUB_TOKEN to the vault before starting it (GitHub Personal Access Token)');
      expect((await t.call('mcp.servers.get', { name: 'github' })).transport).toMatchObject({ env: { GITHUB_TOKEN: '{{ secrets.GITHUB_TOKEN }}' } });
      expect((await t.call('mcp.servers.get', { name: 'local' })).transport).toMatchObject({ args: ['/work/project/server.js'], cwd: '/work/project' });
      expect((await t.call('mcp.servers.get', { name: 'legacy' })).transport).toMatchObject({ type: 'http', url: 'http://localhost:3001/sse' });

      // With the secret in the vault, the preview no longer asks for it.
      t.host.vault.set({ name: 'GITHUB_TOKEN', value: { kind: 'secret', value: 'ghp_fromTheVault' } }, TEST_ACCESSOR);
      const again = await t.call('mcp.import.preview', { text: vscode.replace('"github"', '"github2"'), fileName });
      expect(again.servers.find((server) => server.name === 'github2')?.missingSecrets).toEqual([]);
    } finally {
      await t.host.dispose();
    }
  });

  it('reuses a vault secret holding the same value and picks a new name for a different one', async () => {
    const t = await createTestHost(tempDir());
    try {
      t.host.vault.set({ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', value: { kind: 'secret', value: 'ghp_literalSecretValue123' } }, TEST_ACCESSOR);
      const same = await t.call('mcp.import.preview', { text: claudeDesktop });
      expect(same.servers[0]!.secretsToVault).toEqual([{ field: 'env.GITHUB_PERSONAL_ACCESS_TOKEN', secretName: 'GITHUB_PERSONAL_ACCESS_TOKEN', existsInVault: true }]);
      const other = await t.call('mcp.import.preview', { text: claudeDesktop.replace('ghp_literalSecretValue123', 'ghp_anotherValue456') });
      expect(other.servers[0]!.secretsToVault[0]?.secretName).toBe('GITHUB_PERSONAL_ACCESS_TOKEN_2');
      expect((await t.call('mcp.import.apply', { text: claudeDesktop })).secretsStored).toEqual([]);
    } finally {
      await t.host.dispose();
    }
  });

  it('imports nothing when secrets must move and the vault is locked', async () => {
    const t = await createTestHost(tempDir());
    try {
      t.host.vault.lock();
      const plan = await t.call('mcp.import.preview', { text: claudeDesktop });
      // Record names are not encrypted: a locked vault still says whether a name is taken.
      expect(plan.servers[0]!.secretsToVault[0]?.existsInVault).toBe(false);
      const error = await failure(t.call('mcp.import.apply', { text: claudeDesktop }));
      expect(error.code).toBe('unavailable');
      expect(error.message).toContain('1 secret value must move into the vault');
      expect(error.message).not.toContain('ghp_literalSecretValue123');
      await t.host.vault.unlock(PASSPHRASE);
      expect(await t.call('mcp.servers.list', {})).toEqual([]);
    } finally {
      await t.host.dispose();
    }
  });

  it('rejects what is not an MCP config with a clear error', async () => {
    const t = await createTestHost(tempDir());
    try {
      const broken = await failure(t.call('mcp.import.preview', { text: '{\n  "mcpServers": {\n    "a": { "command": "x" }\n  \n' }));
      expect(broken).toMatchObject({ code: 'invalid_input' });
      expect(broken.message).toMatch(/^The config is not valid JSON: .* at line 5, column 1\.$/);
      expect(await failure(t.call('mcp.import.preview', { text: '{"servers2": {}}' }))).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('expected "mcpServers"') });
      expect(await failure(t.call('mcp.import.preview', { text: '[1, 2]' }))).toMatchObject({ code: 'invalid_input' });
      expect(await failure(t.call('mcp.import.preview', { candidate: '/etc/passwd' }))).toMatchObject({ code: 'invalid_input', path: 'candidate' });
    } finally {
      await t.host.dispose();
    }
  });
});

describe('adding servers', () => {
  it('moves secret-looking env values into the vault, and refuses when the vault is locked', async () => {
    const t = await createTestHost(tempDir());
    try {
      t.host.vault.lock();
      const refused = await failure(t.call('mcp.servers.add', { definition: { name: 'api', transport: { type: 'stdio', command: 'node', env: { OPENAI_API_KEY: 'sk-live-123456' } } } }));
      expect(refused.code).toBe('unavailable');
      expect(refused.message).not.toContain('sk-live-123456');
      await t.host.vault.unlock(PASSPHRASE);
      const added = await t.call('mcp.servers.add', { definition: { name: 'api', transport: { type: 'stdio', command: 'node', env: { OPENAI_API_KEY: 'sk-live-123456', DEBUG: '1' } } } });
      expect(added.transport).toMatchObject({ env: { OPENAI_API_KEY: '{{ secrets.API_OPENAI_API_KEY }}', DEBUG: '1' } });
      expect(await failure(t.call('mcp.servers.add', { definition: { name: 'API', transport: { type: 'stdio', command: 'node' } } }))).toMatchObject({ code: 'conflict' });
      expect(await failure(t.call('mcp.servers.add', { definition: { name: 'bad__name', transport: { type: 'stdio', command: 'node' } } }))).toMatchObject({ code: 'invalid_input', path: 'definition.name' });
      expect(await failure(t.call('mcp.servers.add', { definition: { name: 'nourl', transport: { type: 'http', url: 'ftp://x' } } }))).toMatchObject({ code: 'invalid_input' });
    } finally {
      await t.host.dispose();
    }
  });
});

describe('exporting', () => {
  it('writes a Claude Desktop config whose one Echelon entry is the gateway, keeping unmanaged servers', async () => {
    const dir = tempDir();
    const t = await createTestHost(dir);
    try {
      await t.call('mcp.import.apply', { text: claudeDesktop });
      const merged = await t.call('mcp.export', {
        entryName: 'echelon',
        merge: { globalShortcut: 'Ctrl+Space', mcpServers: { github: { command: 'npx' }, unmanaged: { command: 'other' } } },
      });
      expect(merged.config).toEqual({
        globalShortcut: 'Ctrl+Space',
        mcpServers: { unmanaged: { command: 'other' }, echelon: { command: 'echelon', args: ['mcp', 'gateway', '--data-dir', dir] } },
      });
      expect(JSON.parse(merged.json)).toEqual(merged.config);
    } finally {
      await t.host.dispose();
    }
  });
});
