import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ConnectionSettings,
  ConnectionSettingsPatch,
  EchelonError,
  type Connection,
  type ConnectionStatus,
  type MethodInput,
  type PluginForm,
  type TestResult,
} from '../../../../../shared/contract';
import { AUTH_LABELS, AUTH_SECRET_FIELDS, authFormSchema, type AuthSettings } from '../../../../../shared/integrations/connection-auth';
import { describePlugin, type PluginManifest } from '../../../../../shared/integrations/manifest';
import { logsInOverSsh } from '../../../../../shared/integrations/ssh';
import type { ActivityLog } from '../../activity/activity-log';
import type { PluginRegistry } from '../../registry/plugin-registry';
import type { ActionRunner } from '../actions/action-runner';
import type { BrowserOpener } from '../auth/browser-opener';
import { beginAuthorization, type PendingAuthorization } from '../auth/oauth2/authorization-flow';
import type { OAuth2Tokens } from '../auth/oauth2/oauth-tokens';
import { scopesOf } from '../auth/oauth2/token-set';
import type { IntegrationClient } from '../http/integration-client';
import type { ConnectionEventLog } from './connection-event-log';
import type { ConnectionEventSink } from './connection-events';
import type { ConnectionRepository } from './connection-repository';
import { CredentialIntake } from './credential-intake';
import type { HealthMonitor } from './health-monitor';
import type { HealthRepository } from './health-repository';
import { prefixedValidationError } from './prefixed-validation';

export type CreateConnectionInput = MethodInput<'integrations.connections.create'>;
export type UpdateConnectionInput = MethodInput<'integrations.connections.update'>;

interface Probe {
  ok: boolean;
  responseMs: number;
  httpStatus: number | null;
  error: string | null;
}

export interface ConnectionServiceDeps {
  registry: PluginRegistry;
  repository: ConnectionRepository;
  health: HealthRepository;
  events: ConnectionEventLog;
  activity: ActivityLog;
  intake: CredentialIntake;
  client: IntegrationClient;
  actions: ActionRunner;
  oauth: OAuth2Tokens;
  browser: BrowserOpener;
  redact: (text: string) => string;
  /** How long the browser has to come back from the provider. */
  authorizationTimeoutMs?: number;
}

/** Applies a settings patch; `rateLimit: null` removes the override. */
function mergeSettings(current: ConnectionSettings, patch: z.input<typeof ConnectionSettingsPatch>): ConnectionSettings {
  const { rateLimit, ...rest } = patch;
  const merged: ConnectionSettings = { ...current, ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) };
  if (rateLimit === null) delete merged.rateLimit;
  else if (rateLimit !== undefined) merged.rateLimit = rateLimit;
  return ConnectionSettings.parse(merged);
}

const MONITORED: ReadonlySet<ConnectionStatus> = new Set(['connected', 'error']);

/** An auth method's fields in the dialog: a connection that logs in over SSH trusts no HTTPS CA. */
function formSchema(method: PluginManifest['auth'][number], overSsh: boolean): z.ZodObject {
  const schema = authFormSchema(method);
  return overSsh && 'ca' in schema.shape ? schema.omit({ ca: true }) : schema;
}

/**
 * Connections: created from a manifest's form, tested, checked in the background, authorized
 * through OAuth 2.0, disconnected, deleted. Every change lands in the connection's event log.
 */
export class ConnectionService implements ConnectionEventSink {
  private readonly authorizations = new Map<string, PendingAuthorization>();
  private monitor: HealthMonitor | undefined;

  constructor(private readonly deps: ConnectionServiceDeps) {}

  /** The monitor is created after the service (it calls back into it). */
  attachMonitor(monitor: HealthMonitor): void {
    this.monitor = monitor;
  }

  /** The interval of a connection the monitor should check, or undefined. */
  healthInterval(id: string): number | undefined {
    const connection = this.deps.repository.find(id);
    if (!connection || !connection.settings.healthChecks || !MONITORED.has(connection.status)) return undefined;
    return connection.settings.healthCheckIntervalSeconds * 1000;
  }

  list(pluginId?: string): Connection[] {
    return this.deps.repository.list(pluginId);
  }

  get(id: string): Connection {
    return this.deps.repository.get(id);
  }

  manifestOf(connection: Connection): PluginManifest | undefined {
    return this.deps.registry.manifest(connection.pluginId, connection.pluginVersion);
  }

  private manifest(pluginId: string, version?: string): PluginManifest {
    const manifest = this.deps.registry.manifest(pluginId, version);
    if (manifest) return manifest;
    const versions = this.deps.registry.versions(pluginId);
    if (versions.length === 0) throw new EchelonError('not_found', `No integration "${pluginId}" is installed.`, { path: 'pluginId' });
    throw new EchelonError('not_found', `${pluginId} ${version} is not installed; installed versions: ${versions.join(', ')}.`, { path: 'version' });
  }

  /** The connection dialog of one integration version, generated from its manifest. */
  form(pluginId: string, version?: string): PluginForm {
    const manifest = this.manifest(pluginId, version);
    const plugin = describePlugin(manifest, this.deps.registry.versions(pluginId));
    const overSsh = logsInOverSsh(manifest);
    return {
      plugin,
      authForms: manifest.auth.map((method) => ({
        type: method.type,
        label: AUTH_LABELS[method.type],
        schema: z.toJSONSchema(formSchema(method, overSsh), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
        secretFields: [...AUTH_SECRET_FIELDS[method.type]],
      })),
      connectionSecrets: plugin.connectionSecrets,
    };
  }

  private checkName(name: string, exceptId?: string): void {
    const existing = this.deps.repository.idByName(name);
    if (existing && existing !== exceptId) throw new EchelonError('conflict', `A connection named "${name}" already exists: choose another name.`, { path: 'name' });
  }

  private config(manifest: PluginManifest, input: Record<string, unknown>): Record<string, unknown> {
    if (!manifest.connection) return {};
    const parsed = manifest.connection.safeParse(input);
    if (!parsed.success) throw prefixedValidationError(parsed.error, `${manifest.name} connection settings`, 'config');
    return parsed.data as Record<string, unknown>;
  }

  create(input: CreateConnectionInput): Connection {
    const manifest = this.manifest(input.pluginId, input.version);
    const name = input.name.trim();
    this.checkName(name);
    const id = randomUUID();
    const identity = { id, name, pluginId: manifest.id };
    const config = this.config(manifest, input.config ?? {});
    const auth = this.deps.intake.auth(identity, manifest, input.auth as { type: string });
    const secrets = this.deps.intake.secrets(identity, manifest, input.secrets ?? {});
    const settings = mergeSettings(ConnectionSettings.parse({}), input.settings ?? {});
    // Everything is valid: only now do secrets reach the vault.
    this.deps.intake.commit(identity, [...auth.writes, ...secrets.writes]);
    const now = new Date().toISOString();
    const connection: Connection = {
      id,
      pluginId: manifest.id,
      pluginVersion: manifest.version,
      name,
      status: 'configuring',
      statusMessage: null,
      config,
      auth: auth.value,
      secrets: secrets.value,
      settings,
      createdAt: now,
      updatedAt: now,
      lastCheckedAt: null,
      lastResponseMs: null,
    };
    this.deps.repository.insert(connection);
    this.record(id, 'info', 'created', `Created with ${manifest.name} ${manifest.version}, ${AUTH_LABELS[auth.value.type].toLowerCase()}.`);
    return connection;
  }

  update(input: UpdateConnectionInput): Connection {
    const current = this.deps.repository.get(input.id);
    const manifest = this.manifest(current.pluginId, current.pluginVersion);
    const name = input.name?.trim() ?? current.name;
    if (name !== current.name) this.checkName(name, current.id);
    const identity = { id: current.id, name, pluginId: current.pluginId };
    const config = input.config !== undefined ? this.config(manifest, input.config) : current.config;
    const auth = input.auth !== undefined ? this.deps.intake.auth(identity, manifest, input.auth as { type: string }) : { value: current.auth, writes: [] };
    const secrets = input.secrets !== undefined ? this.deps.intake.secrets(identity, manifest, input.secrets) : { value: current.secrets, writes: [] };
    const settings = input.settings !== undefined ? mergeSettings(current.settings, input.settings) : current.settings;
    this.deps.intake.commit(identity, [...auth.writes, ...secrets.writes]);
    const credentialsChanged =
      auth.writes.length > 0 ||
      secrets.writes.length > 0 ||
      JSON.stringify([config, auth.value, secrets.value]) !== JSON.stringify([current.config, current.auth, current.secrets]);
    const status: ConnectionStatus = credentialsChanged && current.status !== 'disconnected' ? 'configuring' : current.status;
    const updated: Connection = {
      ...current,
      name,
      config,
      auth: auth.value,
      secrets: secrets.value,
      settings,
      status,
      statusMessage: status === current.status ? current.statusMessage : 'Changed: test the connection.',
      updatedAt: new Date().toISOString(),
    };
    this.deps.repository.update(updated);
    this.deps.client.forget(current.id);
    this.record(current.id, 'info', 'updated', credentialsChanged ? 'Settings and credentials changed; test the connection to use it.' : 'Settings changed.');
    this.monitor?.schedule(current.id);
    return updated;
  }

  delete(id: string): boolean {
    this.authorizations.get(id)?.cancel();
    this.monitor?.stop(id);
    this.deps.client.forget(id);
    const connection = this.deps.repository.find(id);
    const deleted = this.deps.repository.delete(id);
    if (connection) this.deps.activity.record('info', 'integrations', `Connection "${connection.name}" deleted.`);
    return deleted;
  }

  disconnect(id: string): Connection {
    const connection = this.deps.repository.get(id);
    this.authorizations.get(id)?.cancel();
    this.monitor?.stop(id);
    this.setStatus(connection, 'disconnected', 'Disconnected by the user.');
    this.record(id, 'info', 'disconnected', 'Disconnected: health checks stopped until the next test.');
    return this.deps.repository.get(id);
  }

  /** Runs the manifest's health-check action once, timing it. */
  private async probe(connection: Connection, signal?: AbortSignal): Promise<Probe> {
    const manifest = this.manifestOf(connection);
    let httpStatus: number | null = null;
    const started = performance.now();
    try {
      if (!manifest) throw new EchelonError('not_found', `${connection.pluginId} ${connection.pluginVersion} is no longer installed.`);
      if (!manifest.healthCheck) throw new EchelonError('invalid_input', `${manifest.name} has no health check to run.`);
      await this.deps.actions.run(connection.pluginId, connection.pluginVersion, manifest.healthCheck.action, {}, {
        connectionId: connection.id,
        signal,
        ignoreStatus: true,
        onResponse: (response) => (httpStatus = response.status),
      });
      return { ok: true, responseMs: performance.now() - started, httpStatus, error: null };
    } catch (error) {
      const message = this.deps.redact(error instanceof Error ? error.message : String(error));
      return { ok: false, responseMs: performance.now() - started, httpStatus, error: message };
    }
  }

  private recordProbe(connection: Connection, probe: Probe): void {
    const at = new Date().toISOString();
    const responseMs = Math.round(probe.responseMs * 10) / 10;
    this.deps.health.record(connection.id, { at, ok: probe.ok, responseMs, httpStatus: probe.httpStatus, error: probe.error });
    this.deps.repository.recordCheck(connection.id, at, responseMs);
  }

  /** "Test connection": status `testing`, then `connected` or `error`, with the response time recorded. */
  async test(id: string, signal?: AbortSignal): Promise<TestResult> {
    const connection = this.deps.repository.get(id);
    this.deps.repository.setStatus(id, 'testing', null);
    const probe = await this.probe(connection, signal);
    if (!this.deps.repository.find(id)) throw new EchelonError('not_found', `Connection "${connection.name}" was deleted during its test.`);
    this.recordProbe(connection, probe);
    const status: ConnectionStatus = probe.ok ? 'connected' : 'error';
    this.setStatus(connection, status, probe.error);
    const time = `${Math.round(probe.responseMs)} ms`;
    this.record(id, probe.ok ? 'info' : 'error', 'test', probe.ok ? `Test succeeded in ${time}.` : `Test failed after ${time}: ${probe.error}`);
    this.monitor?.schedule(id);
    return { ok: probe.ok, responseMs: Math.round(probe.responseMs * 10) / 10, httpStatus: probe.httpStatus, error: probe.error, status };
  }

  /** A background health check: samples always, the event log only when the status changes. */
  async check(id: string, signal?: AbortSignal): Promise<void> {
    const connection = this.deps.repository.find(id);
    if (!connection || !MONITORED.has(connection.status)) return;
    const probe = await this.probe(connection, signal);
    if (signal?.aborted) return;
    const now = this.deps.repository.find(id);
    if (!now || !MONITORED.has(now.status)) return;
    this.recordProbe(now, probe);
    const status: ConnectionStatus = probe.ok ? 'connected' : 'error';
    if (status !== now.status) {
      this.record(id, probe.ok ? 'info' : 'error', 'health', probe.ok ? `Health check succeeded again (${Math.round(probe.responseMs)} ms).` : `Health check failed: ${probe.error}`);
    }
    this.setStatus(now, status, probe.error);
  }

  /**
   * Starts the OAuth 2.0 authorization code flow in the system browser. The returned promise
   * settles once the browser came back and the connection was tested.
   */
  async authorize(id: string): Promise<{ authorizationUrl: string; completion: Promise<TestResult> }> {
    const connection = this.deps.repository.get(id);
    const auth = connection.auth;
    if (auth.type !== 'oauth2' || auth.flow !== 'authorization_code') {
      throw new EchelonError('invalid_input', `Connection "${connection.name}" does not use the OAuth 2.0 authorization code flow: there is nothing to authorize.`);
    }
    this.authorizations.get(id)?.cancel();
    const config = await this.deps.oauth.configuration(connection, auth);
    const pending = await beginAuthorization(
      { config, scopes: scopesOf(auth.scopes), audience: auth.audience, timeoutMs: this.deps.authorizationTimeoutMs ?? 5 * 60_000 },
      this.deps.browser,
    );
    this.authorizations.set(id, pending);
    this.setStatus(connection, 'configuring', 'Waiting for the authorization in the browser.');
    this.record(id, 'info', 'auth', 'Authorization started: waiting for the browser.');
    const completion = pending.tokens.then(
      async (response) => {
        const current = this.deps.repository.get(id);
        const tokens = this.deps.oauth.store(current, current.auth as Extract<AuthSettings, { type: 'oauth2' }>, response);
        this.record(id, 'info', 'auth', `Authorized${tokens.scopes.length > 0 ? ` with scopes ${tokens.scopes.join(' ')}` : ''}.`);
        return this.test(id);
      },
      (error: unknown) => {
        const message = this.deps.redact(error instanceof Error ? error.message : String(error));
        const current = this.deps.repository.find(id);
        // A replaced authorization is not a failure of the connection.
        if (current && this.authorizations.get(id) === pending) {
          this.setStatus(current, 'error', message);
          this.record(id, 'error', 'auth', `Authorization failed: ${message}`);
        }
        throw error;
      },
    );
    void completion.finally(() => {
      if (this.authorizations.get(id) === pending) this.authorizations.delete(id);
    }).catch(() => {});
    return { authorizationUrl: pending.authorizationUrl, completion };
  }

  private setStatus(connection: Connection, status: ConnectionStatus, message: string | null): void {
    const current = this.deps.repository.find(connection.id);
    if (!current) return;
    this.deps.repository.setStatus(connection.id, status, message);
    if (status === connection.status) return;
    if (status === 'connected') this.deps.activity.record('info', 'integrations', `Connection "${connection.name}" is connected.`);
    if (status === 'error') this.deps.activity.record('warn', 'integrations', `Connection "${connection.name}" failed: ${message ?? 'unknown error'}`);
  }

  record(connectionId: string, level: 'info' | 'warn' | 'error', kind: string, message: string): void {
    this.deps.events.record(connectionId, level, kind, message);
  }

  authFailed(connectionId: string, message: string): void {
    const connection = this.deps.repository.find(connectionId);
    // Each background check meets the same refusal again: it is logged once.
    if (!connection || (connection.status === 'error' && connection.statusMessage === message)) return;
    this.record(connectionId, 'error', 'auth', message);
    this.setStatus(connection, 'error', message);
  }

  /** Cancels authorizations still waiting for a browser. */
  dispose(): void {
    for (const pending of this.authorizations.values()) pending.cancel();
    this.authorizations.clear();
  }
}
