import { randomUUID } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { chain, manualStart, node } from '../helpers/engine';
import { waitFor } from '../helpers/processes';
import { runSsh, sshConnection, sshServerForFile, type TrustedSshHost } from '../helpers/ssh-host';
import { sshdAvailable, type TestSshd } from '../helpers/sshd';

let sshd: TestSshd;
let t: TrustedSshHost;
const isRoot = process.getuid?.() === 0;

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: { error?: { code: string; message: string } }) => caught.error,
  );
  if (!error) throw new Error('expected the call to fail');
  return error;
}

describe.skipIf(!sshdAvailable)('SSH: run command', () => {
  sshServerForFile({}, (server) => ({ sshd, t } = server));

  it('returns stdout, stderr and the exit code, in the login directory of the user or the one asked', async () => {
    const output = await runSsh(t, t.connection, 'command', { command: 'echo "to stdout"; echo "to stderr" >&2; whoami; pwd' });
    expect(output).toMatchObject({ code: 0, signal: null, stdout: `to stdout\n${sshd.user.name}\n${sshd.user.home}\n`, stderr: 'to stderr\n' });
    const inFiles = await runSsh(t, t.connection, 'command', { command: 'pwd; cat', cwd: sshd.files, stdin: 'from stdin' });
    expect(inFiles.stdout).toBe(`${sshd.files}\nfrom stdin`);
  });

  it('fails the step on a non-zero exit with the end of stderr, unless told to go on', async () => {
    const error = await failure(runSsh(t, t.connection, 'command', { command: 'echo "disk full" >&2; exit 3' }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe(`The command exited with code 3 on 127.0.0.1:${sshd.port}: disk full. Turn off "Fail on a non-zero exit code" to go on with its output.`);
    const output = await runSsh(t, t.connection, 'command', { command: 'exit 7', failOnNonZeroExit: false });
    expect(output).toMatchObject({ code: 7, signal: null });
    const killed = await runSsh(t, t.connection, 'command', { command: 'kill -9 $$', failOnNonZeroExit: false });
    expect(killed).toMatchObject({ code: null, signal: 'SIGKILL' });
  });

  it('keeps a bounded part of a large output and counts the rest, in bounded memory', async () => {
    const big = (megabytes: number) => ({ command: `head -c ${megabytes * 1_000_000} /dev/zero | tr "\\0" x; echo done >&2`, maxOutputKiB: 64 });
    // The first large transfer grows the heap once, whatever its size: measure the one after.
    await runSsh(t, t.connection, 'command', big(20));
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const output = await runSsh(t, t.connection, 'command', big(80)).finally(() => clearInterval(sampler));
    expect(output).toMatchObject({ code: 0, truncated: true, stdoutBytes: 80_000_000, stderrBytes: 5, stderr: 'done\n' });
    expect((output.stdout as string).length).toBe(64 * 1024);
    expect(peak - before).toBeLessThan(24 * 2 ** 20);
  });

  it('kills every process of a command that hangs past its timeout, on the server side too', async () => {
    const marker = `ECHELON_TEST_MARKER=${randomUUID()}`;
    const started = performance.now();
    const error = await failure(runSsh(t, t.connection, 'command', { command: `export ${marker}; sleep 300 & sleep 301 & sleep 302`, timeoutSeconds: 1 }));
    expect(error).toMatchObject({ code: 'timeout', message: `The command ran longer than 1 s on 127.0.0.1:${sshd.port}, so its remote processes were killed.` });
    expect(performance.now() - started).toBeLessThan(8000);
    expect(sshd.processesWith(marker)).toEqual([]);
  });

  it('kills the remote processes of a command whose workflow is cancelled', async () => {
    await t.host.engine.start({ owner: 'test' });
    const marker = `ECHELON_TEST_MARKER=${randomUUID()}`;
    const document = chain('long job', [manualStart(), node('ssh.command', { command: `export ${marker}; sleep 300`, timeoutSeconds: 600 }, { name: 'Long', connection: t.connection.id })]);
    const saved = t.host.engine.workflows.save({ document });
    const { row } = await t.host.engine.run({ workflowId: saved.id });
    await waitFor(() => sshd.processesWith(marker).length > 0);
    t.host.engine.cancel(row.id);
    expect((await t.host.engine.waitFor(row.id)).status).toBe('cancelled');
    await waitFor(() => sshd.processesWith(marker).length === 0);
  });

  it('shares one SSH connection between actions, and makes a new one once the connection is edited', async () => {
    const count = () => sshd.log().split('\n').filter((line) => line.includes('Accepted publickey')).length;
    await runSsh(t, t.connection, 'command', { command: 'true' });
    const logins = count();
    await Promise.all([1, 2, 3].map(() => runSsh(t, t.connection, 'command', { command: 'sleep 0.2' })));
    expect(count()).toBe(logins);
    await t.call('integrations.connections.update', { id: t.connection.id, config: { host: sshd.host, port: sshd.port, keepaliveIntervalSeconds: 5 } });
    await runSsh(t, t.connection, 'command', { command: 'true' });
    expect(count()).toBe(logins + 1);
  });

  it('goes through a jump host', async () => {
    const inner = await sshConnection(t, sshd, { name: 'inner', config: { jumpConnection: 'box' } });
    const output = await runSsh(t, inner, 'command', { command: 'echo "$SSH_CONNECTION"' });
    // The inner hop's client is the jump host itself: sshd sees it connecting from 127.0.0.1 too.
    expect(output.stdout).toMatch(/^127\.0\.0\.1 \d+ 127\.0\.0\.1 \d+\n$/);
    const scan = await t.call('ssh.hostKeys.scan', { connectionId: inner.id });
    expect(scan.hops.map((hop) => [hop.connection, hop.status])).toEqual([
      ['box', 'trusted'],
      ['inner', 'trusted'],
    ]);
    expect(scan.trusted).toBe(true);
  });

  it.skipIf(!isRoot)('logs in with a password from the vault', async () => {
    const password = sshd.setPassword();
    onTestFinished(() => sshd.lockPassword());
    const connection = await t.call('integrations.connections.create', {
      pluginId: 'ssh',
      name: 'with-password',
      config: { host: sshd.host, port: sshd.port },
      auth: { type: 'basic', username: sshd.user.name, password },
    });
    expect((await t.call('integrations.connections.test', { id: connection.id })).ok).toBe(true);
    await t.call('integrations.connections.update', { id: connection.id, auth: { type: 'basic', username: sshd.user.name, password: 'not-the-password' } });
    const result = await t.call('integrations.connections.test', { id: connection.id });
    expect(result.error).toBe(`127.0.0.1:${sshd.port} refused the password of the user "${sshd.user.name}" (connection "with-password"): check the username and password, and that the server allows password logins.`);
  });
});
