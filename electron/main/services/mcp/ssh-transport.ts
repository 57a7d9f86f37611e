import { StringDecoder } from 'node:string_decoder';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { ClientChannel } from 'ssh2';
import { killRemote, openExec, PidLineReader } from '../ssh/remote-command';
import { environmentPreamble, programCommand } from '../ssh/remote-script';
import type { SshLink } from '../ssh/ssh-connect';
import type { ExitInfo } from './process-tree';
import { StdoutFraming } from './stdout-framing';

/** Opens an authenticated SSH link through a connection (by name), for a server of its own. */
export interface SshLinks {
  open(connection: string, signal?: AbortSignal): Promise<SshLink>;
}

export interface SshChannelTransportOptions {
  link: SshLink;
  program: string;
  args: readonly string[];
  cwd?: string;
  /** Sent over stdin before the program starts, never on its command line (where `ps` would show it). */
  env: Record<string, string>;
  onStderr(chunk: string): void;
  onStdoutNoise(problem: string): void;
  onNote(text: string): void;
  /** How long the server may take to exit once its stdin closes, before its session is killed. */
  stopGraceMs?: number;
  maxLineBytes?: number;
}

const STOP_GRACE_MS = 2000;

/**
 * MCP's stdio transport over an SSH `exec` channel: the server runs on the remote host in an
 * SSH session of its own. Stopping closes its stdin (MCP servers exit on that), then kills
 * whatever is left of the session on the remote side, then closes the link.
 */
export class SshChannelTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private channel: ClientChannel | undefined;
  /** The remote process ended (its channel may stay open while something it started holds its output). */
  private exited: Promise<void> | undefined;
  private readonly framing: StdoutFraming;
  private readonly stderr = new StringDecoder('utf8');
  private readonly pid: PidLineReader;
  private stopping = false;
  exit: ExitInfo | undefined;

  constructor(private readonly options: SshChannelTransportOptions) {
    this.framing = new StdoutFraming({ onMessage: (message) => this.onmessage?.(message), onNoise: options.onStdoutNoise, maxLineBytes: options.maxLineBytes });
    this.pid = new PidLineReader((chunk) => options.onStderr(this.stderr.write(chunk)));
  }

  /** The server's PID on the remote host (its session id there), once it started. */
  get remotePid(): number | undefined {
    return this.pid.pid;
  }

  async start(): Promise<void> {
    const { link, program, args, cwd, env } = this.options;
    const channel = await openExec(link.client, programCommand(program, args, cwd));
    this.channel = channel;
    this.exited = new Promise((resolve) => channel.once('exit', () => resolve()).once('close', () => resolve()));
    channel.on('data', (chunk: Buffer) => this.framing.push(chunk));
    channel.stderr.on('data', (chunk: Buffer) => this.pid.push(chunk));
    channel.on('exit', (code: number | null, signal?: string) => {
      this.exit = { code: typeof code === 'number' ? code : null, signal: (signal ?? null) as NodeJS.Signals | null };
      this.options.onNote(`The remote process ${this.exit.signal ? `was killed by ${this.exit.signal}` : `exited with code ${this.exit.code}`}.`);
      // What it started may still hold the channel open: the server is gone, so its session goes too.
      if (!this.stopping) void this.endSession(channel);
    });
    channel.on('error', (error: Error) => this.onerror?.(error));
    channel.once('close', () => this.onclose?.());
    link.onClose(() => channel.close());
    channel.write(environmentPreamble(env));
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const channel = this.channel;
      if (!channel || !channel.writable || this.options.link.closed) {
        reject(new Error('The remote server is not running.'));
        return;
      }
      if (channel.write(serializeMessage(message))) resolve();
      else channel.once('drain', resolve);
    });
  }

  /** Kills what is left of the server's remote session, then closes its channel. */
  private async endSession(channel: ClientChannel): Promise<void> {
    if (this.pid.pid && !this.options.link.closed) await killRemote(this.options.link.client, this.pid.pid);
    channel.close();
  }

  async close(): Promise<void> {
    this.stopping = true;
    const { link } = this.options;
    const channel = this.channel;
    if (channel && !link.closed) {
      channel.end();
      await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, this.options.stopGraceMs ?? STOP_GRACE_MS))]);
      // Even after a clean exit: anything it left running in its session goes too.
      await this.endSession(channel);
    }
    link.close();
    this.framing.clear();
  }
}
