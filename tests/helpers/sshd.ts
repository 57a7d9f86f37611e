import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

/**
 * A real OpenSSH server for one test file: Debian's `/usr/sbin/sshd` on a free loopback port,
 * with its own host key and an authorized key made here, no system service. As root (CI) it
 * logs in a dedicated unprivileged user it creates once; otherwise the current user.
 */

export const SSHD = '/usr/sbin/sshd';
const TEST_USER = 'echelon-ssh';
const isRoot = process.getuid?.() === 0;

export const sshdAvailable = fs.existsSync(SSHD);

export interface KeyPair {
  privateKey: string;
  publicKey: string;
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

/** An ed25519 key pair made by ssh-keygen, optionally encrypted with a passphrase. */
export function makeKey(dir: string, name: string, passphrase = '', type: 'ed25519' | 'rsa' = 'ed25519'): KeyPair {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', passphrase, '-C', name, '-f', file]);
  return { privateKey: fs.readFileSync(file, 'utf8'), publicKey: fs.readFileSync(`${file}.pub`, 'utf8'), fingerprint: fingerprintOf(`${file}.pub`) };
}

function fingerprintOf(publicKeyFile: string): string {
  return execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile], { encoding: 'utf8' }).split(' ')[1]!;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('data', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The unprivileged login user: created once as root (kept between runs), else whoever runs the tests. */
function loginUser(): { name: string; uid: number; gid: number; home: string } {
  if (isRoot) {
    try {
      execFileSync('id', ['-u', TEST_USER], { stdio: 'ignore' });
    } catch {
      execFileSync('useradd', ['--create-home', '--shell', '/bin/sh', TEST_USER]);
    }
    const [uid, gid, home] = execFileSync('sh', ['-c', `id -u ${TEST_USER}; id -g ${TEST_USER}; getent passwd ${TEST_USER} | cut -d: -f6`], { encoding: 'utf8' }).trim().split('\n');
    return { name: TEST_USER, uid: Number(uid), gid: Number(gid), home: home! };
  }
  const info = os.userInfo();
  return { name: info.username, uid: info.uid, gid: info.gid, home: info.homedir };
}

export class TestSshd {
  readonly host = '127.0.0.1';
  private child: ChildProcess | undefined;
  hostKey!: KeyPair;
  /** A key whose public half is authorized. */
  readonly clientKey: KeyPair;
  /** A folder the login user owns, for file tests. */
  readonly files: string;
  readonly user: { name: string; uid: number; gid: number; home: string };

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.user = loginUser();
    this.clientKey = makeKey(dir, 'client');
    fs.writeFileSync(path.join(dir, 'authorized_keys'), this.clientKey.publicKey, { mode: 0o644 });
    this.files = path.join(dir, 'files');
    fs.mkdirSync(this.files);
    if (isRoot) fs.chownSync(this.files, this.user.uid, this.user.gid);
  }

  static async start(): Promise<TestSshd> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-sshd-'));
    fs.chmodSync(dir, 0o755);
    const server = new TestSshd(dir, await freePort());
    server.newHostKey();
    await server.launch();
    return server;
  }

  get userAtHost(): string {
    return `${this.user.name}@${this.host}:${this.port}`;
  }

  /**
   * Gives the login user a random password (root only: sshd checks it against the shadow file),
   * locked again by `lockPassword`. One test file at a time may use it.
   */
  setPassword(): string {
    const password = randomBytes(12).toString('base64url');
    execFileSync('chpasswd', { input: `${this.user.name}:${password}\n` });
    return password;
  }

  lockPassword(): void {
    execFileSync('usermod', ['--password', '*', this.user.name]);
  }

  authorize(publicKey: string): void {
    fs.appendFileSync(path.join(this.dir, 'authorized_keys'), publicKey);
  }

  /** A new host key (the next start presents it: a "changed" key to clients that trusted the old one). */
  newHostKey(type: 'ed25519' | 'rsa' = 'ed25519'): void {
    for (const suffix of ['', '.pub']) fs.rmSync(path.join(this.dir, `host${suffix}`), { force: true });
    this.hostKey = makeKey(this.dir, 'host', '', type);
  }

  private writeConfig(): string {
    const file = path.join(this.dir, 'sshd_config');
    fs.writeFileSync(
      file,
      [
        `Port ${this.port}`,
        `ListenAddress ${this.host}`,
        `HostKey ${path.join(this.dir, 'host')}`,
        `PidFile ${path.join(this.dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${path.join(this.dir, 'authorized_keys')}`,
        `AllowUsers ${this.user.name}`,
        'PubkeyAuthentication yes',
        `PasswordAuthentication ${isRoot ? 'yes' : 'no'}`,
        'KbdInteractiveAuthentication no',
        'PermitRootLogin no',
        'UsePAM no',
        'StrictModes no',
        'Subsystem sftp internal-sftp',
        'AllowTcpForwarding yes',
        'AllowAgentForwarding no',
        'X11Forwarding no',
        'PrintMotd no',
        'MaxSessions 20',
        'LogLevel VERBOSE',
        '',
      ].join('\n'),
    );
    return file;
  }

  private async launch(): Promise<void> {
    // The privilege-separation folder systemd would create for the packaged service.
    if (isRoot) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const config = this.writeConfig();
    this.child = spawn(SSHD, ['-D', '-f', config, '-E', path.join(this.dir, 'sshd.log')], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => this.child!.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    while (!(await accepts(this.port))) {
      const gone = await Promise.race([exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 50))]);
      if (gone || Date.now() > deadline) throw new Error(`sshd did not start on ${this.port}: ${this.log()}`);
    }
  }

  log(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'sshd.log'), 'utf8');
    } catch {
      return '(no log)';
    }
  }

  /** Stops sshd, keeping its folder, keys and port: `restart()` brings it back. */
  async pause(): Promise<void> {
    await this.stopServer();
  }

  async restart(): Promise<void> {
    await this.stopServer();
    await this.launch();
  }

  private async stopServer(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  /** Processes of the login user whose environment holds `marker` (read from /proc on this same machine). */
  processesWith(marker: string): number[] {
    const found: number[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (fs.statSync(`/proc/${entry}`).uid !== this.user.uid) continue;
        if (fs.readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) found.push(Number(entry));
      } catch {
        // Gone, or not ours to read.
      }
    }
    return found;
  }

  commandOf(pid: number): string {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    await this.stopServer();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
