import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../electron/main/serve/http-server';
import { bindIpc, type IpcMainLike } from '../../electron/main/app/ipc';
import { vaultReference } from '../../shared/integrations/connection-auth';
import { IPC_INVOKE } from '../../shared/rpc/bridge';
import { startRestApi, type RestApi } from '../fixtures/rest-api';
import { startStandIn, type StandIn } from '../fixtures/stand-in-server';
import { integrationsHost, type IntegrationsHost } from '../helpers/integrations-host';
import { openHost } from '../helpers/vault';

let env: IntegrationsHost;
let api: StandIn & { healthy: boolean };

beforeEach(async () => {
  env = await integrationsHost();
  const state = { healthy: true };
  const server = await startStandIn((request) => (request.path === '/health' && !state.healthy ? { status: 503, json: { message: 'maintenance' } } : { json: { ok: true } }));
  api = Object.assign(server, state);
  Object.defineProperty(api, 'healthy', { get: () => state.healthy, set: (value: boolean) => (state.healthy = value) });
});
afterEach(async () => {
  await env.host.dispose();
  await api.close();
});

const samples = async (id: string) => env.call('integrations.connections.health', { id, limit: 100 });

describe('background health checks', () => {
  it('samples each connection on its interval, and logs only status changes', async () => {
    const connection = await env.call('integrations.connections.create', { pluginId: 'rest', name: 'Monitored', config: { baseUrl: api.url, healthPath: '/health' }, auth: { type: 'none' }, settings: { healthCheckIntervalSeconds: 1 } });
    await env.call('integrations.connections.test', { id: connection.id });
    expect(env.host.integrations.monitoredConnections).toBe(1);
    await expect.poll(async () => (await samples(connection.id)).length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);

    api.healthy = false;
    await expect.poll(async () => (await env.call('integrations.connections.get', { id: connection.id })).status, { timeout: 5000 }).toBe('error');
    api.healthy = true;
    await expect.poll(async () => (await env.call('integrations.connections.get', { id: connection.id })).status, { timeout: 5000 }).toBe('connected');
    const kinds = (await env.call('integrations.connections.events', { id: connection.id })).filter((event) => event.kind === 'health').map((event) => event.message);
    expect(kinds).toEqual([expect.stringMatching(/^Health check succeeded again/), expect.stringMatching(/^Health check failed: GET \/health failed with HTTP 503: maintenance\.$/)]);
    const history = await samples(connection.id);
    expect(history.some((sample) => !sample.ok && sample.httpStatus === 503)).toBe(true);
    expect(history.map((sample) => sample.at)).toEqual([...history.map((sample) => sample.at)].sort());

    await env.call('integrations.connections.disconnect', { id: connection.id });
    expect(env.host.integrations.monitoredConnections).toBe(0);
    const disconnected = await env.attempt('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params: { url: '/health' }, connectionId: connection.id });
    expect(disconnected).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('is disconnected') } });
    expect(await env.call('integrations.connections.test', { id: connection.id })).toMatchObject({ status: 'connected' });
  });

  it('resumes checks of connected connections when a long-running host starts, and stops them on dispose', async () => {
    const connection = await env.call('integrations.connections.create', { pluginId: 'rest', name: 'Resumed', config: { baseUrl: api.url, healthPath: '/health' }, auth: { type: 'none' }, settings: { healthCheckIntervalSeconds: 1 } });
    await env.call('integrations.connections.test', { id: connection.id });
    await env.call('integrations.connections.create', { pluginId: 'rest', name: 'Never tested', config: { baseUrl: api.url }, auth: { type: 'none' } });
    await env.host.dispose();
    // A long-running host starting on the same data dir; its vault stays locked, as after a restart.
    const served = openHost(env.dataDir, { shell: 'serve', echo: () => {} });
    try {
      expect(served.integrations.monitoredConnections).toBe(1);
      const before = served.integrations.health.recent(connection.id, 100).length;
      await expect.poll(() => served.integrations.health.recent(connection.id, 100).length, { timeout: 5000 }).toBeGreaterThan(before);
    } finally {
      await served.dispose();
    }
    expect(served.integrations.monitoredConnections).toBe(0);
  });
});

describe('connections', () => {
  it('patches settings without resetting the others, and deletes with health and events', async () => {
    const connection = await env.call('integrations.connections.create', { pluginId: 'rest', name: 'Patched', config: { baseUrl: api.url }, auth: { type: 'bearer', token: 'patched-token-value' }, settings: { cacheTtlSeconds: 30, rateLimit: { requestsPerSecond: 2, burst: 2 } } });
    const patched = await env.call('integrations.connections.update', { id: connection.id, settings: { healthCheckIntervalSeconds: 10 } });
    expect(patched.settings).toEqual({ cacheTtlSeconds: 30, rateLimit: { requestsPerSecond: 2, burst: 2 }, healthChecks: true, healthCheckIntervalSeconds: 10, crossOriginPages: 'refuse' });
    expect(patched.status).toBe('configuring');
    const cleared = await env.call('integrations.connections.update', { id: connection.id, settings: { rateLimit: null } });
    expect(cleared.settings.rateLimit).toBeUndefined();
    // The auth sent back as stored (references) leaves the credentials as they are.
    const same = await env.call('integrations.connections.update', { id: connection.id, auth: connection.auth });
    expect(same.auth).toEqual(connection.auth);
    expect(await env.attempt('integrations.connections.update', { id: connection.id, settings: { cacheTtlSeconds: -1 } })).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'settings.cacheTtlSeconds' } });

    await env.call('integrations.connections.test', { id: connection.id });
    expect(await env.call('integrations.connections.delete', { id: connection.id })).toEqual({ deleted: true });
    expect(await env.attempt('integrations.connections.health', { id: connection.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const counts = (await env.call('app.status', {})).counts;
    expect(counts).toMatchObject({ integration_connections: 0, integration_health: 0, integration_events: 0 });
    expect(env.host.vault.list().map((record) => record.name)).toEqual([vaultReference((connection.auth as { token: string }).token)!.name]);
  });

  it('generates the connection dialog from the manifest: settings schema, auth forms with defaults, secret slots', async () => {
    const form = await env.call('integrations.plugin', { id: 'slack' });
    expect(form.plugin).toMatchObject({ id: 'slack', version: '1.0.0', category: 'Communication' });
    expect(form.plugin.connection).toMatchObject({ type: 'object', properties: { baseUrl: { type: 'string', format: 'uri', default: 'https://slack.com/api' } } });
    expect(form.authForms.map((auth) => [auth.type, auth.secretFields])).toEqual([['bearer', ['token']], ['none', []]]);
    expect(form.authForms[0]!.schema).toMatchObject({ properties: { token: { type: 'string', 'x-secret': true } }, required: ['token'] });
    expect(form.connectionSecrets).toEqual([expect.objectContaining({ id: 'webhookUrl', title: 'Incoming webhook URL', required: false })]);
    const github = await env.call('integrations.plugin', { id: 'github', version: '1.0.0' });
    const oauth = github.authForms.find((auth) => auth.type === 'oauth2')!;
    expect(oauth.schema).toMatchObject({ properties: { authorizationUrl: { default: 'https://github.com/login/oauth/authorize' }, scopes: { default: 'repo read:user' }, flow: { enum: ['authorization_code'] } } });
    expect(Object.keys(oauth.schema.properties as object)).not.toContain('token');
    expect(await env.attempt('integrations.plugin', { id: 'github', version: '0.1.0' })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('installed versions: 1.0.0, 2.0.0') } });
  });
});

describe('the gallery', () => {
  it('searches, filters by category and type, merges MCP entries, and puts connected entries first', async () => {
    const all = await env.call('integrations.gallery', {});
    expect(all.entries.map((entry) => entry.id)).toEqual(['airtable', 'anthropic', 'discord', 'imap', 'smtp', 'ethereum-rpc', 'github', 'gmail', 'google-calendar', 'google-docs', 'google-drive', 'google-sheets', 'graphql', 'rest', 'notion', 'openai-compatible', 'postgres', 'rss', 'slack', 'ssh', 'supabase', 'telegram', 'twilio', 'whatsapp', 'wordpress']);
    expect(all.categories).toEqual(['AI', 'Blockchain', 'Communication', 'Data', 'Databases', 'Developer tools', 'Infrastructure', 'Productivity']);
    expect((await env.call('integrations.gallery', { search: 'webhook' })).entries.map((entry) => entry.id)).toEqual(['discord', 'slack']);
    expect((await env.call('integrations.gallery', { search: 'LLM ollama' })).entries.map((entry) => entry.id)).toEqual(['openai-compatible']);
    expect((await env.call('integrations.gallery', { category: 'Developer tools' })).entries.map((entry) => entry.id)).toEqual(['github', 'graphql', 'rest', 'supabase']);

    const mcp = env.host.integrations.addGallerySource({
      entries: () => [{ key: 'mcp:filesystem', type: 'mcp', id: 'filesystem', name: 'Filesystem', description: 'MCP server for local files', category: 'Developer tools', icon: 'folder', versions: [], connections: 1, connected: true, status: 'connected' }],
    });
    expect((await env.call('integrations.gallery', { type: 'mcp' })).entries.map((entry) => entry.key)).toEqual(['mcp:filesystem']);
    expect((await env.call('integrations.gallery', { type: 'api' })).entries.some((entry) => entry.type === 'mcp')).toBe(false);

    await env.call('integrations.connections.create', { pluginId: 'slack', name: 'Team Slack', config: {}, auth: { type: 'none' } });
    const sorted = await env.call('integrations.gallery', {});
    expect(sorted.entries.slice(0, 2).map((entry) => [entry.key, entry.connected])).toEqual([['mcp:filesystem', true], ['api:slack', true]]);
    expect(sorted.entries[1]).toMatchObject({ connections: 1, status: 'configuring' });
    mcp.dispose();
    expect((await env.call('integrations.gallery', { type: 'mcp' })).entries).toEqual([]);
  });
});

describe('secrets on the transports', () => {
  let rest: RestApi;
  beforeEach(async () => (rest = await startRestApi({ bearer: 'transport-bearer-secret-7731' })));
  afterEach(() => rest.close());

  it('never sends a secret value to the renderer over the WebSocket bridge or Electron IPC', async () => {
    const server = await startServer({ host: env.host, port: 0, rendererDir: env.dataDir });
    const frames: string[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`);
    await new Promise((resolve) => ws.once('open', resolve));
    ws.on('message', (data) => frames.push(String(data)));
    let id = 0;
    const invoke = (method: string, input: unknown) =>
      new Promise<{ ok: boolean; data?: unknown }>((resolve) => {
        const mine = ++id;
        const onMessage = (data: WebSocket.RawData) => {
          const frame = JSON.parse(String(data)) as { type: string; id?: number; result?: { ok: boolean; data?: unknown } };
          if (frame.type === 'result' && frame.id === mine) {
            ws.off('message', onMessage);
            resolve(frame.result!);
          }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ type: 'invoke', id: mine, method, input }));
      });
    try {
      const created = (await invoke('integrations.connections.create', {
        pluginId: 'rest',
        name: 'Over the wire',
        config: { baseUrl: rest.url, healthPath: '/private' },
        auth: { type: 'bearer', token: 'transport-bearer-secret-7731' },
        secrets: {},
      })) as { ok: true; data: { id: string } };
      expect(created.ok).toBe(true);
      const connectionId = created.data.id;
      await invoke('integrations.connections.test', { id: connectionId });
      await invoke('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params: { url: '/echo' }, connectionId });
      for (const method of ['integrations.connections.list', 'integrations.connections.events', 'integrations.connections.health', 'integrations.gallery']) {
        await invoke(method, method === 'integrations.connections.list' || method === 'integrations.gallery' ? {} : { id: connectionId });
      }
      await invoke('integrations.connections.create', { pluginId: 'rest', name: 'Bad', config: { baseUrl: 'transport-bearer-secret-7731' }, auth: { type: 'none' } });

      const ipcResults: unknown[] = [];
      const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
      bindIpc({ handle: (channel, listener) => void handlers.set(channel, listener), removeHandler: () => {} }, env.host.router, env.host.bus, () => []);
      const trusted = { senderFrame: { url: 'app://echelon/index.html', parent: null } } as never;
      for (const [method, input] of [
        ['integrations.connections.get', { id: connectionId }],
        ['integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params: { url: '/echo' }, connectionId }],
      ] as const) {
        ipcResults.push(await handlers.get(IPC_INVOKE)!(trusted, method, input));
      }

      expect(frames.length).toBeGreaterThan(8);
      expect(frames.join('\n')).toContain('authorization');
      for (const secret of ['transport-bearer-secret-7731', Buffer.from('transport-bearer-secret-7731').toString('base64')]) {
        for (const frame of frames) expect(frame).not.toContain(secret);
        expect(JSON.stringify(ipcResults)).not.toContain(secret);
      }
    } finally {
      ws.close();
      await server.close();
    }
  });
});
