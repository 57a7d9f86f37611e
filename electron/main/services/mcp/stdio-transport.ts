import type { ChildProcess } from 'node:child_process';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { killTree, spawnTree, type ExitInfo } from './process-tree';
import { StdoutFraming } from './stdout-framing';

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
  private readonly framing: StdoutFraming;
  private closed = false;
  exit: ExitInfo | undefined;

  constructor(private readonly options: ChildProcessTransportOptions) {
    this.framing = new StdoutFraming({ onMessage: (message) => this.onmessage?.(message), onNoise: options.onStdoutNoise, maxLineBytes: options.maxLineBytes });
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
      child.stdout!.on('data', (chunk: Buffer) => this.framing.push(chunk));
      child.stdout!.on('error', (error) => this.onerror?.(error));
    });
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
    this.framing.clear();
  }
}
