import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserOpener } from '../../electron/main/services/integrations/auth/browser-opener';
import { vaultReference } from '../../shared/integrations/connection-auth';
import type { SecretValue } from '../../shared/secrets/secret-kinds';
import { visitAsPerson, type BrowserVisit } from '../fixtures/browser-agent';
import { NATIVE_CLIENT, SERVICE_CLIENT, startOidcProvider, type OidcProvider } from '../fixtures/oidc-provider';
import { integrationsHost, type IntegrationsHost } from '../helpers/integrations-host';
import { TEST_ACCESSOR } from '../helpers/vault';

type TokenSet = Extract<SecretValue, { kind: 'oauth2' }>;

let idp: OidcProvider;
let env: IntegrationsHost;
let opened: string[];
let visits: Promise<BrowserVisit>[];
let decision: 'approve' | 'deny';

beforeAll(async () => {
  idp = await startOidcProvider();
});
afterAll(() => idp.close());

beforeEach(async () => {
  opened = [];
  visits = [];
  decision = 'approve';
  // The system browser, driven as a person would: sign in, consent (or cancel), come back.
  const browser: BrowserOpener = {
    async open(url) {
      opened.push(url);
      visits.push(visitAsPerson(url, { login: 'alice', decision }));
    },
  };
  env = await integrationsHost({ browser });
  idp.grants.length = 0;
});
afterEach(() => env.host.dispose());

async function authorizedConnection() {
  const connection = await env.call('integrations.connections.create', {
    pluginId: 'rest',
    name: 'Identity-protected API',
    config: { baseUrl: idp.issuer, healthPath: '/api/me' },
    auth: { type: 'oauth2', flow: 'authorization_code', issuer: idp.issuer, clientId: NATIVE_CLIENT.id, clientSecret: NATIVE_CLIENT.secret, scopes: 'openid profile offline_access api:read' },
  });
  const { completion, authorizationUrl } = await env.host.integrations.connections.authorize(connection.id);
  return { connection, completion, authorizationUrl };
}

function tokenRecordName(connectionId: string): string {
  const auth = env.host.integrations.connections.get(connectionId).auth;
  return vaultReference((auth as { token: string }).token)!.name;
}
const tokens = (connectionId: string) => env.host.vault.read(tokenRecordName(connectionId), TEST_ACCESSOR) as TokenSet;
/** The test stands in for time passing: it rewrites the stored token set. */
const storeTokens = (connectionId: string, value: TokenSet) => env.host.vault.set({ name: tokenRecordName(connectionId), value }, TEST_ACCESSOR);
/** The token set as it stands when most of its lifetime has passed: `remainingMs` left. */
const expiringIn = (value: TokenSet, remainingMs: number): TokenSet => {
  const lifetime = Date.parse(value.expiresAt!) - Date.parse(value.issuedAt!);
  return { ...value, issuedAt: new Date(Date.now() + remainingMs - lifetime).toISOString(), expiresAt: new Date(Date.now() + remainingMs).toISOString() };
};
const me = (connectionId: string) => env.host.integrations.request(connectionId, { url: '/api/me' });

describe('OAuth 2.0 authorization code with PKCE against a real OpenID provider', () => {
  it('signs in through the system browser and a loopback redirect, stores the tokens in the vault, and tests the connection', async () => {
    const { connection, completion, authorizationUrl } = await authorizedConnection();
    const url = new URL(authorizationUrl);
    expect(opened).toEqual([authorizationUrl]);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect((await env.call('integrations.connections.get', { id: connection.id })).status).toBe('configuring');

    const result = await completion;
    expect(result).toMatchObject({ ok: true, status: 'connected', httpStatus: 200 });
    const visit = await visits[0]!;
    expect(visit.finalStatus).toBe(200);
    expect(visit.finalBody).toContain('You can close this tab');
    expect(visit.pages.some((page) => page.startsWith('POST /interaction/'))).toBe(true);

    const stored = tokens(connection.id);
    expect(stored).toMatchObject({ kind: 'oauth2', tokenType: 'Bearer', refreshToken: expect.any(String), scopes: expect.arrayContaining(['openid', 'api:read']) });
    expect(Date.parse(stored.expiresAt!)).toBeGreaterThan(Date.now());
    expect((await me(connection.id)).body).toMatchObject({ subject: 'alice', client: NATIVE_CLIENT.id });
    expect(idp.grants).toEqual(['authorization_code']);

    // The loopback server served its one request and is gone.
    await expect(fetch(url.searchParams.get('redirect_uri')!)).rejects.toThrow();
    const events = (await env.call('integrations.connections.events', { id: connection.id })).map((event) => event.message);
    expect(events).toEqual(expect.arrayContaining(['Authorization started: waiting for the browser.', expect.stringMatching(/^Authorized with scopes /)]));
  });

  it('refreshes shortly before expiry with a single refresh in flight, and writes the new tokens back', async () => {
    const { connection, completion } = await authorizedConnection();
    await completion;
    const before = tokens(connection.id);
    // Expiring within the refresh margin: the next calls must refresh first.
    storeTokens(connection.id, expiringIn(before, 10_000));
    idp.grants.length = 0;
    const answers = await Promise.all(Array.from({ length: 5 }, () => me(connection.id)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(idp.grants).toEqual(['refresh_token']);
    const after = tokens(connection.id);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(Date.parse(after.expiresAt!)).toBeGreaterThan(Date.now() + 60_000);
    // Written back by the connection itself, as the vault's audit log records it.
    expect(env.host.vault.audit.all({ name: tokenRecordName(connection.id), action: 'write' })[0]).toMatchObject({ accessorKind: 'integration', accessorId: connection.id });
    const events = await env.call('integrations.connections.events', { id: connection.id });
    expect(events[0]).toMatchObject({ kind: 'auth', message: expect.stringMatching(/^Refreshed the access token \(valid for \d+ s\)\.$/) });
  });

  it('renews once when the API refuses an access token it no longer knows', async () => {
    const { connection, completion } = await authorizedConnection();
    await completion;
    const before = tokens(connection.id);
    await (await idp.provider.AccessToken.find(before.accessToken))!.destroy();
    idp.grants.length = 0;
    expect((await me(connection.id)).status).toBe(200);
    expect(idp.grants).toEqual(['refresh_token']);
  });

  it('reports a revoked refresh token clearly and marks the connection as failing', async () => {
    const { connection, completion } = await authorizedConnection();
    await completion;
    const before = tokens(connection.id);
    await idp.revoke(before.refreshToken!);
    storeTokens(connection.id, { ...before, expiresAt: new Date(Date.now() - 1000).toISOString() });

    const failure = await env.attempt('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params: { url: '/api/me' }, connectionId: connection.id });
    expect(failure).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/^The provider refused the token refresh \(invalid_grant.*\)\. Authorize the connection again\.$/) } });
    const stored = await env.call('integrations.connections.get', { id: connection.id });
    expect(stored).toMatchObject({ status: 'error', statusMessage: expect.stringContaining('invalid_grant') });
    // Refused again (a background check, a workflow): logged once, not at every attempt.
    await expect(me(connection.id)).rejects.toMatchObject({ code: 'forbidden' });
    const events = await env.call('integrations.connections.events', { id: connection.id });
    expect(events[0]).toMatchObject({ level: 'error', kind: 'auth' });
    expect(events.filter((event) => event.level === 'error')).toHaveLength(1);
    for (const secret of [before.accessToken, before.refreshToken!, NATIVE_CLIENT.secret]) {
      expect(JSON.stringify([failure, stored, events])).not.toContain(secret);
    }
  });

  it('records a refusal in the browser as a failed authorization', async () => {
    decision = 'deny';
    const { connection, completion } = await authorizedConnection();
    await expect(completion).rejects.toThrow(/did not authorize Echelon \(access_denied/);
    expect((await visits[0]!).finalStatus).toBe(400);
    expect(await env.call('integrations.connections.get', { id: connection.id })).toMatchObject({ status: 'error', statusMessage: expect.stringContaining('access_denied') });
    expect(await env.attempt('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params: { url: '/api/me' }, connectionId: connection.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('is not authorized yet') },
    });
  });

  it('starts the flow through the contract and refuses connections that have nothing to authorize', async () => {
    const { connection } = await authorizedConnection();
    const again = await env.call('integrations.connections.authorize', { id: connection.id });
    expect(again.authorizationUrl).toContain(`${idp.issuer}/auth?`);
    const plain = await env.call('integrations.connections.create', { pluginId: 'rest', name: 'Plain', config: {}, auth: { type: 'none' } });
    expect(await env.attempt('integrations.connections.authorize', { id: plain.id })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await Promise.allSettled(visits);
  });
});

describe('OAuth 2.0 client credentials', () => {
  it('obtains a token on first use, reuses it, and fetches a new one when it nears expiry', async () => {
    const connection = await env.call('integrations.connections.create', {
      pluginId: 'rest',
      name: 'Service account',
      config: { baseUrl: idp.issuer, healthPath: '/api/me' },
      auth: { type: 'oauth2', flow: 'client_credentials', tokenUrl: `${idp.issuer}/token`, clientId: SERVICE_CLIENT.id, clientSecret: SERVICE_CLIENT.secret, scopes: 'api:read' },
    });
    expect(await env.call('integrations.connections.test', { id: connection.id })).toMatchObject({ ok: true, status: 'connected' });
    expect((await me(connection.id)).body).toMatchObject({ subject: SERVICE_CLIENT.id, scope: 'api:read' });
    expect(idp.grants).toEqual(['client_credentials']);
    const first = tokens(connection.id);
    expect(first.refreshToken).toBeUndefined();
    storeTokens(connection.id, expiringIn(first, 5_000));
    await Promise.all([me(connection.id), me(connection.id), me(connection.id)]);
    expect(idp.grants).toEqual(['client_credentials', 'client_credentials']);
    expect(tokens(connection.id).accessToken).not.toBe(first.accessToken);
  });

  it('says when the provider refuses the client', async () => {
    const connection = await env.call('integrations.connections.create', {
      pluginId: 'rest',
      name: 'Wrong secret',
      config: { baseUrl: idp.issuer, healthPath: '/api/me' },
      auth: { type: 'oauth2', flow: 'client_credentials', tokenUrl: `${idp.issuer}/token`, clientId: SERVICE_CLIENT.id, clientSecret: 'not-the-client-secret' },
    });
    const result = await env.call('integrations.connections.test', { id: connection.id });
    expect(result).toMatchObject({ ok: false, status: 'error', error: expect.stringMatching(/^The provider refused the token request \(invalid_client.*\)\. Check the client ID and secret\.$/) });
    expect(result.error).not.toContain('not-the-client-secret');
  });
});
