import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import { ServerDefinition } from '../../shared/contract';
import { removeTeamDataDirs, startTeamBackend, teamDataDir, teamInstance, waitUntil, type TeamBackend } from '../helpers/team';
import { openUnlockedHost } from '../helpers/vault';

/** Signing in every way the desktop offers, sessions that refresh themselves, and definitions shared by reference only. */

let backend: TeamBackend;
const hosts: Host[] = [];

/** A browser that follows the provider's redirects, as a person approving the sign-in would. */
const followingBrowser = { open: async (url: string) => void (await fetch(url, { redirect: 'follow' })).text() };

async function configuredHost(): Promise<Host> {
  const host = await openUnlockedHost(teamDataDir(), { browser: followingBrowser, team: { pollMs: 100, heartbeatIntervalMs: 1000 } });
  hosts.push(host);
  await host.team.configure({ projectUrl: backend.standIn.url, anonKey: backend.standIn.anonKey });
  return host;
}

beforeAll(async () => {
  backend = await startTeamBackend();
  await backend.standIn.auth.createUser('ada@example.com', 'correct horse');
}, 60_000);

afterAll(async () => {
  for (const host of hosts.splice(0).reverse()) await host.dispose();
  await backend?.stop();
  removeTeamDataDirs();
});

describe('team sign-in', () => {
  it('signs in with a magic link code, and refuses a wrong one', async () => {
    const host = await configuredHost();
    const sent = await host.team.signIn({ method: 'magic_link', email: 'mia@example.com' });
    expect(sent.message).toMatch(/mia@example.com/);
    const mail = backend.standIn.auth.mailbox.findLast((entry) => entry.email === 'mia@example.com')!;
    await expect(host.team.signIn({ method: 'code', email: 'mia@example.com', code: mail.code === '000000' ? '111111' : '000000' })).rejects.toThrow(/code did not work/);
    const signedIn = await host.team.signIn({ method: 'code', email: 'mia@example.com', code: mail.code });
    expect(signedIn.status.user?.email).toBe('mia@example.com');
    expect(signedIn.status.sync.state).toBe('no_organization');
  });

  it('signs in with an OAuth provider through the system browser and a 127.0.0.1 redirect (PKCE)', async () => {
    const host = await configuredHost();
    backend.standIn.auth.oauthUser = { email: 'octo@example.com', name: 'Octo Cat' };
    const started = await host.team.signIn({ method: 'oauth', provider: 'github' });
    expect(started.url).toMatch(/\/auth\/v1\/authorize\?provider=github/);
    expect(new URL(started.url!).searchParams.get('redirect_to')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(new URL(started.url!).searchParams.get('code_challenge')).toBeTruthy();
    const user = await waitUntil(() => host.team.status().user, 'the callback to complete the sign-in');
    expect(user).toMatchObject({ email: 'octo@example.com', name: 'Octo Cat' });
  });

  it('completes a deep-link callback (echelon://auth/callback) the desktop shell forwards', async () => {
    let opened = '';
    const host = await openUnlockedHost(teamDataDir(), { browser: { open: async (url) => void (opened = url) }, team: { redirect: { type: 'deep-link', url: 'echelon://auth/callback' } } });
    hosts.push(host);
    await host.team.configure({ projectUrl: backend.standIn.url, anonKey: backend.standIn.anonKey });
    await host.team.signIn({ method: 'oauth', provider: 'google' });
    expect(new URL(opened).searchParams.get('redirect_to')).toBe('echelon://auth/callback');
    const redirect = await fetch(opened, { redirect: 'manual' });
    const callback = redirect.headers.get('location')!;
    expect(callback).toMatch(/^echelon:\/\/auth\/callback\?code=/);
    const status = await host.team.handleAuthCallback(callback);
    expect(status.user?.email).toBe('octo@example.com');
    await expect(host.team.handleAuthCallback('echelon://auth/callback?error=access_denied')).rejects.toThrow(/access_denied/);
  });

  it('refuses to sign in while the vault is locked, since the session is kept there', async () => {
    const host = await configuredHost();
    host.vault.lock();
    await expect(host.team.signIn({ method: 'password', email: 'ada@example.com', password: 'correct horse' })).rejects.toThrow(/vault/i);
  });

  it('refreshes an expiring session by itself and keeps syncing; signing out revokes it', async () => {
    // supabase-js refreshes a session within 90 s of its expiry: this one gets there after 5 s.
    backend.standIn.auth.accessTokenSeconds = 95;
    try {
      const host = await teamInstance(backend, 'ada@example.com');
      hosts.push(host);
      await host.team.createOrganization('Refreshers');
      const first = JSON.parse(host.vault.reveal('ECHELON_TEAM_SESSION', undefined, { kind: 'test', id: 't' })) as { refresh_token: string };
      await new Promise((resolve) => setTimeout(resolve, 5500));
      host.engine.workflows.save({ document: { schemaVersion: 1, name: 'After expiry', nodes: [], edges: [] } });
      const status = await host.team.syncNow();
      expect(status).toMatchObject({ state: 'synced', pending: 0 });
      const second = JSON.parse(host.vault.reveal('ECHELON_TEAM_SESSION', undefined, { kind: 'test', id: 't' })) as { refresh_token: string };
      expect(second.refresh_token).not.toBe(first.refresh_token);

      await host.team.signOut();
      const reused = await fetch(`${backend.standIn.url}/auth/v1/token?grant_type=refresh_token`, {
        method: 'POST',
        headers: { apikey: backend.standIn.anonKey, 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: second.refresh_token }),
      });
      expect(reused.status).toBe(400);
    } finally {
      backend.standIn.auth.accessTokenSeconds = 3600;
    }
  });
});

describe('shared definitions', () => {
  it('shares MCP servers and integration connections with their vault references, never a value', async () => {
    await backend.standIn.auth.createUser('ben@example.com', 'correct horse');
    const ada = await teamInstance(backend, 'ada@example.com');
    hosts.push(ada);
    const { organization } = await ada.team.createOrganization('Definitions');
    const invitation = await ada.team.invite('ben@example.com', 'viewer');
    const ben = await teamInstance(backend, 'ben@example.com');
    hosts.push(ben);
    await ben.team.acceptInvitation(invitation.id);
    expect(ben.team.status().organization?.id).toBe(organization!.id);

    ada.mcp.add(ServerDefinition.parse({ name: 'memory', transport: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: { API_KEY: '{{ secrets.MEMORY_KEY }}' } } }));
    ada.store.db
      .prepare(
        `INSERT INTO integration_connections (id, plugin_id, plugin_version, name, config_json, auth_json, secrets_json, settings_json, status, created_at, updated_at)
         VALUES ('c1', 'slack', '1.0.0', 'Team Slack', '{}', '{"method":"none"}', '{"webhookUrl":"{{ secrets.SLACK_HOOK }}"}', '{}', 'connected', 'now', 'now'),
                ('c2', 'slack', '1.0.0', 'Leaky Slack', '{}', '{"method":"none"}', '{"webhookUrl":"https://hooks.slack.com/services/T0/B0/SECRET"}', '{}', 'connected', 'now', 'now')`,
      )
      .run();
    await ada.team.syncNow();

    await waitUntil(() => ben.mcp.list().find((server) => server.name === 'memory'), 'the MCP server to reach ben');
    const env = (ben.store.db.prepare("SELECT definition FROM mcp_servers WHERE name = 'memory'").pluck().get() as string);
    expect(JSON.parse(env).transport.env).toEqual({ API_KEY: '{{ secrets.MEMORY_KEY }}' });
    await waitUntil(() => ben.store.db.prepare("SELECT secrets_json FROM integration_connections WHERE name = 'Team Slack'").pluck().get(), 'the connection to reach ben');
    expect(ben.store.db.prepare("SELECT secrets_json FROM integration_connections WHERE name = 'Team Slack'").pluck().get()).toBe('{"webhookUrl":"{{ secrets.SLACK_HOOK }}"}');

    const refused = ada.team.rejected().find((change) => change.entityId === 'leaky slack');
    expect(refused?.reason).toMatch(/holds a value, not a vault reference/);
    const { rows } = await backend.standIn.pool.query("select count(*)::int as n from public.integration_definitions where definition::text like '%SECRET%'");
    expect(rows[0].n).toBe(0);
    expect(ben.store.db.prepare("SELECT count(*) FROM integration_connections WHERE name = 'Leaky Slack'").pluck().get()).toBe(0);
  });
});
