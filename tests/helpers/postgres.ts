import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

/**
 * A throwaway PostgreSQL cluster on a free loopback port in a temp dir, for tests and benches.
 *
 * `initdb` costs seconds, so one template cluster is made per machine and user (in the temp
 * dir, keyed by the server's major version) and each cluster starts from a copy of it, which
 * takes a fraction of a second. PostgreSQL refuses to run as root: as root (CI), the server runs
 * as the `postgres` user Debian's package creates, through `runuser`.
 */

export interface PostgresCluster {
  readonly port: number;
  readonly host: string;
  /** The superuser's connection string for `database` (default `postgres`). */
  url(database?: string, user?: string): string;
  /** A new, empty database; returns its name. */
  createDatabase(name?: string): Promise<string>;
  /** A client connected as the superuser (closed by `stop`). */
  connect(database?: string): Promise<pg.Client>;
  /**
   * Stops the server with a fast shutdown (connections cut, every commit kept), waits `downMs`,
   * and starts it again on the same port and files: what a restarted managed database does.
   */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the server at once and removes its files. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

export function postgresBinDir(): string {
  const fromEnv = process.env.ECHELON_PG_BIN;
  if (fromEnv) return fromEnv;
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = path.join(base, version, 'bin');
    if (fs.existsSync(path.join(bin, 'postgres'))) return bin;
  }
  throw new Error('PostgreSQL is not installed: `apt-get install -y postgresql` (or set ECHELON_PG_BIN to the folder holding initdb and postgres).');
}

const isRoot = () => process.getuid?.() === 0;

/** The OS user the server runs as: ourselves, or `postgres` when we are root (spawn's uid/gid drop root). */
function runAs(): { uid?: number; gid?: number } {
  if (!isRoot()) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('PostgreSQL refuses to run as root and there is no `postgres` user: `apt-get install -y postgresql` creates it.');
  }
}

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...runAs(), env: { ...process.env, LC_ALL: 'C' } });
}

function chownTree(dir: string): void {
  const { uid, gid } = runAs();
  if (uid === undefined || gid === undefined) return;
  execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
}

/** Makes (once) the initdb'd cluster every test cluster is copied from. */
function templateDir(bin: string): string {
  const major = path.basename(path.dirname(bin));
  const dir = path.join(os.tmpdir(), `echelon-pg-template-${major}-${process.getuid?.() ?? 'u'}`);
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  const building = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-pg-initdb-'));
  fs.chmodSync(building, 0o700);
  chownTree(building);
  run(path.join(bin, 'initdb'), ['-D', building, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  try {
    // Another process may have finished first: theirs is as good as ours.
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited with code ${child.exitCode}:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 20 s:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export interface StartOptions {
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
}

export async function startPostgres(options: StartOptions = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const template = templateDir(bin);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-pg-'));
  const dataDir = path.join(root, 'data');
  fs.cpSync(template, dataDir, { recursive: true });
  fs.chmodSync(dataDir, 0o700);
  chownTree(root);
  const port = await freePort();
  const host = '127.0.0.1';
  const settings: Record<string, string | number> = {
    listen_addresses: host,
    port,
    unix_socket_directories: root,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: 200,
    shared_buffers: '64MB',
    ...options.settings,
  };
  const args = ['-D', dataDir, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  const launch = () => {
    const started = spawn(path.join(bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], ...runAs(), env: { ...process.env, LC_ALL: 'C' } });
    started.stdout!.on('data', collect);
    started.stderr!.on('data', collect);
    return started;
  };
  let child = launch();

  const url = (database = 'postgres', user = SUPERUSER) => `postgres://${encodeURIComponent(user)}@${host}:${port}/${database}`;
  const clients: pg.Client[] = [];
  try {
    await waitReady(url(), child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }

  let databases = 0;
  return {
    port,
    host,
    url,
    async createDatabase(name = `test_${++databases}_${process.pid}`) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return name;
    },
    async connect(database = 'postgres') {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      clients.push(client);
      return client;
    },
    async restart({ downMs = 0 } = {}) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      child = launch();
      await waitReady(url(), child, () => output);
    },
    async stop() {
      await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // Immediate shutdown: the cluster is thrown away, nothing needs a checkpoint.
        child.kill('SIGQUIT');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
