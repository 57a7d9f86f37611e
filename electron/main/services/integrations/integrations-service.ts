import type { HttpRequest, HttpResponse } from '../../../../shared/integrations/http';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { ActivityLog } from '../activity/activity-log';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../redaction/redactor';
import type { PluginRegistry } from '../registry/plugin-registry';
import type { CredentialStore } from '../secrets/secret-source';
import { SshService } from '../ssh/ssh-service';
import type { Store } from '../store/store';
import type { TriggerEvent } from '../../../../shared/integrations/service-triggers';
import { ActionRunner, type RunActionOptions } from './actions/action-runner';
import { ConnectionResources } from './actions/connection-resources';
import { AuthApplier } from './auth/auth-applier';
import type { BrowserOpener } from './auth/browser-opener';
import { ConnectionCredentials } from './auth/connection-credentials';
import { JwtSigner } from './auth/jwt-signer';
import { OAuth2Tokens, type OAuth2TokensOptions } from './auth/oauth2/oauth-tokens';
import { ConnectionEventLog } from './connections/connection-event-log';
import { ConnectionRepository } from './connections/connection-repository';
import { ConnectionService } from './connections/connection-service';
import { CredentialIntake } from './connections/credential-intake';
import { HealthMonitor } from './connections/health-monitor';
import { HealthRepository } from './connections/health-repository';
import { apiGallerySource, IntegrationGallery, type GallerySource } from './gallery/gallery';
import { connectionFetch, type FetchFunction } from './http/connection-fetch';
import { IntegrationClient, type IntegrationClientOptions, type RequestOptions } from './http/integration-client';
import { TlsAgents } from './http/tls-agents';
import { Transport } from './http/transport';
import { ResponseCache } from './limits/response-cache';
import type { Agent } from 'undici';
import { undici } from './http/undici';

export interface IntegrationsServiceOptions {
  store: Store;
  registry: PluginRegistry;
  credentials: CredentialStore;
  redactor: Redactor;
  logger: Logger;
  activity: ActivityLog;
  browser: BrowserOpener;
  oauth?: OAuth2TokensOptions;
  client?: IntegrationClientOptions;
  authorizationTimeoutMs?: number;
}

/**
 * The integrations layer, as other services use it: `request()` to call an API on a
 * connection, `runAction()` to run a pinned plugin version's action, and the connections,
 * gallery and health checks behind the Integrations page.
 */
export class IntegrationsService {
  readonly registry: PluginRegistry;
  readonly connections: ConnectionService;
  readonly gallery = new IntegrationGallery();
  readonly client: IntegrationClient;
  readonly events: ConnectionEventLog;
  readonly health: HealthRepository;
  /** SSH sessions on connections, the known-hosts store, links for MCP servers over SSH. */
  readonly ssh: SshService;
  private readonly actions: ActionRunner;
  private readonly monitor: HealthMonitor;
  private readonly transport = new Transport();
  private readonly tls = new TlsAgents();
  private readonly repository: ConnectionRepository;
  private streamingPool: Agent | undefined;
  private readonly fetchers: (connectionId: string) => FetchFunction;
  private readonly resources = new ConnectionResources();

  constructor(options: IntegrationsServiceOptions) {
    const redact = (text: string) => options.redactor.redact(text);
    const { db, changes } = options.store;
    this.registry = options.registry;
    this.repository = new ConnectionRepository(db, changes);
    this.events = new ConnectionEventLog(db, changes, redact);
    this.health = new HealthRepository(db, changes, redact);
    const credentials = new ConnectionCredentials(options.credentials);
    // The event sink is the connection service, built below; the indirection breaks the cycle.
    const sink = {
      record: (...args: Parameters<ConnectionService['record']>) => this.connections.record(...args),
      authFailed: (id: string, message: string) => this.connections.authFailed(id, message),
    };
    const oauth = new OAuth2Tokens(credentials, sink, options.oauth);
    const auth = new AuthApplier(credentials, oauth, new JwtSigner(), options.redactor);
    const lookup = {
      connection: (id: string) => this.repository.get(id),
      manifest: (connection: Parameters<ConnectionService['manifestOf']>[0]) => this.registry.manifest(connection.pluginId, connection.pluginVersion),
    };
    this.client = new IntegrationClient(
      { lookup, auth, transport: this.transport, cache: new ResponseCache(), tls: this.tls, events: sink, holdsSecret: (text) => options.redactor.contains(text), registerSecret: (label, value) => options.redactor.set(label, value) },
      options.client,
    );
    this.fetchers = (connectionId) => connectionFetch(lookup, auth, { plain: () => (this.streamingPool ??= new (undici().Agent)({ keepAliveTimeout: 10_000, connections: 64 })), tls: this.tls }, connectionId);
    this.ssh = new SshService({
      db,
      changes,
      connections: this.repository,
      credentials,
      record: (message) => options.activity.record('info', 'integrations', message),
    });
    this.actions = new ActionRunner(this.registry, lookup.connection, this.client, credentials, this.ssh, this.resources);
    this.connections = new ConnectionService({
      registry: this.registry,
      repository: this.repository,
      health: this.health,
      events: this.events,
      activity: options.activity,
      intake: new CredentialIntake(options.credentials),
      client: this.client,
      actions: this.actions,
      oauth,
      browser: options.browser,
      redact,
      authorizationTimeoutMs: options.authorizationTimeoutMs,
    });
    this.monitor = new HealthMonitor(
      (id, signal) => this.connections.check(id, signal),
      (id) => this.connections.healthInterval(id),
      (id, error) => options.logger.error('integrations', `The health check of connection ${id} could not run`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
    this.connections.attachMonitor(this.monitor);
    this.gallery.add(apiGallerySource(this.registry, this.repository));
  }

  /** Starts background health checks of every connected (or failing) connection, spread over their interval. */
  start(): void {
    for (const connection of this.repository.list()) {
      const interval = this.connections.healthInterval(connection.id);
      if (interval !== undefined) this.monitor.schedule(connection.id, Math.round(interval * (0.5 + Math.random() / 2)));
    }
  }

  /** How many connections have a background health check scheduled. */
  get monitoredConnections(): number {
    return this.monitor.scheduled;
  }

  /** An HTTP call with the connection's auth, rate limit and cache (no connection: a plain call). */
  request(connectionId: string | undefined, request: HttpRequest, options: Omit<RequestOptions, 'ignoreStatus'> = {}): Promise<HttpResponse> {
    return this.client.request(connectionId, request, options);
  }

  /** Runs an action of a pinned plugin version, as the workflow engine does. */
  runAction(pluginId: string, version: string, actionId: string, params: unknown, options: Omit<RunActionOptions, 'ignoreStatus' | 'onResponse'> = {}): Promise<unknown> {
    return this.actions.run(pluginId, version, actionId, params, options);
  }

  /** A streaming `fetch` with a connection's credentials, for SDK clients (LLM providers); only to its own origin. */
  fetchFor(connectionId: string): FetchFunction {
    return this.fetchers(connectionId);
  }

  /** Polls, registers, unregisters or receives for a trigger of an API integration, as the engine's service triggers do. */
  runTrigger(pluginId: string, version: string, triggerId: string, params: unknown, event: TriggerEvent, options: Omit<RunActionOptions, 'ignoreStatus' | 'onResponse' | 'files'> = {}): Promise<unknown> {
    return this.actions.runTrigger(pluginId, version, triggerId, params, event, options);
  }

  /** Adds tiles to the gallery (the MCP service adds its servers). */
  addGallerySource(source: GallerySource): Disposable {
    return this.gallery.add(source);
  }

  async dispose(): Promise<void> {
    this.connections.dispose();
    await this.monitor.dispose();
    await this.resources.dispose();
    await this.tls.dispose();
    await this.transport.dispose();
    await this.streamingPool?.close();
    this.ssh.dispose();
    this.client.cache.clear();
  }
}
