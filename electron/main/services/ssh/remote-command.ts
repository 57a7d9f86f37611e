import type { Client, ClientChannel } from 'ssh2';
import { EchelonError } from '../../../../shared/contract/errors';
import type { CommandOptions, CommandResult } from '../../../../shared/integrations/ssh';
import { killSessionScript, PID_MARKER, shellCommand } from './remote-script';

/** Keeps the first `limit` bytes of a stream and counts the rest. */
class BoundedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.kept >= this.limit) return;
    const part = chunk.length > this.limit - this.kept ? chunk.subarray(0, this.limit - this.kept) : chunk;
    this.chunks.push(part);
    this.kept += part.length;
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Reads the PID line `remote-script` prints first on stderr and passes the rest on, so the
 * command's own stderr is exactly what it wrote.
 */
export class PidLineReader {
  private head: Buffer | undefined = Buffer.alloc(0);
  pid: number | undefined;

  constructor(private readonly onData: (chunk: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (!this.head) return this.onData(chunk);
    const head = Buffer.concat([this.head, chunk]);
    const end = head.indexOf(0x0a);
    if (end < 0 && head.length < 64) {
      this.head = head;
      return;
    }
    this.head = undefined;
    const line = head.subarray(0, Math.max(end, 0)).toString('latin1');
    if (end >= 0 && line.startsWith(PID_MARKER)) {
      this.pid = Number(line.slice(PID_MARKER.length)) || undefined;
      if (head.length > end + 1) this.onData(head.subarray(end + 1));
    } else this.onData(head);
  }
}

export function openExec(client: Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => (error ? reject(new EchelonError('unavailable', `The server refused to run a command: ${error.message}.`)) : resolve(channel)));
  });
}

/** Runs a short script of Echelon's own and returns its stdout (for kills and counts). */
export async function runScript(client: Client, script: string, timeoutMs = 10_000): Promise<string> {
  const channel = await openExec(client, script);
  return new Promise((resolve) => {
    let out = '';
    const timer = setTimeout(() => channel.close(), timeoutMs);
    channel.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    channel.stderr.resume();
    channel.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    channel.end();
  });
}

/** Kills the remote process session led by `pid` (TERM, then KILL); resolves when the script is done. */
export async function killRemote(client: Client, pid: number): Promise<void> {
  await runScript(client, killSessionScript(pid)).catch(() => {});
}

/**
 * Runs a command line in the user's login shell over one channel. Output is bounded per
 * stream; on timeout or cancel the whole remote session is killed before the call fails.
 */
export async function runCommand(client: Client, command: string, options: CommandOptions, where: string): Promise<CommandResult> {
  if (options.signal?.aborted) throw new EchelonError('cancelled', `The command on ${where} was cancelled before it started.`);
  const started = performance.now();
  const channel = await openExec(client, shellCommand(command, options.cwd));
  const stdout = new BoundedOutput(options.maxOutputBytes);
  const stderr = new BoundedOutput(options.maxOutputBytes);
  const pidReader = new PidLineReader((chunk) => stderr.push(chunk));
  let exit: { code: number | null; signal: string | null } | undefined;
  let stopped: 'timeout' | 'cancelled' | undefined;

  const closed = new Promise<void>((resolve) => channel.on('close', () => resolve()));
  channel.on('data', (chunk: Buffer) => stdout.push(chunk));
  channel.stderr.on('data', (chunk: Buffer) => pidReader.push(chunk));
  channel.on('exit', (code: number | null, signal?: string) => (exit = { code: typeof code === 'number' ? code : null, signal: signal ?? null }));
  const stop = (reason: 'timeout' | 'cancelled') => {
    if (stopped || exit) return;
    stopped = reason;
    const pid = pidReader.pid;
    void (pid ? killRemote(client, pid) : Promise.resolve()).finally(() => channel.close());
  };
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = () => stop('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.stdin) channel.write(options.stdin);
  channel.end();
  try {
    await closed;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (stopped === 'timeout') throw new EchelonError('timeout', `The command ran longer than ${options.timeoutMs / 1000} s on ${where}, so its remote processes were killed.`);
  if (stopped === 'cancelled') throw new EchelonError('cancelled', `The command on ${where} was cancelled; its remote processes were killed.`);
  return {
    code: exit?.code ?? null,
    signal: exit?.signal ?? null,
    stdout: stdout.text(),
    stderr: stderr.text(),
    stdoutBytes: stdout.total,
    stderrBytes: stderr.total,
    truncated: stdout.truncated || stderr.truncated,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
