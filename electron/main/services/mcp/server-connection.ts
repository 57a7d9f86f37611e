import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { DEFAULT_INHERITED_ENV_VARS } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { version } from '../../../../package.json';
import { EchelonError, type ServerDefinition } from '../../../../shared/contract';
import { resolveCommand } from './command-resolver';
import type { LoginShellPath } from './login-shell-path';
import type { ExitInfo } from './process-tree';
import { SshChannelTransport, type SshLinks } from './ssh-transport';
import { ChildProcessTransport } from './stdio-transport';
import type { TemplateResolver } from './template-resolver';

export type TransportKind = 'stdio' | 'streamable-http' | 'sse' | 'ssh';

export interface McpConnection {
  readonly client: Client;
  readonly kind: TransportKind;
  readonly pid: number | null;
  /** How the process ended, once it has (stdio only). */
  exit(): ExitInfo | undefined;
  close(): Promise<void>;
}

export interface ConnectContext {
  /** Echelon's environment: the source of inherited variables, PATH and `${env:NAME}`. */
  env: NodeJS.ProcessEnv;
  templates: TemplateResolver;
  loginShellPath: () => Promise<LoginShellPath | undefined>;
  onStderr(chunk: string): void;
  onNote(text: string): void;
  onStdoutNoise(problem: string): void;
  onSpawn(pid: number): void;
  onExit(pid: number, exit: ExitInfo): void;
  /** The connection ended without `close()` being called: the process exited or the stream dropped. */
  onLost(): void;
  onListChanged(kind: 'tools' | 'resources' | 'prompts'): void;
  /** Any other notification the server sends (resources/updated, logging/message, custom ones). */
  onNotification(method: string, params: unknown): void;
  signal: AbortSignal;
  timeoutMs: number;
  /** Links through SSH connections, for servers that run on another host. */
  ssh?: SshLinks;
}

function newClient(context: ConnectContext): Client {
  const changed = (kind: 'tools' | 'resources' | 'prompts') => ({
    autoRefresh: false,
    onChanged: () => {
      context.onListChanged(kind);
      context.onNotification(`notifications/${kind}/list_changed`, undefined);
    },
  });
  const client = new Client(
    { name: 'echelon', version },
    { capabilities: {}, listChanged: { tools: changed('tools'), resources: changed('resources'), prompts: changed('prompts') } },
  );
  // Notifications the SDK has no handler for reach workflows' MCP notification triggers.
  client.fallbackNotificationHandler = async (notification) => context.onNotification(notification.method, notification.params);
  return client;
}

/** The variables a server inherits from Echelon: the SDK's safe list, never Echelon's own secrets. */
function inheritedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const key of DEFAULT_INHERITED_ENV_VARS) {
    const value = env[key];
    if (value !== undefined && !value.startsWith('()')) inherited[key] = value;
  }
  return inherited;
}

async function connectStdio(definition: ServerDefinition, transport: Extract<ServerDefinition['transport'], { type: 'stdio' }>, context: ConnectContext): Promise<McpConnection> {
  const accessor = { kind: 'mcp' as const, id: definition.name };
  const ownEnv = context.templates.record(transport.env, accessor);
  const cwd = transport.cwd ? path.resolve(context.templates.text(transport.cwd, accessor)) : (context.env.HOME ?? process.cwd());
  const pathKey = process.platform === 'win32' ? (Object.keys(context.env).find((key) => key.toUpperCase() === 'PATH') ?? 'Path') : 'PATH';
  const resolved = await resolveCommand(context.templates.text(transport.command, accessor), {
    cwd,
    pathValue: ownEnv.PATH ?? context.env[pathKey] ?? '',
    pathExt: context.env.PATHEXT,
    loginShellPath: context.loginShellPath,
  });
  if (resolved.notice) context.onNote(resolved.notice);
  const env = { ...inheritedEnv(context.env), ...ownEnv, [pathKey]: resolved.pathValue };
  const stdio = new ChildProcessTransport({
    file: resolved.file,
    args: transport.args.map((arg) => context.templates.text(arg, accessor)),
    cwd,
    env,
    onStderr: context.onStderr,
    onStdoutNoise: context.onStdoutNoise,
    onSpawn: context.onSpawn,
    onExit: context.onExit,
  });
  const client = newClient(context);
  const close = await handshake(client, stdio, context);
  return { client, kind: 'stdio', pid: stdio.pid ?? null, exit: () => stdio.exit, close };
}

function httpHeaders(definition: ServerDefinition, transport: Extract<ServerDefinition['transport'], { type: 'http' }>, templates: TemplateResolver): Record<string, string> {
  const accessor = { kind: 'mcp' as const, id: definition.name };
  const headers = templates.record(transport.headers, accessor);
  const auth = definition.auth;
  if (auth.type === 'bearer') headers.Authorization = `Bearer ${templates.text(auth.token, accessor)}`;
  if (auth.type === 'basic') {
    const pair = `${templates.text(auth.username, accessor)}:${templates.text(auth.password, accessor)}`;
    headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  return headers;
}

async function connectHttp(definition: ServerDefinition, transport: Extract<ServerDefinition['transport'], { type: 'http' }>, context: ConnectContext): Promise<McpConnection> {
  const url = new URL(context.templates.text(transport.url, { kind: 'mcp', id: definition.name }));
  const requestInit = { headers: httpHeaders(definition, transport, context.templates) };
  // Loaded by the first remote server: most CLI commands connect to none.
  const [{ StreamableHTTPClientTransport }, { SSEClientTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/client/sse.js'),
  ]);
  const client = newClient(context);
  try {
    const close = await handshake(client, new StreamableHTTPClientTransport(url, { requestInit }), context);
    return { client, kind: 'streamable-http', pid: null, exit: () => undefined, close };
  } catch (error) {
    if (context.signal.aborted) throw error;
    // Servers from before the 2025-03-26 spec speak HTTP+SSE: the SDK's documented fallback.
    context.onNote(`Streamable HTTP failed (${(error as Error).message}); trying the older HTTP+SSE transport.`);
  }
  const sseClient = newClient(context);
  const close = await handshake(sseClient, new SSEClientTransport(url, { requestInit }), context);
  return { client: sseClient, kind: 'sse', pid: null, exit: () => undefined, close };
}

/** Connects, and returns the close that tells a deliberate close from a lost connection. */
async function handshake(client: Client, transport: Transport, context: ConnectContext): Promise<() => Promise<void>> {
  let closing = false;
  client.onclose = () => {
    if (!closing) context.onLost();
  };
  const close = async () => {
    closing = true;
    await client.close();
  };
  try {
    await client.connect(transport, { signal: context.signal, timeout: context.timeoutMs });
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  return close;
}

/**
 * A network failure becomes a plain error, which the supervisor retries with backoff; a host
 * key, login or setting the person must fix stays an EchelonError, which it does not.
 */
function retriable(error: unknown): unknown {
  return error instanceof EchelonError && (error.code === 'unavailable' || error.code === 'timeout') ? new Error(error.message, { cause: error }) : error;
}

async function connectSsh(definition: ServerDefinition, transport: Extract<ServerDefinition['transport'], { type: 'ssh' }>, context: ConnectContext): Promise<McpConnection> {
  if (!context.ssh) throw new EchelonError('unavailable', 'SSH connections are not available in this process.');
  const accessor = { kind: 'mcp' as const, id: definition.name };
  const env = context.templates.record(transport.env, accessor);
  const link = await context.ssh.open(transport.connection, context.signal).catch((error: unknown) => Promise.reject(retriable(error)));
  const remote = new SshChannelTransport({
    link,
    program: context.templates.text(transport.command, accessor),
    args: transport.args.map((arg) => context.templates.text(arg, accessor)),
    cwd: transport.cwd ? context.templates.text(transport.cwd, accessor) : undefined,
    env,
    onStderr: context.onStderr,
    onStdoutNoise: context.onStdoutNoise,
    onNote: context.onNote,
  });
  const client = newClient(context);
  const close = await handshake(client, remote, context).catch((error: unknown) => {
    link.close();
    throw error;
  });
  context.onNote(`Started on ${link.endpoint.username}@${link.endpoint.host}:${link.endpoint.port} as remote pid ${remote.remotePid ?? 'unknown'}.`);
  return { client, kind: 'ssh', pid: null, exit: () => remote.exit, close };
}

export function connectServer(definition: ServerDefinition, context: ConnectContext): Promise<McpConnection> {
  const transport = definition.transport;
  if (transport.type === 'ssh') return connectSsh(definition, transport, context);
  return transport.type === 'stdio' ? connectStdio(definition, transport, context) : connectHttp(definition, transport, context);
}

