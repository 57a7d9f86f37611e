import { z } from 'zod';

/**
 * SSH as the integrations layer offers it to plugins: what an SSH connection holds, and the
 * session an action gets on it (`ActionContext.ssh`). Credentials are the connection's auth
 * (an `ssh_key` record or a password); host keys are checked against the known-hosts store.
 */

const HOST = /^[A-Za-z0-9._:%[\]-]+$/;

export const SshConnectionConfig = z.object({
  host: z
    .string()
    .trim()
    .min(1, 'Host is required')
    .max(255)
    .regex(HOST, 'A host name or IP address, without user@ or :port.')
    // One colon is `host:port`; IPv6 addresses have several.
    .refine((host) => host.split(':').length !== 2, 'Put the port in the Port field.')
    .meta({ title: 'Host', description: 'Name or address of the server.' }),
  port: z.number().int().min(1).max(65_535).default(22).meta({ title: 'Port' }),
  jumpConnection: z
    .string()
    .trim()
    .max(80)
    .optional()
    .meta({ title: 'Jump host', description: 'Go through another SSH connection (its name), as `ssh -J` does. Leave empty to connect directly.' }),
  connectTimeoutSeconds: z.number().int().min(1).max(300).default(20).meta({ title: 'Connect timeout (s)', description: 'Up to the end of the SSH handshake.' }),
  keepaliveIntervalSeconds: z.number().int().min(0).max(3600).default(15).meta({ title: 'Keep-alive every (s)', description: '0 turns keep-alive messages off.' }),
  keepaliveCountMax: z.number().int().min(1).max(100).default(3).meta({ title: 'Missed keep-alives before giving up' }),
});
export type SshConnectionConfig = z.output<typeof SshConnectionConfig>;

export interface CommandOptions {
  /** Runs in this directory (`~/` is the remote home); default the login directory. */
  cwd?: string;
  /** Written to the command's standard input, which is then closed. */
  stdin?: string;
  /** Past it the remote process tree is killed and the call fails with a timeout. */
  timeoutMs: number;
  /** Output kept per stream; the rest is counted, not kept. */
  maxOutputBytes: number;
  signal?: AbortSignal;
}

export interface CommandResult {
  /** Null when a signal ended it. */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutBytes: number;
  stderrBytes: number;
  truncated: boolean;
  durationMs: number;
}

export type RemoteEntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface RemoteEntry {
  name: string;
  path: string;
  type: RemoteEntryType;
  size: number;
  modifiedAt: string;
  /** Permission bits, octal (`0644`). */
  mode: string;
  uid: number;
  gid: number;
}

export interface TransferOptions {
  signal?: AbortSignal;
  /** Creates missing parent directories of the target first. */
  createDirectories?: boolean;
  /** Permission bits of an uploaded file, octal (`0600`). */
  mode?: string;
}

/** Files on the server, streamed between local files and SFTP (never whole in memory). */
export interface SftpSession {
  list(path: string): Promise<RemoteEntry[]>;
  stat(path: string): Promise<RemoteEntry>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  /** A directory only with `recursive`; returns how many entries went. */
  remove(path: string, options?: { recursive?: boolean }): Promise<{ removed: number }>;
  rename(from: string, to: string, options?: { overwrite?: boolean; createDirectories?: boolean }): Promise<void>;
  upload(localPath: string, remotePath: string, options?: TransferOptions): Promise<{ bytes: number }>;
  download(remotePath: string, localPath: string, options?: Pick<TransferOptions, 'signal'>): Promise<{ bytes: number }>;
}

export interface SshSession {
  readonly host: string;
  readonly port: number;
  /** `host`, or `host:port` off the default port: how messages name the server. */
  readonly address: string;
  /** Runs a shell command line in the user's login shell; its whole process tree dies on timeout or cancel. */
  exec(command: string, options: CommandOptions): Promise<CommandResult>;
  sftp(): Promise<SftpSession>;
}

export interface SshSessionOptions {
  /** A new connection of its own, closed after the action (health checks), instead of the shared one. */
  fresh?: boolean;
}

/**
 * Whether an integration logs in over SSH (it offers SSH keys): its connections make no HTTP
 * calls, so HTTP settings (rate limit, cache, next pages, a server CA) do not apply to them.
 */
export function logsInOverSsh(plugin: { auth: readonly { type: string }[] }): boolean {
  return plugin.auth.some((method) => method.type === 'ssh_key');
}
