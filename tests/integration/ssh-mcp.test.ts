import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/cli';
import { EVERYTHING } from '../helpers/mcp-servers';
import { waitFor } from '../helpers/processes';
import { sshServerForFile, type TrustedSshHost } from '../helpers/ssh-host';
import { sshdAvailable, type TestSshd } from '../helpers/sshd';
import { PASSPHRASE, TEST_ACCESSOR } from '../helpers/vault';

const node = process.execPath;
let sshd: TestSshd;
let t: TrustedSshHost;

/**
 * The everything server run on the SSH host under `sh`, with a background process beside it
 * that ignores stdin: what a stop must clean up on the remote side. Every process carries a
 * marker in its environment, so the test counts them on the server side.
 */
function remoteEverything(name: string, marker: string) {
  return {
    name,
    transport: { type: 'ssh' as const, connection: 'box', command: '/bin/sh', args: ['-c', `sleep 600 & exec "${node}" "${EVERYTHING}"`], env: { ECHELON_TEST_MARKER: marker, SECRET_LOOKING_TOKEN: '{{ secrets.REMOTE_TOKEN }}' } },
    healthIntervalMs: 300,
    restart: { initialBackoffMs: 50, maxBackoffMs: 200 },
  };
}

describe.skipIf(!sshdAvailable)('MCP servers over SSH', () => {
  sshServerForFile({ shell: 'serve' }, (server) => {
    ({ sshd, t } = server);
    t.host.vault.set({ name: 'REMOTE_TOKEN', value: { kind: 'secret', value: 'remote-token-value-0123456789' } }, TEST_ACCESSOR);
  });

  it('runs the everything server on the remote host, exposes its tools through the gateway to a real SDK client, and leaves no remote process after stop', async () => {
    const marker = `ECHELON_TEST_MARKER=${randomUUID()}`;
    await t.call('mcp.servers.add', { definition: remoteEverything('remote', marker.split('=')[1]!) });
    const started = await t.call('mcp.servers.start', { name: 'remote' });
    expect(started.runtime).toMatchObject({ status: 'running', connectedOver: 'ssh', pid: null });
    // The node server and the sleep beside it, on the server side, with the secret sent over stdin.
    const remote = sshd.processesWith(marker);
    expect(remote.length).toBe(2);
    expect(sshd.processesWith('SECRET_LOOKING_TOKEN=remote-token-value-0123456789')).toEqual(expect.arrayContaining(remote));

    const gateway = await t.host.mcp.listenGateway(0);
    const client = new Client({ name: 'test-ai-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { Authorization: `Bearer ${gateway.token}` } } }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['remote__echo', 'remote__get-sum']));
      const echo = await client.callTool({ name: 'remote__echo', arguments: { message: 'over ssh' } });
      expect(echo.content).toEqual([{ type: 'text', text: 'Echo: over ssh' }]);
    } finally {
      await client.close();
    }
    const journal = await t.call('mcp.journal.list', { caller: 'gateway', limit: 5 });
    expect(journal[0]).toMatchObject({ server: 'remote', tool: 'echo', status: 'ok' });
    const health = await waitFor(async () => (await t.call('mcp.servers.health', { name: 'remote', limit: 10 })).checks.find((sample) => sample.ok));
    expect(health.latencyMs).toBeGreaterThan(0);

    await t.call('mcp.servers.stop', { name: 'remote' });
    expect(sshd.processesWith(marker)).toEqual([]);
    const logs = await t.call('mcp.servers.logs', { name: 'remote', limit: 50 });
    const text = logs.map((line) => line.text).join('\n');
    expect(text).toContain(`Started on ${sshd.user.name}@127.0.0.1:${sshd.port} as remote pid`);
    expect(text).not.toContain('remote-token-value');
  });

  it('restarts a server whose remote process died, with the same supervision as a local one', async () => {
    const marker = `ECHELON_TEST_MARKER=${randomUUID()}`;
    await t.call('mcp.servers.add', { definition: remoteEverything('crashy', marker.split('=')[1]!) });
    await t.call('mcp.servers.start', { name: 'crashy' });
    const [first] = sshd.processesWith(marker).filter((pid) => !sshd.commandOf(pid).includes('sleep'));
    expect(first).toBeGreaterThan(0);
    process.kill(first!, 'SIGKILL');
    const restarted = await waitFor(async () => {
      const server = await t.call('mcp.servers.get', { name: 'crashy' });
      return server.runtime.status === 'running' && server.runtime.restarts === 1 ? server : undefined;
    });
    expect(restarted.runtime.lastError).toBe('"crashy" was killed by SIGKILL unexpectedly.');
    const again = sshd.processesWith(marker).filter((pid) => !sshd.commandOf(pid).includes('sleep'));
    expect(again).toHaveLength(1);
    expect(again[0]).not.toBe(first);
    await t.call('mcp.servers.stop', { name: 'crashy' });
    expect(sshd.processesWith(marker)).toEqual([]);
  });

  it('is added with `echelon mcp add --ssh` and started by the CLI for the length of a command', async () => {
    const cli = (...args: string[]) => runCliAsync(['--data-dir', t.dataDir, 'mcp', ...args], { env: { ECHELON_VAULT_PASSPHRASE: PASSPHRASE } });
    const added = await cli('add', 'from-cli', '--ssh', 'box', '--', node, EVERYTHING);
    expect(added).toMatchObject({ status: 0, stdout: 'Added MCP server "from-cli". Start it with `echelon mcp start from-cli`.\n' });
    expect((await t.call('mcp.servers.get', { name: 'from-cli' })).transport).toEqual({ type: 'ssh', connection: 'box', command: node, args: [EVERYTHING], env: {} });
    const call = await cli('call', 'from-cli', 'echo', '--args', '{"message":"from the CLI"}', '--json');
    expect(call.status).toBe(0);
    expect(JSON.parse(call.stdout)).toMatchObject({ content: [{ type: 'text', text: 'Echo: from the CLI' }] });
    expect((await cli('add', 'both', '--ssh', 'box', '--url', 'https://example.com/mcp')).status).toBe(2);
  }, 120_000);

  it('does not retry a server whose SSH connection names an unknown connection, and says which', async () => {
    await t.call('mcp.servers.add', { definition: { name: 'nowhere', transport: { type: 'ssh', connection: 'no-such-box', command: 'true' } } });
    const result = await t.attempt('mcp.servers.start', { name: 'nowhere' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/No connection is named "no-such-box"/);
    expect((await t.call('mcp.servers.get', { name: 'nowhere' })).runtime.status).toBe('crashed');
  });
});
