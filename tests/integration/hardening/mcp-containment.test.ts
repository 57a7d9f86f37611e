import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDefinitionInput } from '../../../shared/contract';
import { TreeContainment } from '../../../electron/main/services/mcp/containment/tree-containment';
import { createTestHost, type TestHost } from '../../helpers/mcp-host';
import { fixture } from '../../helpers/mcp-servers';
import { isRunning, listProcesses, waitFor } from '../../helpers/processes';

let t: TestHost;
let dataDir: string;
const node = process.execPath;
const stdio = (name: string, args: string[], extra: Partial<ServerDefinitionInput> = {}): { definition: ServerDefinitionInput } => ({
  definition: { name, transport: { type: 'stdio', command: node, args }, healthIntervalMs: 0, ...extra },
});

// One host for the file: its data dir outlives each test (tempDir() is removed after each one).
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-containment-'));
  t = await createTestHost(dataDir);
});
afterAll(async () => {
  await t.host.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function daemonOf(name: string): Promise<{ server: number; daemon: number }> {
  const started = await t.call('mcp.servers.start', { name });
  const called = await t.call('mcp.tools.call', { server: name, tool: 'daemon_pid', arguments: {} });
  return { server: started.runtime.pid!, daemon: (called.result.structuredContent as { pid: number }).pid };
}

describe.runIf(process.platform === 'linux')('stopping a server stops everything it started', () => {
  it('a helper that double-forked under setsid does not survive mcp stop', async () => {
    await t.call('mcp.servers.add', stdio('daemonizer', [fixture('setsid-daemon')]));
    const { server, daemon } = await daemonOf('daemonizer');
    if (TreeContainment.cgroupsAvailable) expect(fs.readFileSync(`/proc/${daemon}/cgroup`, 'utf8')).toMatch(/echelon-\d+-\d+/);
    const helper = listProcesses().find((proc) => proc.pid === daemon)!;
    // It really left: another session and group, and its parent is no longer the server.
    expect(helper.pgid).not.toBe(server);
    expect(helper.ppid).not.toBe(server);
    await t.call('mcp.servers.stop', { name: 'daemonizer' });
    expect(isRunning(server)).toBe(false);
    await waitFor(() => !isRunning(daemon), { timeoutMs: 3000, what: 'the daemonised helper to be gone' });
  });

  it('without a cgroup, the /proc scan alone finds it by its marker', async () => {
    const original = TreeContainment.prototype.command;
    // Force the fallback CI machines without cgroup v2 take.
    const spy = function (this: TreeContainment, file: string, args: readonly string[]) {
      return { file, args: [...args] };
    };
    TreeContainment.prototype.command = spy;
    try {
      await t.call('mcp.servers.add', stdio('daemonizer-proc', [fixture('setsid-daemon')]));
      const { server, daemon } = await daemonOf('daemonizer-proc');
      expect(fs.readFileSync(`/proc/${daemon}/cgroup`, 'utf8')).not.toMatch(/echelon-/);
      await t.call('mcp.servers.stop', { name: 'daemonizer-proc' });
      expect(isRunning(server)).toBe(false);
      await waitFor(() => !isRunning(daemon), { timeoutMs: 3000, what: 'the daemonised helper to be gone' });
    } finally {
      TreeContainment.prototype.command = original;
    }
  });

  it('a server that always hits its start timeout trips the crash-loop breaker instead of restarting forever', async () => {
    // Each start takes 600 ms: only two fit in the one-second window, so counting by window alone never trips.
    await t.call('mcp.servers.add', stdio('slowpoke', [fixture('hang')], { startTimeoutMs: 600, restart: { maxCrashes: 3, windowSeconds: 1, initialBackoffMs: 50, maxBackoffMs: 100 } }));
    await t.call('mcp.servers.start', { name: 'slowpoke' }).catch(() => {});
    const runtime = await waitFor(
      async () => {
        const current = (await t.call('mcp.servers.get', { name: 'slowpoke' })).runtime;
        return current.status === 'crashed' && current;
      },
      { timeoutMs: 15_000, what: 'the breaker to trip' },
    );
    expect(runtime.lastError).toMatch(/^Crash loop: 3 failed starts in a row/);
    expect(runtime.lastError).toMatch(/did not complete the MCP handshake within 0.6 s/);
    expect(runtime.restarts).toBe(2);
  });
});
