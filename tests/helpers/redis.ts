import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

/**
 * A throwaway Redis on a free loopback port in a temp dir, for tests and benches: Debian's
 * `redis-server` (`apt-get install -y redis-server`; `ECHELON_REDIS_SERVER` names another
 * binary), configured as the README tells people to run it for workers (`noeviction`, append-only
 * file), so a restart keeps every job. Redis runs as root without complaint, so no user switch.
 */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGKILL when `hard`, else a clean shutdown that saves) and starts it again on the same port and files. */
  restart(options?: { hard?: boolean; downMs?: number }): Promise<void>;
  /** Stops the server and keeps it stopped until `start`. */
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function redisServerBinary(): string {
  const candidates = [process.env.ECHELON_REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error('Redis is not installed: `apt-get install -y redis-server` (or set ECHELON_REDIS_SERVER to its binary).');
  return found;
}

/** Resolves once the server answers PING on its port. */
async function waitReady(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}:\n${log()}`);
    const answered = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let reply = '';
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk) => {
        reply += chunk.toString();
        if (reply.includes('\r\n')) {
          socket.destroy();
          resolve(reply.startsWith('+PONG'));
        }
      });
      socket.once('error', () => resolve(false));
    });
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer within 15 s:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface RedisOptions {
  /** `always` puts every write on disk before answering, so even a SIGKILL loses no acknowledged job; `everysec` is what production uses. */
  appendfsync?: 'always' | 'everysec';
}

export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const binary = redisServerBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-redis-'));
  const port = await freePort();
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', 'yes',
    '--appendfsync', options.appendfsync ?? 'everysec',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'no',
    '--logfile', '',
  ];
  let child: ChildProcess | undefined;
  let output = '';

  const launch = async () => {
    const started = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    started.stdout!.on('data', collect);
    started.stderr!.on('data', collect);
    await waitReady(port, started, () => output);
  };

  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (running.exitCode === null && running.signalCode === null) {
      running.kill('SIGKILL');
      await exited;
    }
  };

  try {
    await launch();
  } catch (error) {
    await halt('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async restart({ hard = false, downMs = 0 } = {}) {
      await halt(hard ? 'SIGKILL' : 'SIGTERM');
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await launch();
    },
    pause: () => halt('SIGTERM'),
    start: launch,
    async stop() {
      await halt('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
