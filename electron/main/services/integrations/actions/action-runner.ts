import { EchelonError, type Connection } from '../../../../../shared/contract';
import type { HttpResponse } from '../../../../../shared/integrations/http';
import type { ActionFiles } from '../../../../../shared/integrations/action-files';
import type { ActionContext, IntegrationCode } from '../../../../../shared/integrations/plugin-code';
import type { PluginRegistry } from '../../registry/plugin-registry';
import type { LeasedSession } from '../../ssh/leased-session';
import type { SshService } from '../../ssh/ssh-service';
import type { ConnectionCredentials } from '../auth/connection-credentials';
import { prefixedValidationError } from '../connections/prefixed-validation';
import type { IntegrationClient } from '../http/integration-client';

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

/**
 * Runs one action of a pinned plugin version: its parameters checked against the manifest,
 * its code loaded on first use, its HTTP calls made on the connection through the client.
 */
export class ActionRunner {
  constructor(
    private readonly registry: PluginRegistry,
    private readonly connection: (id: string) => Connection,
    private readonly client: IntegrationClient,
    private readonly credentials: ConnectionCredentials,
    private readonly ssh: SshService,
  ) {}

  async run(pluginId: string, version: string, actionId: string, params: unknown, options: RunActionOptions = {}): Promise<unknown> {
    const manifest = this.registry.manifest(pluginId, version);
    if (!manifest) {
      const installed = this.registry.versions(pluginId);
      const hint = installed.length > 0 ? `installed versions: ${installed.join(', ')}` : 'no such integration is installed';
      throw new EchelonError('not_found', `Integration ${pluginId}@${version} is not installed (${hint}).`, { path: 'version' });
    }
    const action = manifest.actions.find((candidate) => candidate.id === actionId);
    if (!action) {
      throw new EchelonError('not_found', `${manifest.name} ${version} has no action "${actionId}"; it has: ${manifest.actions.map((a) => a.id).join(', ')}.`, { path: 'actionId' });
    }
    const parsed = action.parameters.safeParse(params ?? {});
    if (!parsed.success) throw prefixedValidationError(parsed.error, `parameters for ${manifest.name} "${action.name}"`, 'params');

    let connection: Connection | undefined;
    if (options.connectionId !== undefined) {
      connection = this.connection(options.connectionId);
      if (connection.pluginId !== pluginId) {
        throw new EchelonError('invalid_input', `Connection "${connection.name}" is a ${connection.pluginId} connection, not ${pluginId}.`, { path: 'connectionId' });
      }
    } else if (!manifest.auth.some((method) => method.type === 'none')) {
      throw new EchelonError('invalid_input', `${manifest.name} "${action.name}" needs a connection: choose one, or create it in Integrations.`, { path: 'connectionId' });
    }

    const code = (await this.registry.load(pluginId, version)) as { default?: IntegrationCode };
    const handler = code.default?.actions[actionId];
    if (!handler) throw new EchelonError('internal', `${pluginId}@${version} declares "${actionId}" but its plugin code does not implement it.`);

    const signal = options.signal ?? new AbortController().signal;
    let ssh: LeasedSession | undefined;
    const context: ActionContext = {
      connection: connection ? { id: connection.id, name: connection.name, config: connection.config } : undefined,
      request: async (request) => {
        const response = await this.client.request(connection?.id, request, { signal, idempotencyKey: options.idempotencyKey, ignoreStatus: options.ignoreStatus });
        options.onResponse?.(response);
        return response;
      },
      secret: (slot) => {
        if (!connection) throw new EchelonError('invalid_input', `"${slot}" needs a connection.`);
        return this.credentials.slot(connection, slot);
      },
      signal,
      idempotencyKey: options.idempotencyKey,
      ssh: async (sessionOptions) => {
        if (!connection) throw new EchelonError('invalid_input', `${manifest.name} "${action.name}" needs an SSH connection.`, { path: 'connectionId' });
        // As for HTTP calls: a connection the user disconnected stays quiet until tested again.
        if (connection.status === 'disconnected' && !options.ignoreStatus) throw new EchelonError('unavailable', `Connection "${connection.name}" is disconnected: test it to reconnect.`);
        ssh ??= this.ssh.session(connection, { ...sessionOptions, signal });
        return ssh;
      },
      files: options.files,
    };
    try {
      return await handler(parsed.data as never, context as never);
    } catch (error) {
      if (error instanceof EchelonError) throw error;
      throw new EchelonError('unavailable', `${manifest.name} "${action.name}" failed: ${(error as Error).message ?? String(error)}`, { cause: error });
    } finally {
      await ssh?.dispose();
    }
  }
}
