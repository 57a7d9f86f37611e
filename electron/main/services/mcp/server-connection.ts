import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { DEFAULT_INHERITED_ENV_VARS } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { version } from '../../../../package.json';
import type { ServerDefinition } from '../../../../shared/contract';
import { resolveCommand } from './command-resolver';
import type { LoginShellPath } from './login-shell-path';
import type { ExitInfo } from './process-tree';
import { ChildProcessTransport } from './stdio-transport';
import type { TemplateResolver } from './template-resolver';

export type TransportKind = 'stdio' | 'streamable-http' | 'sse';

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

export function connectServer(definition: ServerDefinition, context: ConnectContext): Promise<McpConnection> {
  return definition.transport.type === 'stdio' ? connectStdio(definition, definition.transport, context) : connectHttp(definition, definition.transport, context);
}

