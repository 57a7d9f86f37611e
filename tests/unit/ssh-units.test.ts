import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeHostKey, normalizeFingerprint } from '../../electron/main/services/ssh/host-key';
import { PidLineReader } from '../../electron/main/services/ssh/remote-command';
import { environmentPreamble, killSessionScript, programCommand, shellCommand, shellQuote } from '../../electron/main/services/ssh/remote-script';
import type { SshLink } from '../../electron/main/services/ssh/ssh-connect';
import { SshPool } from '../../electron/main/services/ssh/ssh-pool';
import { SshConnectionConfig } from '../../shared/integrations/ssh';
import { makeKey } from '../helpers/sshd';
import { tempDir } from '../helpers/temp-dir';

/** What sshd does with an exec request: the login shell runs it with `-c`. */
function asSshdWould(command: string, input = '') {
  return spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8', input, env: { PATH: process.env.PATH, SHELL: '/bin/sh', HOME: '/tmp' } });
}

describe('the remote scripts', () => {
  it('quote any text as one shell word', () => {
    for (const text of ["it's", '$HOME `id` "x" \\n', '', 'a\nb', "''"]) expect(asSshdWould(`printf %s ${shellQuote(text)}`).stdout).toBe(text);
  });

  it('print the PID first on stderr, then run the command line in the user shell, in the directory asked (~ is home)', () => {
    const result = asSshdWould(shellCommand('echo "in $PWD"; echo oops >&2; exit 5', '~'));
    expect(result.status).toBe(5);
    expect(result.stdout).toBe('in /tmp\n');
    expect(result.stderr).toMatch(/^@echelon-pid \d+\noops\n$/);
    expect(asSshdWould(shellCommand('true', '/no/such/dir')).status).toBe(126);
  });

  it('hand a program its environment over stdin, newlines and backslashes intact, and leave the rest of stdin to it', () => {
    const env = { TOKEN: 'a\\nb\nc\n', EMPTY: '', QUOTE: "it's %s" };
    const result = asSshdWould(programCommand('/bin/sh', ['-c', 'printf "%s|" "$TOKEN" "$EMPTY" "$QUOTE"; cat'], '/'), `${environmentPreamble(env)}then the protocol\n`);
    expect(result.stdout).toBe("a\\nb\nc\n||it's %s|then the protocol\n");
  });
});

/** Gone, or a zombie its parent has yet to reap. */
function dead(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.startsWith('Z');
  } catch {
    return true;
  }
}

describe.skipIf(process.platform !== 'linux')('the remote kill script', () => {
  /** A session led by a shell, with a child and an orphan that left its parent but not the session. */
  async function session(): Promise<number[]> {
    const leader = spawn('/bin/sh', ['-c', '(sleep 300 & echo $!); sleep 300 & echo $!; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    leader.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    await vi.waitFor(() => expect(out.trim().split('\n')).toHaveLength(2));
    return [leader.pid!, ...out.trim().split('\n').map(Number)];
  }

  it.each([
    ['with ps', () => process.env.PATH!],
    [
      'without ps, from /proc',
      () => {
        const bin = tempDir('echelon-no-ps-');
        for (const tool of ['awk', 'sleep']) fs.symlinkSync(execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(bin, tool));
        return bin;
      },
    ],
  ])('kills every process of a session, orphans included (%s)', async (_name, pathOf) => {
    const pids = await session();
    expect(pids.filter(dead)).toEqual([]);
    const result = spawnSync('/bin/sh', ['-c', killSessionScript(pids[0]!)], { encoding: 'utf8', env: { PATH: pathOf(), SHELL: '/bin/sh', HOME: '/tmp' } });
    expect(result.status).toBe(0);
    await vi.waitFor(() => expect(pids.filter((pid) => !dead(pid))).toEqual([]));
  });
});

describe('SSH connection settings', () => {
  it('take a host name or an IPv6 address, and send a port typed into the host to the Port field', () => {
    expect(SshConnectionConfig.parse({ host: 'build.example.com' })).toMatchObject({ host: 'build.example.com', port: 22, connectTimeoutSeconds: 20, keepaliveIntervalSeconds: 15 });
    expect(SshConnectionConfig.safeParse({ host: '::1' }).success).toBe(true);
    expect(SshConnectionConfig.safeParse({ host: 'build.example.com:2222' }).error?.issues[0]?.message).toBe('Put the port in the Port field.');
    expect(SshConnectionConfig.safeParse({ host: 'deploy@build.example.com' }).error?.issues[0]?.message).toBe('A host name or IP address, without user@ or :port.');
  });
});

describe('PidLineReader', () => {
  it('takes the PID line even split across chunks, and passes everything after it on untouched', () => {
    const seen: string[] = [];
    const reader = new PidLineReader((chunk) => seen.push(chunk.toString()));
    for (const chunk of ['@echelon-', 'pid 4', '2\nhello', ' world\n']) reader.push(Buffer.from(chunk));
    expect(reader.pid).toBe(42);
    expect(seen.join('')).toBe('hello world\n');
  });

  it('passes stderr through when a shell printed something else first', () => {
    const seen: string[] = [];
    const reader = new PidLineReader((chunk) => seen.push(chunk.toString()));
    reader.push(Buffer.from('bash: warning\n@echelon-pid 7\n'));
    expect(reader.pid).toBeUndefined();
    expect(seen.join('')).toBe('bash: warning\n@echelon-pid 7\n');
  });
});

describe('host key fingerprints', () => {
  it('are what ssh-keygen prints, for each key type', () => {
    const dir = tempDir();
    for (const type of ['ed25519', 'rsa'] as const) {
      const key = makeKey(dir, `k-${type}`, '', type);
      const blob = Buffer.from(fs.readFileSync(`${dir}/k-${type}.pub`, 'utf8').split(' ')[1]!, 'base64');
      expect(describeHostKey(blob)).toMatchObject({ type: type === 'rsa' ? 'ssh-rsa' : 'ssh-ed25519', fingerprint: key.fingerprint });
    }
    expect(normalizeFingerprint(' abc= ')).toBe('SHA256:abc=');
  });
});

/** Links close once their opening promise settles: after the current tick. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

class FakeLink implements SshLink {
  closed = false;
  private readonly listeners: Array<() => void> = [];
  readonly client = {} as SshLink['client'];
  readonly endpoint = {} as SshLink['endpoint'];
  onClose(listener: () => void) {
    this.listeners.push(listener);
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    this.listeners.forEach((listener) => listener());
  }
}

describe('SshPool', () => {
  afterEach(() => vi.useRealTimers());

  it('shares a link up to its capacity, opens another past it, and closes idle links', async () => {
    vi.useFakeTimers();
    const opened: FakeLink[] = [];
    const open = async () => {
      const link = new FakeLink();
      opened.push(link);
      return link;
    };
    const pool = new SshPool({ idleMs: 1000, leasesPerLink: 2 });
    const leases = await Promise.all([1, 2, 3].map(() => pool.lease('c1', 'v1', open)));
    expect(opened).toHaveLength(2);
    expect(leases[0]!.link).toBe(leases[1]!.link);
    leases.forEach((lease) => lease.release());
    leases[0]!.release();
    await vi.advanceTimersByTimeAsync(999);
    expect(opened.map((link) => link.closed)).toEqual([false, false]);
    await vi.advanceTimersByTimeAsync(1);
    expect(opened.map((link) => link.closed)).toEqual([true, true]);
    expect(pool.size).toBe(0);
  });

  it('retires the links of an edited connection once their users are done, and replaces a dropped one', async () => {
    const opened: FakeLink[] = [];
    const open = async () => {
      const link = new FakeLink();
      opened.push(link);
      return link;
    };
    const pool = new SshPool({ idleMs: 60_000, leasesPerLink: 4 });
    const old = await pool.lease('c1', 'v1', open);
    const edited = await pool.lease('c1', 'v2', open);
    expect(edited.link).not.toBe(old.link);
    expect(opened[0]!.closed).toBe(false);
    old.release();
    await settled();
    expect(opened[0]!.closed).toBe(true);
    edited.release();
    opened[1]!.close();
    const again = await pool.lease('c1', 'v2', open);
    expect(again.link).toBe(opened[2]);
    pool.dispose();
    await settled();
    expect(opened[2]!.closed).toBe(true);
  });

  it('hands an opening failure to every waiter and forgets it', async () => {
    const pool = new SshPool();
    const failing = () => Promise.reject(new Error('refused'));
    await expect(Promise.all([pool.lease('c1', 'v1', failing), pool.lease('c1', 'v1', failing)])).rejects.toThrow('refused');
    await Promise.resolve();
    expect(pool.size).toBe(0);
  });
});
