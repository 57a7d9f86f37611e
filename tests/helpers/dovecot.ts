import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real IMAP server for a test file: Debian's Dovecot (`apt-get install dovecot-imapd`) on a
 * free loopback port, with its own config, runtime dir, Maildir store and password file in a
 * temp dir. As root (CI) mail is kept as `nobody` and the login processes run as Debian's
 * `dovenull`; as anyone else, every process runs as that user.
 */
export interface Dovecot {
  host: string;
  port: number;
  /** Delivers a raw RFC 5322 message into a user's mailbox (a Maildir file, as an MDA would); `seen` files it as read. */
  deliver(user: string, message: string, options?: { mailbox?: string; seen?: boolean }): void;
  stop(): Promise<void>;
}

export const DOVECOT = '/usr/sbin/dovecot';
export const hasDovecot = () => fs.existsSync(DOVECOT);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const listening = (port: number, deadline: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Dovecot did not answer on port ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });

export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-imap-'));
  const asRoot = process.getuid?.() === 0;
  const me = os.userInfo();
  const mailUid = asRoot ? 65534 : me.uid;
  const mailGid = asRoot ? 65534 : me.gid;
  const port = await freePort();
  fs.mkdirSync(path.join(root, 'mail'));
  fs.writeFileSync(path.join(root, 'passwd'), Object.entries(users).map(([user, password]) => `${user}:{PLAIN}${password}`).join('\n') + '\n');
  const config = [
    `base_dir = ${root}/run`,
    `state_dir = ${root}/state`,
    `log_path = ${root}/dovecot.log`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    // A wrong password is answered at once (Dovecot waits 2 s by default).
    'auth_failure_delay = 0',
    `mail_location = maildir:${root}/mail/%u`,
    'first_valid_uid = 1',
    ...(asRoot ? [] : [`default_internal_user = ${me.username}`, `default_login_user = ${me.username}`, `default_internal_group = ${execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim()}`]),
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${root}/passwd\n}`,
    `userdb {\n  driver = static\n  args = uid=${mailUid} gid=${mailGid} home=${root}/mail/%u\n}`,
    `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}',
    'service pop3-login {\n  inet_listener pop3 {\n    port = 0\n  }\n}',
  ].join('\n');
  fs.writeFileSync(path.join(root, 'dovecot.conf'), config + '\n');
  if (asRoot) {
    // The login processes (dovenull) reach the sockets under base_dir; mail belongs to nobody.
    fs.chmodSync(root, 0o755);
    fs.chownSync(path.join(root, 'mail'), mailUid, mailGid);
  }
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', path.join(root, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([listening(port, Date.now() + 10_000), exited.then(() => Promise.reject(new Error(`Dovecot exited: ${stderr}${fs.existsSync(path.join(root, 'dovecot.log')) ? fs.readFileSync(path.join(root, 'dovecot.log'), 'utf8') : ''}`)))]);
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
  let sequence = 0;
  return {
    host: '127.0.0.1',
    port,
    deliver(user, message, options = {}) {
      const box = path.join(root, 'mail', user, options.mailbox && options.mailbox !== 'INBOX' ? `.${options.mailbox}` : '');
      for (const sub of ['tmp', 'new', 'cur']) fs.mkdirSync(path.join(box, sub), { recursive: true });
      const name = `${Date.now()}.M${sequence++}P${process.pid}.echelon-test`;
      const target = options.seen ? path.join(box, 'cur', `${name}:2,S`) : path.join(box, 'new', name);
      // Written to tmp and renamed, as Maildir delivery does, so the server never sees half a file.
      fs.writeFileSync(path.join(box, 'tmp', name), message.replace(/\r?\n/g, '\r\n'));
      fs.renameSync(path.join(box, 'tmp', name), target);
      if (asRoot) chownTree(path.join(root, 'mail', user), mailUid, mailGid);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

function chownTree(dir: string, uid: number, gid: number) {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else fs.chownSync(full, uid, gid);
  }
}
