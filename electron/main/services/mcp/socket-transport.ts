import type { Socket } from 'node:net';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** A message longer than this ends the connection instead of growing the buffer without bound. */
const MAX_MESSAGE_BYTES = 64 * 2 ** 20;

/**
 * MCP over a local socket, framed by the SDK's stdio framing (one JSON message per line): how
 * `echelon mcp gateway` reaches a running Echelon on the same machine without an HTTP round trip
 * per call. A line that is not a JSON-RPC message, or one of more than 64 MB, ends the connection.
 */
export class SocketTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly buffer = new ReadBuffer();
  private unterminatedBytes = 0;

  constructor(private readonly socket: Socket) {}

  start(): Promise<void> {
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', (error) => this.onerror?.(error));
    this.socket.once('close', () => this.onclose?.());
    return Promise.resolve();
  }

  private read(chunk: Buffer): void {
    const newline = chunk.lastIndexOf(0x0a);
    this.unterminatedBytes = newline < 0 ? this.unterminatedBytes + chunk.length : chunk.length - newline - 1;
    if (this.unterminatedBytes > MAX_MESSAGE_BYTES) {
      this.onerror?.(new Error('The gateway socket carried a message of more than 64 MB.'));
      this.socket.destroy();
      return;
    }
    this.buffer.append(chunk);
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (error) {
        this.onerror?.(new Error(`The gateway socket carried something other than MCP: ${(error as Error).message}`));
        this.socket.destroy();
        return;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.destroyed || !this.socket.writable) {
        reject(new Error('The gateway socket is closed.'));
        return;
      }
      if (this.socket.write(serializeMessage(message))) resolve();
      else this.socket.once('drain', resolve);
    });
  }

  close(): Promise<void> {
    this.buffer.clear();
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }
}
