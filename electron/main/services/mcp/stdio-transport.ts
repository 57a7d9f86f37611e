import type { ChildProcess } from 'node:child_process';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { killTree, spawnTree, type ExitInfo } from './process-tree';

export interface ChildProcessTransportOptions {
  file: string;
  args: readonly string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
  onStderr(chunk: string): void;
  /** A stdout line that is not an MCP message: a server logging to the wrong stream. */
  onStdoutNoise(problem: string): void;
  onSpawn?(pid: number): void;
  onExit?(pid: number, exit: ExitInfo): void;
  /** The longest stdout line kept; a longer one is dropped and reported (default 64 MB). */
  maxLineBytes?: number;
}

/** Big enough for a large image or file in one message, small enough that a runaway server cannot exhaust memory. */
const MAX_LINE_BYTES = 64 * 2 ** 20;

/**
 * The SDK's stdio client transport, but owning its child: the SDK's framing (ReadBuffer,
 * serializeMessage) over a process that leads its own group, so stopping it kills the whole
 * tree, and a line of garbage on stdout is reported instead of silently dropped.
 */
export class ChildProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer();
  /**
   * The bytes of a line not yet ended. They reach the SDK's buffer only with their newline:
   * appending every chunk of a long message would copy it again for each one.
   */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Dropping the rest of an overlong line, up to its newline. */
  private skipping = false;
  private closed = false;
  exit: ExitInfo | undefined;

  private readonly maxLineBytes: number;

  constructor(private readonly options: ChildProcessTransportOptions) {
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawnTree(this.options.file, this.options.args, { cwd: this.options.cwd, env: this.options.env });
      this.child = child;
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => {
        this.options.onSpawn?.(child.pid!);
        resolve();
      });
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        this.options.onExit?.(child.pid!, this.exit);
      });
      child.once('close', () => {
        this.closed = true;
        this.onclose?.();
      });
      child.stdin!.on('error', (error) => this.onerror?.(error));
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.options.onStderr(chunk));
      child.stdout!.on('data', (chunk: Buffer) => this.read(chunk));
      child.stdout!.on('error', (error) => this.onerror?.(error));
    });
  }

  private read(chunk: Buffer): void {
    if (this.skipping) {
      const end = chunk.indexOf(0x0a);
      if (end < 0) return;
      this.skipping = false;
      chunk = chunk.subarray(end + 1);
    }
    const lastNewline = chunk.lastIndexOf(0x0a);
    if (lastNewline < 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes > this.maxLineBytes) {
        this.options.onStdoutNoise(`a line of more than ${Math.round(this.maxLineBytes / 2 ** 20)} MB with no end was dropped`);
        this.pending = [];
        this.pendingBytes = 0;
        this.skipping = true;
      }
      return;
    }
    const complete = this.pending.length ? Buffer.concat([...this.pending, chunk.subarray(0, lastNewline + 1)]) : chunk.subarray(0, lastNewline + 1);
    const rest = chunk.subarray(lastNewline + 1);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    this.buffer.append(complete);
    // The same lines as the SDK's buffer holds, kept to quote a bad one: each `readMessage` consumes exactly one.
    const lines = complete.toString('utf8').split('\n');
    for (const line of lines.slice(0, -1)) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (error) {
        this.options.onStdoutNoise(describeNoise(line, error));
        continue;
      }
      if (message) this.onmessage?.(message);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || this.closed || !stdin.writable) {
        reject(new Error('The server process is not running.'));
        return;
      }
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    await killTree(child);
    this.buffer.clear();
    this.pending = [];
  }
}

function describeNoise(line: string | undefined, error: unknown): string {
  const quoted = line === undefined ? '' : JSON.stringify(line.trim().length > 200 ? `${line.trim().slice(0, 200)}…` : line.trim());
  return error instanceof SyntaxError ? `${quoted} is not JSON` : `${quoted} is JSON but not a JSON-RPC message`;
}
