import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { EchelonError, launchLine, type Catalog, type HealthSnapshot, type ServerRuntime as RuntimeSnapshot, type ServerStatus } from '../../../../shared/contract';
import type { HealthMetrics } from './health-metrics';
import type { OrphanReaper } from './orphan-reaper';
import type { ExitInfo } from './process-tree';
import type { ConnectContext, McpConnection } from './server-connection';
import type { StoredServer } from './server-repository';
import type { StderrLog } from './stderr-log';

/** What every server's runtime shares: the connection context, the stores and the reaper. */
export interface RuntimeEnvironment {
  connectContext: Pick<ConnectContext, 'env' | 'templates' | 'loginShellPath' | 'ssh'>;
  stderr: StderrLog;
  health: HealthMetrics;
  reaper: OrphanReaper;
  /** The runtime state changed (status, pid, catalog): refresh whoever shows it. */
  changed(): void;
  /** The tool list changed: the gateway tells its clients. */
  toolsChanged(): void;
  /** A server sent a notification (for workflows' MCP notification triggers). */
  notification(server: string, method: string, params: unknown): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface CallOptions {
  signal?: AbortSignal;
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
  timeoutMs?: number;
}

const DEFAULT_CALL_TIMEOUT_MS = 60_000;
const PING_TIMEOUT_MS = 5000;
/** Failed health checks in a row before a server is treated as crashed and restarted. */
const PING_FAILURES_BEFORE_RESTART = 3;
const MAX_NOISE_NOTES = 20;
const MAX_PAGES = 50;

class StartAborted extends Error {}
class StartTimedOut extends Error {}

function describeExit(exit: ExitInfo | undefined): string {
  if (!exit) return 'closed the connection';
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}

function mcpMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^MCP error -?\d+: /, '');
}

const emptyCatalog = (server: string): Catalog => ({ server, fetchedAt: null, tools: [], resources: [], resourceTemplates: [], prompts: [] });

async function paginate<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/**
 * One server's life: stopped → starting → running ⇄ degraded, and on a crash → backoff →
 * starting again with exponential delays, until the crash-loop breaker trips → crashed, which
 * waits for a person. Owns the process (through its connection), the health timer and the
 * cached catalog.
 */
export class ServerRuntime {
  private status: ServerStatus = 'stopped';
  private connection: McpConnection | undefined;
  private attempt: { controller: AbortController; promise: Promise<void> } | undefined;
  private crashTimes: number[] = [];
  /** Starts that failed in a row (timed out or exited before the handshake), whatever time they took. */
  private failedStarts = 0;
  private backoffTimer: NodeJS.Timeout | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  private pingFailures = 0;
  private restarts = 0;
  private lastError: string | null = null;
  private startedAt: string | null = null;
  private nextRetryAt: string | null = null;
  private lastHealth: HealthSnapshot | null = null;
  private noiseNotes = 0;
  /** The first non-MCP line of this run: the one that explains a failed start. */
  private firstNoise: string | undefined;
  private lastExit: ExitInfo | undefined;
  private catalog: Catalog;

  constructor(
    private definition: StoredServer,
    private readonly env: RuntimeEnvironment,
  ) {
    this.catalog = emptyCatalog(definition.name);
  }

  get id(): string {
    return this.definition.id;
  }

  get name(): string {
    return this.definition.name;
  }

  get state(): ServerStatus {
    return this.status;
  }

  /** Takes effect at the next start; a rename shows at once. */
  setDefinition(definition: StoredServer): void {
    const pingEvery = this.definition.healthIntervalMs;
    this.definition = definition;
    // A new ping interval applies to a running server at once, not at its next start.
    if (definition.healthIntervalMs !== pingEvery && this.connection) this.startHealth();
    if (this.catalog.server !== definition.name) this.catalog = { ...this.catalog, server: definition.name };
  }

  snapshot(): RuntimeSnapshot {
    const info = this.connection?.client.getServerVersion();
    return {
      status: this.status,
      pid: this.connection?.pid ?? null,
      startedAt: this.startedAt,
      restarts: this.restarts,
      lastError: this.lastError,
      nextRetryAt: this.nextRetryAt,
      connectedOver: this.connection?.kind ?? null,
      serverInfo: info ? { name: info.name, version: info.version } : null,
      toolCount: this.catalog.tools.length,
      lastHealth: this.lastHealth,
    };
  }

  cachedCatalog(): Catalog {
    return this.catalog;
  }

  private setStatus(status: ServerStatus): void {
    this.status = status;
    this.env.changed();
  }

  /** A person's start: clears a tripped breaker and any pending retry, then starts and waits. */
  start(): Promise<void> {
    if (this.status === 'running' || this.status === 'degraded') return Promise.resolve();
    if (this.attempt) return this.attempt.promise;
    this.clearBackoff();
    this.crashTimes = [];
    this.failedStarts = 0;
    return this.launch();
  }

  async stop(): Promise<void> {
    this.clearBackoff();
    this.stopHealth();
    const attempt = this.attempt;
    if (attempt) {
      attempt.controller.abort(new StartAborted());
      await attempt.promise.catch(() => {});
    }
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      await connection.close().catch(() => {});
      this.env.stderr.note(this.id, 'Stopped.');
    }
    this.crashTimes = [];
    this.startedAt = null;
    this.nextRetryAt = null;
    this.pingFailures = 0;
    if (this.status !== 'stopped') this.setStatus('stopped');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private launch(): Promise<void> {
    const controller = new AbortController();
    const promise = this.runAttempt(controller).finally(() => {
      if (this.attempt?.controller === controller) this.attempt = undefined;
    });
    this.attempt = { controller, promise };
    return promise;
  }

  private async runAttempt(controller: AbortController): Promise<void> {
    const definition = this.definition;
    this.nextRetryAt = null;
    this.noiseNotes = 0;
    this.firstNoise = undefined;
    this.lastExit = undefined;
    this.setStatus('starting');
    const transport = definition.transport;
    this.env.stderr.note(this.id, `Starting ${launchLine(transport)}`);
    // The MCP SDK's client loads with the first server started (most CLI commands start none), before its start timeout runs.
    const { connectServer } = await import('./server-connection');
    const timer = setTimeout(() => controller.abort(new StartTimedOut()), definition.startTimeoutMs);
    const current: { connection?: McpConnection } = {};
    let connection: McpConnection;
    try {
      connection = await connectServer(definition, {
        ...this.env.connectContext,
        signal: controller.signal,
        timeoutMs: definition.startTimeoutMs,
        onStderr: (chunk) => this.env.stderr.append(this.id, chunk),
        onNote: (text) => this.env.stderr.note(this.id, text),
        onStdoutNoise: (problem) => this.noticeNoise(problem),
        onSpawn: (pid) => this.env.reaper.watch(pid),
        onExit: (pid, exit) => {
          this.lastExit = exit;
          this.env.reaper.unwatch(pid);
          this.env.stderr.flushPartial(this.id);
        },
        onLost: () => {
          if (current.connection && current.connection === this.connection) this.connectionLost(current.connection);
        },
        onListChanged: (kind) => void this.refreshCatalog(kind),
        onNotification: (method, params) => this.env.notification(definition.name, method, params),
      });
      current.connection = connection;
      this.connection = connection;
      if (connection.exit()) throw new Error(`It ${describeExit(connection.exit())} right after the handshake.`);
      await this.refreshCatalog();
    } catch (error) {
      clearTimeout(timer);
      this.connection = undefined;
      await current.connection?.close().catch(() => {});
      if (controller.signal.reason instanceof StartAborted) throw new EchelonError('cancelled', `"${definition.name}" was stopped before it finished starting.`);
      const message = this.describeStartFailure(error, controller.signal.reason);
      this.env.stderr.note(this.id, message);
      // A missing command or secret will not fix itself: retrying would only trip the breaker later.
      if (error instanceof EchelonError) this.crash(message, { retry: false });
      else this.crash(message, { retry: true, duringStart: true });
      throw new EchelonError(error instanceof EchelonError ? error.code : 'unavailable', message, { path: error instanceof EchelonError ? error.path : undefined });
    }
    clearTimeout(timer);
    this.failedStarts = 0;
    this.startedAt = new Date().toISOString();
    this.pingFailures = 0;
    this.env.stderr.note(this.id, `Running (pid ${connection.pid ?? 'none'}, ${connection.kind}, ${this.catalog.tools.length} tools).`);
    this.setStatus('running');
    this.startHealth();
  }

  private describeStartFailure(error: unknown, reason: unknown): string {
    const name = `"${this.definition.name}"`;
    const said = this.said();
    const noise = this.firstNoise
      ? ` It wrote something other than MCP messages on stdout (${this.firstNoise}): MCP servers must keep stdout for the protocol and log to stderr.`
      : '';
    if (reason instanceof StartTimedOut || (error instanceof McpError && error.code === ErrorCode.RequestTimeout)) {
      return `${name} did not complete the MCP handshake within ${this.definition.startTimeoutMs / 1000} s, so it was stopped.${noise}${said}`;
    }
    if (error instanceof EchelonError) return `Cannot start ${name}: ${error.message}`;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EINVAL') return `Cannot start ${name}: ${(error as Error).message}.`;
    if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
      return `${name} ${describeExit(this.lastExit)} before completing the MCP handshake.${noise}${said}`;
    }
    if (this.definition.transport.type === 'http') return `Cannot connect to ${name} at ${this.definition.transport.url}: ${mcpMessage(error)}`;
    return `${name} failed to start: ${mcpMessage(error)}.${noise}${said}`;
  }

  /** What the server's stderr says went wrong (its error line, not its stack's tail), for failure messages. */
  private said(): string {
    const cause = this.env.stderr.cause(this.id);
    return cause ? ` It said: ${JSON.stringify(cause.slice(0, 400))} (all of its output: \`echelon mcp logs ${this.definition.name}\`).` : '';
  }

  private noticeNoise(problem: string): void {
    this.firstNoise ??= problem;
    if (this.noiseNotes++ >= MAX_NOISE_NOTES) return;
    this.env.stderr.note(this.id, `Ignored non-MCP output on stdout: ${problem}`);
    if (this.status === 'running' || this.status === 'degraded') {
      this.lastError = `Wrote non-MCP output on stdout (${problem}); Echelon ignores it, but MCP servers should log to stderr.`;
      this.env.changed();
    }
  }

  private connectionLost(connection: McpConnection): void {
    const exit = connection.exit();
    const reason = `"${this.definition.name}" ${describeExit(exit)} unexpectedly.${this.said()}`;
    this.connection = undefined;
    void connection.close().catch(() => {});
    this.env.stderr.note(this.id, reason);
    this.crash(reason, { retry: true });
  }

  /** After a failure: back off and retry, unless the policy says never or the breaker trips. */
  private crash(reason: string, { retry, duringStart = false }: { retry: boolean; duringStart?: boolean }): void {
    this.stopHealth();
    this.startedAt = null;
    this.lastError = reason;
    const policy = this.definition.restart;
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((at) => now - at < policy.windowSeconds * 1000), now];
    this.failedStarts = duringStart ? this.failedStarts + 1 : 0;
    if (!retry || policy.mode === 'never') {
      this.env.log('error', reason);
      this.setStatus('crashed');
      return;
    }
    // A start that times out takes longer than the window lets crashes add up: failed starts in a row count on their own.
    const failedStarts = this.failedStarts >= policy.maxCrashes;
    if (this.crashTimes.length >= policy.maxCrashes || failedStarts) {
      const loop = failedStarts && this.crashTimes.length < policy.maxCrashes ? `${this.failedStarts} failed starts in a row` : `${this.crashTimes.length} failures within ${policy.windowSeconds} s`;
      this.lastError = `Crash loop: ${loop}, so Echelon stopped restarting it. Fix the cause, then start it again. Last failure: ${reason}`;
      this.env.stderr.note(this.id, this.lastError);
      this.env.log('error', this.lastError);
      this.setStatus('crashed');
      return;
    }
    const delay = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (this.crashTimes.length - 1));
    this.nextRetryAt = new Date(now + delay).toISOString();
    this.env.log('warn', `${reason} Restarting in ${Math.round(delay / 100) / 10} s.`);
    this.setStatus('backoff');
    this.backoffTimer = setTimeout(() => {
      this.backoffTimer = undefined;
      this.restarts += 1;
      this.launch().catch(() => {});
    }, delay);
  }

  private clearBackoff(): void {
    clearTimeout(this.backoffTimer);
    this.backoffTimer = undefined;
    this.nextRetryAt = null;
  }

  private startHealth(): void {
    this.stopHealth();
    const interval = this.definition.healthIntervalMs;
    if (interval <= 0) return;
    this.healthTimer = setInterval(() => void this.checkHealth(), interval);
    this.healthTimer.unref();
  }

  private stopHealth(): void {
    clearInterval(this.healthTimer);
    this.healthTimer = undefined;
  }

  /** One MCP `ping`: its latency and outcome go to the health metrics; failures degrade the server. */
  async checkHealth(): Promise<HealthSnapshot | undefined> {
    const connection = this.connection;
    if (!connection) return undefined;
    const started = performance.now();
    let check: HealthSnapshot;
    try {
      await connection.client.ping({ timeout: Math.min(PING_TIMEOUT_MS, this.definition.healthIntervalMs) });
      check = { at: new Date().toISOString(), ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100, error: null };
    } catch (error) {
      check = { at: new Date().toISOString(), ok: false, latencyMs: null, error: mcpMessage(error) };
    }
    if (connection !== this.connection) return check;
    this.lastHealth = check;
    this.env.health.record(this.id, check);
    if (check.ok) {
      this.pingFailures = 0;
      if (this.status === 'degraded') this.setStatus('running');
      else this.env.changed();
      return check;
    }
    this.pingFailures += 1;
    this.lastError = `Health check failed: ${check.error}`;
    if (this.pingFailures >= PING_FAILURES_BEFORE_RESTART) {
      this.connection = undefined;
      await connection.close().catch(() => {});
      this.crash(`"${this.definition.name}" failed ${this.pingFailures} health checks in a row (${check.error}).`, { retry: true });
    } else this.setStatus('degraded');
    return check;
  }

  /** The connection, once running; waits for a start in progress. */
  private async client(): Promise<{ client: Client; connection: McpConnection }> {
    if (this.attempt) await this.attempt.promise.catch(() => {});
    const connection = this.connection;
    if (!connection) {
      const hint =
        this.status === 'crashed'
          ? `it crashed: ${this.lastError ?? 'see its log'}. Start it again once fixed.`
          : this.status === 'backoff'
            ? `it crashed and restarts at ${this.nextRetryAt}.`
            : `it is ${this.status}. Start it first (\`echelon mcp start ${this.definition.name}\`).`;
      throw new EchelonError('unavailable', `MCP server "${this.definition.name}" is not running: ${hint}`);
    }
    return { client: connection.client, connection };
  }

  async callTool(tool: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<CallToolResult> {
    const { client, connection } = await this.client();
    if (!this.catalog.tools.some((known) => known.name === tool)) {
      // The list may have changed without a notification: look once more before refusing.
      await this.refreshCatalog('tools');
      if (!this.catalog.tools.some((known) => known.name === tool)) {
        const names = this.catalog.tools.map((known) => known.name);
        throw new EchelonError('not_found', `"${this.definition.name}" has no tool "${tool}". ${names.length ? `Its tools: ${names.slice(0, 30).join(', ')}${names.length > 30 ? ', …' : ''}.` : 'It offers no tools.'}`, { path: 'tool' });
      }
    }
    const timeout = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    try {
      const result = await client.callTool({ name: tool, arguments: args }, undefined, {
        signal: options.signal,
        timeout,
        resetTimeoutOnProgress: true,
        onprogress: options.onprogress,
      });
      return result as CallToolResult;
    } catch (error) {
      throw this.requestError(error, connection, `${tool}`, timeout, options.signal);
    }
  }

  async readResource(uri: string): Promise<{ contents: { uri: string; mimeType?: string; text?: string; blob?: string }[] }> {
    const { client, connection } = await this.client();
    try {
      return await client.readResource({ uri });
    } catch (error) {
      throw this.requestError(error, connection, `resource ${uri}`, DEFAULT_CALL_TIMEOUT_MS);
    }
  }

  async getPrompt(name: string, args: Record<string, string>) {
    const { client, connection } = await this.client();
    try {
      return await client.getPrompt({ name, arguments: args });
    } catch (error) {
      throw this.requestError(error, connection, `prompt ${name}`, DEFAULT_CALL_TIMEOUT_MS);
    }
  }

  /** A failed request as an error a person can act on, with the code callers branch on. */
  private requestError(error: unknown, connection: McpConnection, what: string, timeout: number, signal?: AbortSignal): EchelonError {
    const name = `"${this.definition.name}"`;
    if (signal?.aborted) return new EchelonError('cancelled', `The call to ${what} on ${name} was cancelled.`);
    if (error instanceof McpError) {
      if (error.code === ErrorCode.RequestTimeout) return new EchelonError('timeout', `${what} on ${name} did not answer within ${timeout / 1000} s.`);
      if (error.code === ErrorCode.ConnectionClosed) {
        const exit = connection.exit();
        const after = this.status === 'stopped' ? 'it was stopped' : exit ? `the server ${describeExit(exit)}` : 'the connection closed';
        const restart = this.definition.restart.mode === 'on-failure' && this.status !== 'stopped' ? ' Echelon is restarting it.' : '';
        return new EchelonError('unavailable', `The call to ${what} on ${name} failed: ${after} during the call.${restart}`);
      }
      if (error.code === ErrorCode.InvalidParams) return new EchelonError('invalid_input', `${name} refused ${what}: ${mcpMessage(error)}`);
      if (error.code === ErrorCode.MethodNotFound) return new EchelonError('not_found', `${name} does not support ${what}: ${mcpMessage(error)}`);
      return new EchelonError('unavailable', `${name} answered ${what} with an error: ${mcpMessage(error)}`);
    }
    return new EchelonError('unavailable', `The call to ${what} on ${name} failed: ${mcpMessage(error)}`);
  }

  /** Re-reads what the server offers; on list_changed only the list that changed. */
  async refreshCatalog(kind?: 'tools' | 'resources' | 'prompts'): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    const client = connection.client;
    const capabilities = client.getServerCapabilities() ?? {};
    const next = { ...this.catalog, server: this.definition.name, fetchedAt: new Date().toISOString() };
    try {
      if ((!kind || kind === 'tools') && capabilities.tools) {
        next.tools = (await paginate(async (cursor) => {
          const page = await client.listTools({ cursor });
          return { items: page.tools, nextCursor: page.nextCursor };
        })).map((tool) => ({
          name: tool.name,
          title: tool.title,
          description: tool.description,
          inputSchema: tool.inputSchema as Record<string, unknown>,
          outputSchema: tool.outputSchema as Record<string, unknown> | undefined,
          annotations: tool.annotations as Record<string, unknown> | undefined,
          enabled: !this.definition.disabledTools.includes(tool.name),
        }));
      }
      if ((!kind || kind === 'resources') && capabilities.resources) {
        next.resources = await paginate(async (cursor) => {
          const page = await client.listResources({ cursor });
          return { items: page.resources.map(({ uri, name, title, description, mimeType }) => ({ uri, name, title, description, mimeType })), nextCursor: page.nextCursor };
        });
        next.resourceTemplates = await paginate(async (cursor) => {
          const page = await client.listResourceTemplates({ cursor });
          return { items: page.resourceTemplates.map(({ uriTemplate, name, description, mimeType }) => ({ uriTemplate, name, description, mimeType })), nextCursor: page.nextCursor };
        });
      }
      if ((!kind || kind === 'prompts') && capabilities.prompts) {
        next.prompts = await paginate(async (cursor) => {
          const page = await client.listPrompts({ cursor });
          return {
            items: page.prompts.map(({ name, title, description, arguments: args }) => ({ name, title, description, arguments: args ?? [] })),
            nextCursor: page.nextCursor,
          };
        });
      }
    } catch (error) {
      if (!kind) throw error;
      this.env.stderr.note(this.id, `Could not refresh its ${kind} after a change notification: ${mcpMessage(error)}`);
      return;
    }
    if (connection !== this.connection && kind) return;
    this.catalog = next;
    this.env.changed();
    if (!kind || kind === 'tools') this.env.toolsChanged();
  }

  /** Applies per-tool switches to the cached catalog without asking the server again. */
  applyToolSwitches(): void {
    this.catalog = { ...this.catalog, tools: this.catalog.tools.map((tool) => ({ ...tool, enabled: !this.definition.disabledTools.includes(tool.name) })) };
    this.env.toolsChanged();
  }

  async dispose(): Promise<void> {
    await this.stop();
  }
}
