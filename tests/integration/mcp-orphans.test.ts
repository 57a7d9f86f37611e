import { describe, expect, it } from 'vitest';
import { startServe } from '../helpers/cli';
import { createTestHost } from '../helpers/mcp-host';
import { EVERYTHING, fixture } from '../helpers/mcp-servers';
import { listProcesses, waitFor } from '../helpers/processes';
import { tempDir } from '../helpers/temp-dir';

describe('no orphan processes', () => {
  it('kills every server process tree when the host itself is killed with SIGKILL', async () => {
    const dir = tempDir();
    const setup = await createTestHost(dir);
    // The data dir as a trailing argument marks this test's processes in /proc; the servers ignore it.
    await setup.call('mcp.servers.add', { definition: { name: 'tree', autoStart: true, transport: { type: 'stdio', command: process.execPath, args: [fixture('process-tree'), dir] } } });
    await setup.call('mcp.servers.add', { definition: { name: 'everything', autoStart: true, transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio', dir] } } });
    await setup.host.dispose();

    const serve = await startServe(dir);
    const servers = await waitFor(() => {
      // By their own command lines: a child caught between fork and exec still shows serve's (and its process group).
      const found = listProcesses().filter((proc) => proc.state !== 'Z' && proc.ppid === serve.child.pid && [fixture('process-tree'), EVERYTHING].some((script) => proc.cmdline.includes(script)));
      return found.length === 2 && found;
    }, { what: 'serve to start both servers' });
    const groups = servers.map((proc) => proc.pgid);
    // Each server leads its own process group; the tree server's group holds its helper too.
    expect(groups.sort()).toEqual(servers.map((proc) => proc.pid).sort());
    const members = await waitFor(() => {
      const found = listProcesses().filter((proc) => proc.state !== 'Z' && groups.includes(proc.pgid));
      return found.length >= 3 && found;
    }, { what: "the tree server's helper" });

    await serve.stop('SIGKILL');
    await waitFor(() => listProcesses().filter((proc) => proc.state !== 'Z' && groups.includes(proc.pgid)).length === 0, {
      timeoutMs: 5000,
      what: `the ${members.length} server processes to be reaped`,
    });
    expect(listProcesses().filter((proc) => proc.state !== 'Z' && proc.cmdline.includes(dir))).toEqual([]);
  });
});
