import { createHash } from 'node:crypto';
import { EchelonError, type Connection } from '../../../../../shared/contract';
import type { ActionFiles } from '../../../../../shared/integrations/action-files';
import type { HttpResponse } from '../../../../../shared/integrations/http';
import type { PluginManifest } from '../../../../../shared/integrations/manifest';
import type { ActionContext, IntegrationCode } from '../../../../../shared/integrations/plugin-code';
import type { TriggerEvent } from '../../../../../shared/integrations/service-triggers';
import type { PluginRegistry } from '../../registry/plugin-registry';
import type { LeasedSession } from '../../ssh/leased-session';
import type { SshService } from '../../ssh/ssh-service';
import type { ConnectionCredentials } from '../auth/connection-credentials';
import { prefixedValidationError } from '../connections/prefixed-validation';
import type { IntegrationClient } from '../http/integration-client';
import type { ConnectionResources } from './connection-resources';

export interface RunActionOptions {
  connectionId?: string;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Health checks run whatever the connection's status. */
  ignoreStatus?: boolean;
  /** Told about every HTTP response the action received (Test connection shows the last status). */
  onResponse?: (response: HttpResponse) => void;
  /** The workflow step's binary data, as payload files. */
  files?: ActionFiles;
}

interface Prepared {
  manifest: PluginManifest;
  name: string;
  params: unknown;
  code: IntegrationCode;
  connection: Connection | undefined;
}

/**
 * Runs one action (or trigger) of a pinned plugin version: its parameters checked against the
 * manifest, its code loaded on first use, its HTTP calls made on the connection through the
 * client, its other resources (database pools, mail transports) kept per connection.
 */
export class ActionRunner {
  constructor(
    private readonly registry: PluginRegistry,
    private readonly connection: (id: string) => Connection,
    private readonly client: IntegrationClient,
    private readonly credentials: ConnectionCredentials,
    private readonly ssh: SshService,
    private readonly resources: ConnectionResources,
  ) {}

  async run(pluginId: string, version: string, actionId: string, params: unknown, options: RunActionOptions = {}): Promise<unknown> {
    const prepared = await this.prepare(pluginId, version, 'action', actionId, params, options);
    const handler = prepared.code.actions[actionId];
    if (!handler) throw new EchelonError('internal', `${pluginId}@${version} declares "${actionId}" but its plugin code does not implement it.`);
    return this.call(prepared, options, (context) => handler(prepared.params as never, context as never));
  }

  /** Polls, registers, unregisters or receives for a trigger of an API integration. */
  async runTrigger(pluginId: string, version: string, triggerId: string, params: unknown, event: TriggerEvent, options: Omit<RunActionOptions, 'files'> = {}): Promise<unknown> {
    const prepared = await this.prepare(pluginId, version, 'trigger', triggerId, params, options);
    const handlers = prepared.code.triggers?.[triggerId];
    const handler = handlers?.[event.type === 'poll' ? 'poll' : event.type];
    if (!handlers || !handler) throw new EchelonError('internal', `${pluginId}@${version} trigger "${triggerId}" cannot ${event.type}: its plugin code does not implement it.`);
    const { type: _type, ...request } = event;
    return this.call(prepared, options, (context) => (handler as (p: never, c: never, r: unknown) => Promise<unknown>)(prepared.params as never, context as never, request));
  }

  private async prepare(pluginId: string, version: string, kind: 'action' | 'trigger', itemId: string, params: unknown, options: RunActionOptions): Promise<Prepared> {
    const manifest = this.registry.manifest(pluginId, version);
    if (!manifest) {
      const installed = this.registry.versions(pluginId);
      const hint = installed.length > 0 ? `installed versions: ${installed.join(', ')}` : 'no such integration is installed';
      throw new EchelonError('not_found', `Integration ${pluginId}@${version} is not installed (${hint}).`, { path: 'version' });
    }
    const definitions = kind === 'action' ? manifest.actions : manifest.triggers;
    const definition = definitions.find((candidate) => candidate.id === itemId);
    if (!definition) {
      throw new EchelonError('not_found', `${manifest.name} ${version} has no ${kind} "${itemId}"; it has: ${definitions.map((a) => a.id).join(', ')}.`, { path: `${kind}Id` });
    }
    const parsed = definition.parameters.safeParse(params ?? {});
    if (!parsed.success) throw prefixedValidationError(parsed.error, `parameters for ${manifest.name} "${definition.name}"`, 'params');

    let connection: Connection | undefined;
    if (options.connectionId !== undefined) {
      connection = this.connection(options.connectionId);
      if (connection.pluginId !== pluginId) {
        throw new EchelonError('invalid_input', `Connection "${connection.name}" is a ${connection.pluginId} connection, not ${pluginId}.`, { path: 'connectionId' });
      }
    } else if (!manifest.auth.some((method) => method.type === 'none')) {
      throw new EchelonError('invalid_input', `${manifest.name} "${definition.name}" needs a connection: choose one, or create it in Integrations.`, { path: 'connectionId' });
    }
    const code = (await this.registry.load(pluginId, version)) as { default?: IntegrationCode };
    if (!code.default) throw new EchelonError('internal', `${pluginId}@${version} has no plugin code.`);
    return { manifest, name: definition.name, params: parsed.data, code: code.default, connection };
  }

  private async call(prepared: Prepared, options: RunActionOptions, invoke: (context: ActionContext) => Promise<unknown>): Promise<unknown> {
    const { manifest, connection } = prepared;
    const signal = options.signal ?? new AbortController().signal;
    let ssh: LeasedSession | undefined;
    const releases: Array<() => void> = [];
    const needConnection = (what: string): Connection => {
      if (!connection) throw new EchelonError('invalid_input', `${manifest.name} "${prepared.name}" needs a connection for its ${what}: choose one, or create it in Integrations.`, { path: 'connectionId' });
      return connection;
    };
    const context: ActionContext = {
      connection: connection ? { id: connection.id, name: connection.name, config: connection.config, authType: connection.auth.type } : undefined,
      request: async (request) => {
        const response = await this.client.request(connection?.id, request, { signal, idempotencyKey: options.idempotencyKey, ignoreStatus: options.ignoreStatus });
        options.onResponse?.(response);
        return response;
      },
      secret: (slot) => this.credentials.slot(needConnection(`"${slot}"`), slot),
      signal,
      idempotencyKey: options.idempotencyKey,
      ssh: async (sessionOptions) => {
        if (!connection) throw new EchelonError('invalid_input', `${manifest.name} "${prepared.name}" needs an SSH connection.`, { path: 'connectionId' });
        // As for HTTP calls: a connection the user disconnected stays quiet until tested again.
        if (connection.status === 'disconnected' && !options.ignoreStatus) throw new EchelonError('unavailable', `Connection "${connection.name}" is disconnected: test it to reconnect.`);
        ssh ??= this.ssh.session(connection, { ...sessionOptions, signal });
        return ssh;
      },
      files: options.files,
      login: () => {
        const current = needConnection('login');
        if (current.auth.type !== 'basic') throw new EchelonError('invalid_input', `Connection "${current.name}" does not hold a username and password: edit it and choose "Username and password".`, { path: 'auth.type' });
        return this.credentials.basic(current, current.auth);
      },
      keep: async (name, open, close) => {
        const current = needConnection(name);
        const { value, release } = await this.resources.acquire(current.id, name, this.identity(current), open, close);
        releases.push(release);
        return value;
      },
    };
    try {
      return await invoke(context);
    } catch (error) {
      if (error instanceof EchelonError) throw error;
      throw new EchelonError('unavailable', `${manifest.name} "${prepared.name}" failed: ${(error as Error).message ?? String(error)}`, { cause: error });
    } finally {
      await ssh?.dispose();
      for (const release of releases) release();
    }
  }

  /** What a kept resource was opened with: the connection's settings and the versions of its vault records, never a secret. */
  private identity(connection: Connection): string {
    return createHash('sha256')
      .update(JSON.stringify([connection.config, connection.auth, connection.secrets, this.credentials.versions(connection)]))
      .digest('base64url');
  }
}
