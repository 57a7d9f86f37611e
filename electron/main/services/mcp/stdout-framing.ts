import { ReadBuffer } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Big enough for a large image or file in one message, small enough that a runaway server cannot exhaust memory. */
export const MAX_LINE_BYTES = 64 * 2 ** 20;

export interface StdoutFramingOptions {
  onMessage(message: JSONRPCMessage): void;
  /** A stdout line that is not an MCP message: a server logging to the wrong stream. */
  onNoise(problem: string): void;
  /** The longest line kept; a longer one is dropped and reported (default 64 MB). */
  maxLineBytes?: number;
}

/**
 * The SDK's stdio framing (newline-delimited JSON-RPC) over a server's stdout, wherever that
 * comes from (a child process, an SSH channel): a line of garbage is reported instead of
 * silently dropped, and an endless line cannot grow without bound.
 */
export class StdoutFraming {
  private readonly buffer = new ReadBuffer();
  /**
   * The bytes of a line not yet ended. They reach the SDK's buffer only with their newline:
   * appending every chunk of a long message would copy it again for each one.
   */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Dropping the rest of an overlong line, up to its newline. */
  private skipping = false;
  private readonly maxLineBytes: number;

  constructor(private readonly options: StdoutFramingOptions) {
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  }

  push(chunk: Buffer): void {
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
        this.options.onNoise(`a line of more than ${Math.round(this.maxLineBytes / 2 ** 20)} MB with no end was dropped`);
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
        this.options.onNoise(describeNoise(line, error));
        continue;
      }
      if (message) this.options.onMessage(message);
    }
  }

  clear(): void {
    this.buffer.clear();
    this.pending = [];
    this.pendingBytes = 0;
  }
}

function describeNoise(line: string | undefined, error: unknown): string {
  const quoted = line === undefined ? '' : JSON.stringify(line.trim().length > 200 ? `${line.trim().slice(0, 200)}…` : line.trim());
  return error instanceof SyntaxError ? `${quoted} is not JSON` : `${quoted} is JSON but not a JSON-RPC message`;
}
