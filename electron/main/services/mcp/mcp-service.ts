import fs from 'node:fs';
import path from 'node:path';
import type { CallToolResult as SdkCallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import {
  EchelonError,
  MCP_RUNTIME,
  ServerDefinition,
  type CallToolResult,
  type Catalog,
  type ImportFormat,
  type ImportPlan,
  type ImportResult,
  type JournalEntry,
  type ServerOverview,
  type ServerSummary,
} from '../../../../shared/contract';
import { toDisposable, type Disposable } from '../../../../shared/lifecycle/disposable';
import type { Caller } from '../../../../shared/rpc/router';
import type { ActivityLog } from '../activity/activity-log';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../redaction/redactor';
import type { CredentialStore } from '../secrets/secret-source';
import type { Store } from '../store/store';
import { CallJournal, type JournalFilter } from './call-journal';
import { clientConfig, type GatewayLaunch } from './config-export';
import { parseImport } from './config-import';
import { gatewayToolName, splitGatewayToolName, unknownTool, type GatewayBackend, type GatewayCallOptions } from './gateway-tools';
import type { RunningGateway } from './gateway-http';
import type { RunningGatewaySocket } from './gateway-socket';
import { HealthMetrics } from './health-metrics';
import { findImportCandidates } from './import-candidates';
import { readLoginShellPath, type LoginShellPath } from './login-shell-path';
import { OrphanReaper } from './orphan-reaper';
import { SecretMover } from './secret-mover';
import { ServerRepository, type StoredServer } from './server-repository';
import type { CallOptions, ServerRuntime } from './server-runtime';
import type { SshLinks } from './ssh-transport';
import { StderrLog } from './stderr-log';
import { Supervisor } from './supervisor';
import { TemplateResolver } from './template-resolver';
import { ToolSources, type ToolSource } from './tool-sources';

export interface McpServiceOptions {
  store: Store;
  bus: EventBus;
  redactor: Redactor;
  logger: Logger;
  activity: ActivityLog;
  /** The vault, through the port it implements. */
  secrets: CredentialStore;
  /** Echelon's environment; tests pass their own PATH or SHELL. */
  env?: NodeJS.ProcessEnv;
  /** How AI clients launch `echelon mcp gateway` (written into exported configs). */
  gatewayLaunch: GatewayLaunch;
  /** SSH connections, for servers that run on another host. */
  ssh?: SshLinks;
}

export interface ToolCallInput {
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  callId?: string;
  timeoutMs?: number;
}

export interface ToolCallOptions extends Omit<CallOptions, 'timeoutMs'> {
  /**
   * Start the server first when it is stopped (never started, or stopped by a person): what a
   * workflow step or an agent needs, where nobody is there to start it. A crashed or disabled
   * server is not started: its error says why.
   */
  startIfStopped?: boolean;
}

export interface ToolCallOutcome {
  durationMs: number;
  result: CallToolResult;
}

export type ImportSource = { text: string; fileName?: string } | { candidate: string };

/** A finished tool call, for metrics: who served it, how long it took, how it ended. */
export interface ToolCallRecord {
  server: string;
  tool: string;
  durationMs: number;
  outcome: 'ok' | 'tool_error' | 'error' | 'cancelled';
}

const PREVIEW_CHARS = 2000;

/** The text a person would read first in a result: its text blocks, else its structured content. */
function previewOf(result: CallToolResult): string | null {
  const parts = result.content.map((block) => {
    if (block.type === 'text' && 'text' in block) return String(block.text);
    if ((block.type === 'image' || block.type === 'audio') && 'mimeType' in block) return `[${block.type} ${String(block.mimeType)}]`;
    if (block.type === 'resource_link' && 'uri' in block) return `[link ${String(block.uri)}]`;
    return `[${block.type}]`;
  });
  if (result.structuredContent) parts.push(JSON.stringify(result.structuredContent));
  const text = parts.join('\n');
  return text ? text.slice(0, PREVIEW_CHARS) : null;
}

/**
 * MCP in one service: definitions, the supervisor of their processes, calls with their journal,
 * import and export of client configs, and the gateway backend.
 */
export class McpService implements Disposable {
  readonly servers: ServerRepository;
  readonly journal: CallJournal;
  readonly stderr: StderrLog;
  readonly health: HealthMetrics;
  readonly supervisor: Supervisor;
  private readonly reaper = new OrphanReaper();
  private readonly mover: SecretMover;
  private readonly calls = new Map<string, AbortController>();
  private readonly toolListeners = new Set<() => void>();
  private readonly sources = new ToolSources(() => this.toolListeners.forEach((listener) => listener()));
  private readonly notificationListeners = new Set<(notification: { server: string; method: string; params?: unknown }) => void>();
  private readonly callListeners = new Set<(call: ToolCallRecord) => void>();
  private loginShellPath: Promise<LoginShellPath | undefined> | undefined;
  private gatewayHttp: RunningGateway | undefined;
  private gatewaySocket: RunningGatewaySocket | undefined;
  private disposed = false;

  constructor(private readonly options: McpServiceOptions) {
    const { store, redactor } = options;
    const env = options.env ?? process.env;
    this.servers = new ServerRepository(store.db, store.changes);
    this.journal = new CallJournal(store.db, store.changes);
    this.stderr = new StderrLog(store.db, store.changes, (text) => redactor.redact(text));
    this.health = new HealthMetrics(store.db, store.changes);
    this.mover = new SecretMover(options.secrets);
    this.supervisor = new Supervisor({
      connectContext: {
        env,
        templates: new TemplateResolver(options.secrets, redactor, env),
        // Asked once, and only when a command is not on Echelon's own PATH.
        loginShellPath: () => (this.loginShellPath ??= readLoginShellPath(env)),
        ssh: options.ssh,
      },
      stderr: this.stderr,
      health: this.health,
      reaper: this.reaper,
      changed: () => store.changes.touched(MCP_RUNTIME),
      toolsChanged: () => this.toolListeners.forEach((listener) => listener()),
      notification: (server, method, params) => this.notificationListeners.forEach((listener) => listener({ server, method, params })),
      log: (level, message) => {
        options.logger.log(level, 'mcp', message);
        options.activity.record(level, 'mcp', message);
      },
    });
  }

  // Definitions

  private summary(server: StoredServer): ServerSummary {
    const runtime = this.supervisor.existing(server.id);
    return {
      ...server,
      runtime: runtime?.snapshot() ?? {
        status: 'stopped',
        pid: null,
        startedAt: null,
        restarts: 0,
        lastError: null,
        nextRetryAt: null,
        connectedOver: null,
        serverInfo: null,
        toolCount: 0,
        lastHealth: null,
      },
    };
  }

  list(): ServerSummary[] {
    return this.servers.list().map((server) => this.summary(server));
  }

  overview(): ServerOverview[] {
    return this.list().map((server) => ({
      name: server.name,
      description: server.description,
      transport: server.transport.type,
      status: server.runtime.status,
      toolCount: server.runtime.toolCount,
      tags: server.tags,
    }));
  }

  get(name: string): ServerSummary {
    return this.summary(this.servers.get(name));
  }

  /** Adds a server; literal credentials move to the vault first, so SQLite only sees references. */
  add(definition: ServerDefinition): ServerSummary {
    if (this.servers.find(definition.name)) {
      throw new EchelonError('conflict', `An MCP server named "${definition.name}" already exists: choose another name or remove it first.`, { path: 'definition.name' });
    }
    const moves = this.mover.plan(definition, new Set());
    this.mover.requireVault(moves.filter((move) => !move.reuse).length);
    const stored = this.servers.insert(this.mover.apply(definition, moves));
    this.options.activity.record('info', 'mcp', `Added MCP server "${stored.name}"${moves.length ? ` (${moves.length} secret${moves.length > 1 ? 's' : ''} moved to the vault)` : ''}`);
    return this.summary(stored);
  }

  update(name: string, changes: Partial<ServerDefinition>): ServerSummary {
    const current = this.servers.get(name);
    const { id, createdAt: _created, updatedAt: _updated, ...definition } = current;
    const parsed = ServerDefinition.safeParse({ ...definition, ...changes });
    if (!parsed.success) throw new EchelonError('invalid_input', `Invalid changes: ${parsed.error.issues[0]?.message}`, { path: parsed.error.issues[0]?.path.join('.') });
    const moves = this.mover.plan(parsed.data, new Set());
    this.mover.requireVault(moves.filter((move) => !move.reuse).length);
    const stored = this.servers.update(id, this.mover.apply(parsed.data, moves));
    const runtime = this.supervisor.existing(id);
    if (runtime) {
      runtime.setDefinition(stored);
      runtime.applyToolSwitches();
    }
    this.options.store.changes.touched(MCP_RUNTIME);
    return this.summary(stored);
  }

  async remove(name: string): Promise<boolean> {
    const server = this.servers.get(name);
    await this.supervisor.remove(server.id);
    this.stderr.forget(server.id);
    const removed = this.servers.remove(server.id);
    this.toolListeners.forEach((listener) => listener());
    if (removed) this.options.activity.record('info', 'mcp', `Removed MCP server "${server.name}"`);
    return removed;
  }

  setToolEnabled(serverName: string, tool: string, enabled: boolean): ServerSummary {
    const server = this.servers.get(serverName);
    const disabled = new Set(server.disabledTools);
    if (enabled) disabled.delete(tool);
    else disabled.add(tool);
    return this.update(server.name, { disabledTools: [...disabled].sort() });
  }

  // Lifecycle

  private runtimeFor(name: string): ServerRuntime {
    return this.supervisor.runtime(this.servers.get(name));
  }

  async start(name: string): Promise<ServerSummary> {
    const server = this.servers.get(name);
    if (!server.enabled) throw new EchelonError('conflict', `MCP server "${server.name}" is disabled: enable it before starting it.`);
    await this.supervisor.runtime(server).start();
    return this.get(name);
  }

  async stop(name: string): Promise<ServerSummary> {
    await this.runtimeFor(name).stop();
    return this.get(name);
  }

  async restart(name: string): Promise<ServerSummary> {
    const server = this.servers.get(name);
    if (!server.enabled) throw new EchelonError('conflict', `MCP server "${server.name}" is disabled: enable it before starting it.`);
    await this.supervisor.runtime(server).restart();
    return this.get(name);
  }

  /** Starts the servers marked auto-start (or every enabled one); failures are logged, not thrown. */
  async startAll(which: 'auto-start' | 'enabled' = 'auto-start'): Promise<void> {
    const servers = this.servers.list().filter((server) => server.enabled && (which === 'enabled' || server.autoStart));
    await Promise.all(servers.map((server) => this.supervisor.runtime(server).start().catch(() => {})));
  }

  logs(name: string, limit: number, search?: string) {
    return this.stderr.tail(this.servers.get(name).id, limit, search);
  }

  healthOf(name: string, limit: number) {
    return this.health.recent(this.servers.get(name).id, limit);
  }

  catalog(name: string): Catalog {
    const server = this.servers.get(name);
    const runtime = this.supervisor.existing(server.id);
    const catalog = runtime?.cachedCatalog() ?? { server: server.name, fetchedAt: null, tools: [], resources: [], resourceTemplates: [], prompts: [] };
    return { ...catalog, tools: catalog.tools.map((tool) => ({ ...tool, enabled: !server.disabledTools.includes(tool.name) })) };
  }

  // Calls

  /** Calls a tool for any caller, and journals the call whatever its outcome. */
  async callTool(input: ToolCallInput, caller: Caller, { signal: external, onprogress, startIfStopped }: ToolCallOptions = {}): Promise<ToolCallOutcome> {
    const redactor = this.options.redactor;
    const started = performance.now();
    const callId = input.callId;
    // Only a call with an id can be cancelled by it, so only then does it need its own controller.
    const controller = callId ? new AbortController() : undefined;
    const abort = () => controller?.abort();
    if (callId && controller) {
      if (this.calls.has(callId)) throw new EchelonError('conflict', `A call with id "${callId}" is already in flight.`, { path: 'callId' });
      if (external?.aborted) controller.abort();
      external?.addEventListener('abort', abort, { once: true });
      this.calls.set(callId, controller);
    }
    const entry = { caller, server: input.server, tool: input.tool, arguments: redactor.redactValue(input.arguments) };
    try {
      const source = this.servers.find(input.server) ? undefined : this.sources.get(input.server);
      const options: CallOptions = {
        signal: controller?.signal ?? external,
        timeoutMs: input.timeoutMs,
        onprogress:
          callId || onprogress
            ? (progress) => {
                const redacted = { ...progress, message: progress.message && redactor.redact(progress.message) };
                if (callId) this.options.bus.emit('mcp.call.progress', { callId, ...redacted });
                onprogress?.(redacted);
              }
            : undefined,
      };
      const raw = source ? await source.callTool(input.tool, input.arguments, options) : await this.callServerTool(input, options, caller, startIfStopped);
      const result = redactor.redactValue(raw) as CallToolResult;
      const durationMs = performance.now() - started;
      this.callFinished({ server: input.server, tool: input.tool, durationMs, outcome: result.isError ? 'tool_error' : 'ok' });
      this.journal.record({
        ...entry,
        status: 'ok',
        isError: result.isError === true,
        error: result.isError ? previewOf(result) : null,
        durationMs,
        resultBytes: Buffer.byteLength(JSON.stringify(result)),
        resultPreview: previewOf(result),
      });
      return { durationMs, result };
    } catch (error) {
      const failure = error instanceof EchelonError ? error : new EchelonError('internal', error instanceof Error ? error.message : String(error));
      this.callFinished({ server: input.server, tool: input.tool, durationMs: performance.now() - started, outcome: failure.code === 'cancelled' ? 'cancelled' : 'error' });
      this.journal.record({
        ...entry,
        status: failure.code === 'cancelled' ? 'cancelled' : 'error',
        isError: false,
        error: redactor.redact(failure.message),
        durationMs: performance.now() - started,
        resultBytes: 0,
      });
      throw failure;
    } finally {
      if (callId) {
        external?.removeEventListener('abort', abort);
        this.calls.delete(callId);
      }
    }
  }

  private async callServerTool(input: ToolCallInput, options: CallOptions, caller: Caller, startIfStopped: boolean | undefined) {
    const server = this.servers.get(input.server);
    if (server.disabledTools.includes(input.tool)) {
      throw new EchelonError('forbidden', `The tool "${input.tool}" of "${server.name}" is switched off in Echelon: switch it on to call it.`, { path: 'tool' });
    }
    const runtime = this.supervisor.runtime(server);
    if (startIfStopped && runtime.state === 'stopped' && server.enabled) await this.startFor(runtime, caller);
    return runtime.callTool(input.tool, input.arguments, options);
  }

  /** Tools Echelon offers under a pseudo-server name (workflows exposed as tools): in the gateway and callable like a server's. */
  addToolSource(source: ToolSource): Disposable {
    return this.sources.add(source);
  }

  private async startFor(runtime: ServerRuntime, caller: Caller): Promise<void> {
    this.options.activity.record('info', 'mcp', `Starting MCP server "${runtime.name}" for a ${caller} call`);
    await runtime.start();
  }

  cancel(callId: string): boolean {
    const controller = this.calls.get(callId);
    controller?.abort();
    return controller !== undefined;
  }

  async readResource(serverName: string, uri: string) {
    const result = await this.runtimeFor(serverName).readResource(uri);
    return this.options.redactor.redactValue({ contents: result.contents });
  }

  async getPrompt(serverName: string, prompt: string, args: Record<string, string>) {
    const result = await this.runtimeFor(serverName).getPrompt(prompt, args);
    return this.options.redactor.redactValue({ description: result.description, messages: result.messages });
  }

  journalList(filter: JournalFilter): JournalEntry[] {
    return this.journal.list(filter);
  }

  // Import and export

  private readSource(source: ImportSource): { text: string; fileName?: string } {
    if ('text' in source) return source;
    const known = findImportCandidates().some((candidate) => path.resolve(candidate.path) === path.resolve(source.candidate));
    if (!known) throw new EchelonError('invalid_input', 'Only the config files Echelon found itself can be read by path: paste the file or choose it instead.', { path: 'candidate' });
    return { text: fs.readFileSync(source.candidate, 'utf8'), fileName: source.candidate };
  }

  private plan(source: ImportSource) {
    const { text, fileName } = this.readSource(source);
    const parsed = parseImport(text, { fileName });
    const taken = new Set<string>();
    const servers = parsed.servers.map((imported) => {
      let skipReason = imported.skipReason;
      if (!skipReason && this.servers.find(imported.name)) skipReason = `a server named "${imported.name}" already exists in Echelon.`;
      const moves = !skipReason && imported.definition ? this.mover.plan(imported.definition, taken) : [];
      return { imported, skipReason, moves };
    });
    return { parsed, fileName, servers };
  }

  importCandidates() {
    return findImportCandidates();
  }

  importPreview(source: ImportSource): ImportPlan {
    const { parsed, fileName, servers } = this.plan(source);
    return {
      format: parsed.format,
      source: fileName ?? 'pasted text',
      warnings: parsed.warnings,
      servers: servers.map(({ imported, skipReason, moves }) => ({
        name: imported.name,
        originalName: imported.originalName,
        action: skipReason ? 'skip' : 'import',
        reason: skipReason,
        launch: imported.launch,
        warnings: imported.warnings,
        secretsToVault: moves.map((move) => ({ field: move.field, secretName: move.secretName, existsInVault: move.existsInVault })),
        missingSecrets: imported.referencedSecrets.filter((ref) => !this.vaultHas(ref.secretName)),
      })),
    };
  }

  private vaultHas(name: string): boolean {
    try {
      return this.options.secrets.exists(name);
    } catch {
      return false;
    }
  }

  /** Imports what the preview showed; nothing is written when the vault cannot take the secrets. */
  importApply(source: ImportSource): ImportResult {
    const { parsed, servers } = this.plan(source);
    const toImport = servers.filter((server) => !server.skipReason && server.imported.definition);
    this.mover.requireVault(toImport.reduce((count, server) => count + server.moves.filter((move) => !move.reuse).length, 0));
    const imported: string[] = [];
    const secretsStored: string[] = [];
    const write = this.options.store.db.transaction(() => {
      for (const server of toImport) {
        this.servers.insert(this.mover.apply(server.imported.definition!, server.moves));
        imported.push(server.imported.name);
        secretsStored.push(...server.moves.filter((move) => !move.reuse).map((move) => move.secretName));
      }
    });
    write();
    const warnings = [
      ...parsed.warnings,
      ...servers.flatMap(({ imported: entry }) => entry.warnings.map((warning) => `${entry.name}: ${warning}`)),
      ...servers.flatMap(({ imported: entry }) =>
        entry.referencedSecrets.filter((ref) => !this.vaultHas(ref.secretName)).map((ref) => `${entry.name}: add the secret ${ref.secretName} to the vault before starting it${ref.description ? ` (${ref.description})` : ''}.`),
      ),
    ];
    if (imported.length > 0) this.options.activity.record('info', 'mcp', `Imported ${imported.length} MCP server${imported.length > 1 ? 's' : ''} from a ${parsed.format} config`);
    return {
      format: parsed.format,
      imported,
      skipped: servers.filter((server) => server.skipReason).map((server) => ({ name: server.imported.name, reason: server.skipReason! })),
      secretsStored,
      warnings,
    };
  }

  exportConfig(target: ImportFormat, entryName: string, existing?: Record<string, unknown>): Record<string, unknown> {
    return clientConfig(target, entryName, this.options.gatewayLaunch, existing, this.servers.list().map((server) => server.name));
  }

  // Gateway

  /** Running (or degraded) and enabled: a server whose tools the gateway offers. */
  private gatewayRuntime(server: StoredServer): ServerRuntime | undefined {
    const runtime = this.supervisor.existing(server.id);
    return server.enabled && runtime && (runtime.state === 'running' || runtime.state === 'degraded') ? runtime : undefined;
  }

  /** The tools the gateway exposes: enabled tools of enabled, running servers, as `server__tool`. */
  gatewayTools(): Tool[] {
    const tools: Tool[] = [];
    for (const server of this.servers.list()) {
      const runtime = this.gatewayRuntime(server);
      if (!runtime) continue;
      for (const tool of runtime.cachedCatalog().tools) {
        if (server.disabledTools.includes(tool.name)) continue;
        tools.push({
          name: gatewayToolName(server.name, tool.name),
          title: tool.title ? `${server.name}: ${tool.title}` : undefined,
          description: `[${server.name}] ${tool.description ?? ''}`.trim(),
          inputSchema: tool.inputSchema as Tool['inputSchema'],
          outputSchema: tool.outputSchema as Tool['outputSchema'],
          annotations: tool.annotations as Tool['annotations'],
        });
      }
    }
    return [...tools, ...this.sources.gatewayTools((name) => this.servers.find(name) !== undefined)];
  }

  /** Whether the gateway offers this `server__tool` (checked per call, without building the list). */
  private gatewayOffers(name: string): { server: string; tool: string } | undefined {
    const target = splitGatewayToolName(name);
    if (target && !this.servers.find(target.server) && this.sources.offers(target.server, target.tool)) return target;
    const server = target && this.servers.find(target.server);
    const runtime = server && this.gatewayRuntime(server);
    if (!target || !server || !runtime || server.name !== target.server || server.disabledTools.includes(target.tool)) return undefined;
    return runtime.cachedCatalog().tools.some((tool) => tool.name === target.tool) ? target : undefined;
  }

  readonly gatewayBackend: GatewayBackend = {
    listTools: async () => this.gatewayTools(),
    callTool: async (name: string, args: Record<string, unknown>, options: GatewayCallOptions) => {
      const target = this.gatewayOffers(name);
      if (!target) throw unknownTool(name);
      const outcome = await this.callTool({ server: target.server, tool: target.tool, arguments: args }, 'gateway', options);
      return outcome.result as SdkCallToolResult;
    },
    onToolsChanged: (listener: () => void) => {
      this.toolListeners.add(listener);
      return toDisposable(() => void this.toolListeners.delete(listener));
    },
  };

  /** Every notification a running server sends, with its server's name (workflow triggers listen here). */
  onNotification(listener: (notification: { server: string; method: string; params?: unknown }) => void): Disposable {
    this.notificationListeners.add(listener);
    return toDisposable(() => void this.notificationListeners.delete(listener));
  }

  /** Every finished tool call, whoever made it (workflows, agents, the gateway, the UI). */
  onToolCall(listener: (call: ToolCallRecord) => void): Disposable {
    this.callListeners.add(listener);
    return toDisposable(() => void this.callListeners.delete(listener));
  }

  private callFinished(call: ToolCallRecord): void {
    for (const listener of this.callListeners) listener(call);
  }

  async listenGateway(port: number, token?: string): Promise<RunningGateway> {
    if (this.disposed) throw new EchelonError('unavailable', 'Echelon is shutting down.');
    // The SDK's HTTP server transport (and Hono under it) loads only when the gateway is served.
    this.gatewayHttp ??= await (await import('./gateway-http')).startGatewayHttp({ backend: this.gatewayBackend, port, token });
    return this.gatewayHttp;
  }

  /** The gateway on a local socket, for `echelon mcp gateway` on this machine. */
  async listenGatewaySocket(socketPath: string): Promise<RunningGatewaySocket> {
    if (this.disposed) throw new EchelonError('unavailable', 'Echelon is shutting down.');
    if (!this.gatewaySocket) {
      const { startGatewaySocket } = await import('./gateway-socket');
      const running = await startGatewaySocket({ backend: this.gatewayBackend, path: socketPath });
      // Once closed it is forgotten, so a later call listens again.
      this.gatewaySocket = {
        path: running.path,
        close: async () => {
          this.gatewaySocket = undefined;
          await running.close();
        },
      };
    }
    return this.gatewaySocket;
  }

  gatewayInfo() {
    const running = this.supervisor.all().filter((runtime) => runtime.state === 'running' || runtime.state === 'degraded');
    return {
      httpUrl: this.gatewayHttp?.url ?? null,
      stdio: { ...this.options.gatewayLaunch },
      toolCount: this.gatewayTools().length,
      serverCount: running.length,
    };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const controller of this.calls.values()) controller.abort();
    await this.gatewayHttp?.close();
    await this.gatewaySocket?.close();
    await this.supervisor.dispose();
    this.stderr.dispose();
    this.journal.dispose();
    this.reaper.dispose();
  }
}
