import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/headless/cli';
import { CLI, CLI_TEST, runCli, startServe, type ServeProcess } from '../helpers/cli';
import { EVERYTHING } from '../helpers/mcp-servers';
import { runningWith, waitFor } from '../helpers/processes';
import { tempDir } from '../helpers/temp-dir';

const node = process.execPath;

function cli(dir: string, ...args: string[]) {
  return runCli(['--data-dir', dir, 'mcp', ...args]);
}

let serve: ServeProcess | undefined;
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

describe('echelon mcp', CLI_TEST, () => {
  it('adds a server, lists it, lists its tools and calls echo, starting it only for the command', () => {
    const dir = tempDir();
    const added = cli(dir, 'add', 'everything', '--env', 'LOG_LEVEL=info', '--', node, EVERYTHING, 'stdio', dir);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    const list = JSON.parse(cli(dir, 'list', '--json').stdout);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: 'everything', transport: { type: 'stdio', command: node, args: [EVERYTHING, 'stdio', dir], env: { LOG_LEVEL: 'info' } }, runtime: { status: 'stopped' } });

    const tools = cli(dir, 'tools', 'everything', '--json');
    expect(tools.status).toBe(0);
    expect(JSON.parse(tools.stdout).map((tool: { name: string }) => tool.name)).toContain('echo');

    const call = cli(dir, 'call', 'everything', 'echo', '--args', '{"message":"from the CLI"}', '--json');
    expect(call.status).toBe(0);
    expect(JSON.parse(call.stdout)).toEqual({ content: [{ type: 'text', text: 'Echo: from the CLI' }] });
    expect(cli(dir, 'call', 'everything', 'echo', '--args', '{"message":"plain"}').stdout).toBe('Echo: plain\n');
    expect(runningWith(dir).filter((proc) => proc.cmdline.includes(EVERYTHING))).toEqual([]);

    const journal = JSON.parse(cli(dir, 'journal', '--json').stdout);
    expect(journal[0]).toMatchObject({ caller: 'cli', server: 'everything', tool: 'echo', arguments: { message: 'plain' } });
    const logs = cli(dir, 'logs', 'everything');
    expect(logs.stdout).toContain('Starting default (STDIO) server');
  });

  it('exits 1 when the tool reports an error, 2 for bad arguments, 1 for an unknown server', () => {
    const dir = tempDir();
    cli(dir, 'add', 'everything', '--', node, EVERYTHING);
    const toolError = cli(dir, 'call', 'everything', 'get-sum', '--args', '{"a":"one"}', '--json');
    expect(toolError.status).toBe(1);
    expect(JSON.parse(toolError.stdout).isError).toBe(true);
    const badJson = cli(dir, 'call', 'everything', 'echo', '--args', '{oops');
    expect(badJson.status).toBe(2);
    expect(badJson.stderr).toMatch(/^echelon: --args is not valid JSON/);
    const unknown = cli(dir, 'call', 'nothing', 'echo');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No MCP server is named "nothing"');
    expect(cli(dir, 'add', 'lonely').status).toBe(2);
    expect(cli(dir, 'add', 'both', '--url', 'http://127.0.0.1:1/mcp', '--', 'node').status).toBe(2);
    const badName = cli(dir, 'add', 'bad name', '--', 'node');
    expect(badName.status).toBe(2);
    expect(badName.stderr).toContain('definition.name');
  });

  it('refuses to keep a literal secret while there is no vault, and moves it into the vault once there is one', () => {
    const dir = tempDir();
    const literal = ['npx', '-y', '@modelcontextprotocol/server-github'];
    const refused = cli(dir, 'add', 'github', '--env', 'GITHUB_TOKEN=ghp_plaintext_value', '--', ...literal);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('no vault yet');
    expect(refused.stderr).not.toContain('ghp_plaintext_value');
    expect(JSON.parse(cli(dir, 'list', '--json').stdout)).toEqual([]);

    const env = { ECHELON_VAULT_PASSPHRASE: 'correct horse battery staple' };
    expect(runCli(['--data-dir', dir, 'vault', 'init'], { env }).status).toBe(0);
    const added = runCli(['--data-dir', dir, 'mcp', 'add', 'github', '--env', 'GITHUB_TOKEN=ghp_plaintext_value', '--', ...literal], { env });
    expect(added.status).toBe(0);
    const [server] = JSON.parse(cli(dir, 'list', '--json').stdout);
    expect(server.transport.env.GITHUB_TOKEN).toMatch(/^\{\{ secrets\.[A-Z_]+ \}\}$/);
    const records = JSON.parse(runCli(['--data-dir', dir, 'vault', 'list', '--json'], { env }).stdout);
    expect(records.map((record: { name: string }) => record.name)).toContain(/secrets\.([A-Z_]+)/.exec(server.transport.env.GITHUB_TOKEN)![1]);
    expect(fs.readFileSync(path.join(dir, 'echelon.db')).includes('ghp_plaintext_value')).toBe(false);
  });

  it('imports a config file (with a dry run first) and exports the gateway entry', () => {
    const dir = tempDir();
    const file = path.join(dir, 'claude_desktop_config.json');
    fs.writeFileSync(file, JSON.stringify({ mcpServers: { everything: { command: node, args: [EVERYTHING] }, remote: { command: 'npx mcp-remote https://example.com/sse' } } }));
    const dry = cli(dir, 'import', file, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Format: claude-desktop');
    expect(dry.stdout).toContain('"command" held its arguments in one string');
    expect(JSON.parse(cli(dir, 'list', '--json').stdout)).toEqual([]);
    const applied = cli(dir, 'import', file, '--json');
    expect(JSON.parse(applied.stdout)).toMatchObject({ imported: ['everything', 'remote'], skipped: [] });
    expect(JSON.parse(cli(dir, 'import', file, '--json').stdout).skipped).toHaveLength(2);
    expect(cli(dir, 'import', path.join(dir, 'missing.json')).status).toBe(2);

    const exported = JSON.parse(cli(dir, 'export').stdout);
    const launch = { command: node, args: [CLI, 'mcp', 'gateway', '--data-dir', dir] };
    expect(exported).toEqual({ mcpServers: { echelon: launch } });
    expect(JSON.parse(cli(dir, 'export', '--for', 'cursor').stdout)).toEqual({ mcpServers: { echelon: launch } });

    // VS Code's own shape, merged into an existing .vscode/mcp.json: its inputs and other servers stay.
    const vscodeFile = path.join(dir, 'mcp.json');
    fs.writeFileSync(vscodeFile, JSON.stringify({ inputs: [{ type: 'promptString', id: 'key' }], servers: { mine: { type: 'stdio', command: 'my-server' }, everything: { command: 'old' } } }));
    expect(cli(dir, 'export', '--for', 'vscode', '--merge', vscodeFile, '--out', vscodeFile).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(vscodeFile, 'utf8'))).toEqual({
      inputs: [{ type: 'promptString', id: 'key' }],
      servers: { mine: { type: 'stdio', command: 'my-server' }, echelon: { type: 'stdio', ...launch } },
    });
    // Echelon's own importer reads it back as VS Code's format, the gateway entry intact.
    const back = cli(tempDir(), 'import', vscodeFile, '--dry-run');
    expect(back.stdout).toContain('Format: vscode');
    expect(back.stdout).toContain('echelon');
    const wrong = cli(dir, 'export', '--for', 'zed');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('claude-desktop, cursor, vscode');
  });

  it('talks to a running `echelon serve`, whose servers keep running after the command', async () => {
    const dir = tempDir();
    cli(dir, 'add', 'shared', '--', node, EVERYTHING, 'stdio', dir);
    serve = await startServe(dir);
    const discovery = JSON.parse(fs.readFileSync(path.join(dir, 'serve.json'), 'utf8'));
    expect(discovery).toMatchObject({ pid: serve.child.pid, port: serve.port, gateway: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/) } });
    expect(fs.statSync(path.join(dir, 'serve.json')).mode & 0o077).toBe(0);

    const started = cli(dir, 'start', 'shared', '--json');
    expect(started.status).toBe(0);
    expect(started.stderr).toBe('');
    const pid = JSON.parse(started.stdout).runtime.pid;
    expect(JSON.parse(cli(dir, 'list', '--json').stdout)[0].runtime).toMatchObject({ status: 'running', pid });
    expect(cli(dir, 'call', 'shared', 'echo', '--args', '{"message":"kept"}').stdout).toBe('Echo: kept\n');
    expect(JSON.parse(cli(dir, 'list', '--json').stdout)[0].runtime.pid).toBe(pid);
    expect(JSON.parse(cli(dir, 'journal', '--json').stdout)[0]).toMatchObject({ caller: 'cli', tool: 'echo', arguments: { message: 'kept' } });
    expect(cli(dir, 'stop', 'shared').stdout).toBe('shared: stopped\n');

    await serve.stop();
    serve = undefined;
    expect(fs.existsSync(path.join(dir, 'serve.json'))).toBe(false);
  });

  it('ignores and removes a discovery file left by a serve that died', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'serve.json'), JSON.stringify({ pid: 2 ** 22 + 1, port: 1, token: 'x', startedAt: new Date().toISOString(), gateway: null }));
    const list = cli(dir, 'list', '--json');
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'serve.json'))).toBe(false);
  });

  it('has --help for every mcp command', async () => {
    for (const command of ['list', 'add', 'remove', 'import', 'export', 'start', 'stop', 'restart', 'tools', 'call', 'logs', 'journal', 'gateway']) {
      let out = '';
      // In-process: the same program the binary runs, without a Node start per command.
      const status = await main(['node', 'echelon', 'mcp', command, '--help'], { out: (text) => (out += text), err: () => {} });
      expect(status, command).toBe(0);
      expect(out).toContain(`Usage: echelon mcp ${command}`);
    }
  });

  it('stops a server started for a command even when the call fails', async () => {
    const dir = tempDir();
    cli(dir, 'add', 'everything', '--', node, EVERYTHING, 'stdio', dir);
    expect(cli(dir, 'call', 'everything', 'no-such-tool').status).toBe(1);
    await waitFor(() => runningWith(dir).length === 0, { what: 'no server left running' });
  });
});
