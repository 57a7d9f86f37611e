import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/contract';
import { vaultReference, type AuthType } from '../../shared/integrations/connection-auth';
import { SERVICE_CLIENT, startOidcProvider, type OidcProvider } from '../fixtures/oidc-provider';
import { createTestCa, type TestCa } from '../fixtures/test-ca';
import { leakedEncodings, startOrigins, type Origins } from '../fixtures/two-origins';
import { integrationsHost, type IntegrationsHost } from '../helpers/integrations-host';
import { openUnlockedHost, TEST_ACCESSOR } from '../helpers/vault';

let ca: TestCa;
let env: IntegrationsHost | undefined;
let origins: Origins | undefined;
let idp: OidcProvider | undefined;

beforeAll(async () => {
  ca = await createTestCa();
});

afterEach(async () => {
  await env?.host.dispose();
  await origins?.close();
  await idp?.close();
  env = origins = idp = undefined;
});

async function start(tls = false): Promise<{ a: Origins['a']; b: Origins['b']; env: IntegrationsHost }> {
  origins = await startOrigins(tls ? ca : undefined);
  env = await integrationsHost();
  return { ...origins, env };
}

function create(baseUrl: string, auth: Record<string, unknown> & { type: AuthType }, settings: Record<string, unknown> = {}): Promise<Connection> {
  return env!.call('integrations.connections.create', { pluginId: 'rest', name: `API ${Math.random().toString(36).slice(2, 8)}`, config: { baseUrl }, auth, settings });
}

const run = (connectionId: string | undefined, params: Record<string, unknown>) =>
  env!.call('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params, connectionId }).then((result) => result.output as Record<string, unknown>);
const attempt = (connectionId: string | undefined, params: Record<string, unknown>) =>
  env!.attempt('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params, connectionId });
const counted = (origin: Origins['a'], route: string) => origin.requests.filter((request) => request.path === route);

describe('the response cache never crosses callers', () => {
  it('keys cached answers by the credentials each request carries', async () => {
    const { a } = await start();
    const counter = (headers: Record<string, string>) => run(undefined, { url: `${a.url}/counter`, headers, cacheTtlSeconds: 60 });
    expect(await counter({ authorization: 'Bearer alice-token-123' })).toMatchObject({ body: { count: 1 }, fromCache: false });
    expect(await counter({})).toMatchObject({ body: { count: 2 }, fromCache: false });
    expect(await counter({ authorization: 'Bearer bob-token-456' })).toMatchObject({ body: { count: 3 }, fromCache: false });
    expect(await counter({ 'x-api-key': 'carol-key-789' })).toMatchObject({ body: { count: 4 }, fromCache: false });
    // The same caller again is served from the cache.
    expect(await counter({ authorization: 'Bearer alice-token-123' })).toMatchObject({ body: { count: 1 }, fromCache: true });
    expect(await counter({ 'x-api-key': 'carol-key-789' })).toMatchObject({ body: { count: 4 }, fromCache: true });
    expect(counted(a, '/counter').map((request) => request.headers.authorization ?? request.headers['x-api-key'] ?? null)).toEqual(['Bearer alice-token-123', null, 'Bearer bob-token-456', 'carol-key-789']);
    // Nothing secret is kept in the cache's keys.
    expect(JSON.stringify([...(env!.host.integrations.client.cache as unknown as { entries: Map<string, unknown> }).entries.keys()])).not.toMatch(/alice|bob|carol/);
  });

  it('forgets a connection\'s cached answers when its secret changes in the vault', async () => {
    const { a } = await start();
    const connection = await create(a.url, { type: 'bearer', token: 'first-token-0123456789' }, { cacheTtlSeconds: 60 });
    await run(connection.id, { url: '/counter' });
    expect(await run(connection.id, { url: '/counter' })).toMatchObject({ body: { count: 1 }, fromCache: true });
    const record = vaultReference((connection.auth as { token: string }).token)!.name;
    await env!.call('vault.set', { name: record, value: { kind: 'secret', value: 'second-token-9876543210' } });
    expect(await run(connection.id, { url: '/counter' })).toMatchObject({ body: { count: 2 }, fromCache: false });
    expect(env!.host.integrations.client.cache.stats().size).toBe(1);
    // Another process (`echelon vault set` while the app runs) writes the same database.
    const other = await openUnlockedHost(env!.dataDir, { shell: 'cli' });
    try {
      other.vault.set({ name: record, value: { kind: 'secret', value: 'third-token-5555555555' } }, TEST_ACCESSOR);
    } finally {
      await other.dispose();
    }
    expect(await run(connection.id, { url: '/counter' })).toMatchObject({ body: { count: 3 }, fromCache: false });
    expect(counted(a, '/counter').map((request) => request.headers.authorization)).toEqual(['Bearer first-token-0123456789', 'Bearer second-token-9876543210', 'Bearer third-token-5555555555']);
    expect(env!.host.integrations.client.cache.stats().size).toBe(1);
  });
});

describe('pagination keeps a connection\'s credentials on its origin', () => {
  it('refuses a Link next page on another origin, and sends it nothing', async () => {
    const { a, b } = await start();
    const connection = await create(a.url, { type: 'bearer', token: 'paging-token-0123456789' });
    const result = await attempt(connection.id, { url: `/pages?next=${encodeURIComponent(b.url)}`, pagination: { mode: 'link' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/next page is on http:\/\/127\.0\.0\.2:\d+, not http:\/\/127\.0\.0\.1:\d+.*without credentials/) } });
    expect(b.requests).toHaveLength(0);
    expect(counted(a, '/pages')).toHaveLength(1);
  });

  it('judges next pages by the origin asked for, not by where a redirect led the first page', async () => {
    const { a, b } = await start();
    const connection = await create(a.url, { type: 'bearer', token: 'paging-token-0123456789' });
    const result = await attempt(connection.id, { url: '/redirect', query: { to: `${b.url}/pages` }, pagination: { mode: 'link' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(b.requests.map((request) => request.headers.authorization ?? null)).toEqual([null]);
  });

  it('refuses a cursor that is a URL on another origin', async () => {
    const { a, b } = await start();
    const connection = await create(a.url, { type: 'api_key', key: 'paging-key-0123456789' });
    const result = await attempt(connection.id, { url: `/cursor?next=${encodeURIComponent(b.url)}`, pagination: { mode: 'cursor', cursorPath: 'next', itemsPath: 'items' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(b.requests).toHaveLength(0);
  });

  it('refuses a next page that drops from https to http', async () => {
    const { a } = await start(true);
    const plain = await startOrigins();
    try {
      const connection = await create(a.url, { type: 'bearer', token: 'paging-token-0123456789', ca: ca.certificate });
      const result = await attempt(connection.id, { url: `/pages?next=${encodeURIComponent(plain.a.url)}`, pagination: { mode: 'link' } });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('plain http') } });
      expect(plain.a.requests).toHaveLength(0);
    } finally {
      await plain.close();
    }
  });

  it('follows other origins without credentials when the connection allows it', async () => {
    const { a, b } = await start();
    const connection = await create(a.url, { type: 'bearer', token: 'paging-token-0123456789' }, { crossOriginPages: 'without_credentials' });
    const linked = await run(connection.id, { url: `/pages?next=${encodeURIComponent(b.url)}`, pagination: { mode: 'link' } });
    expect(linked).toMatchObject({ pages: 3, more: false });
    expect((linked.items as { page: number }[]).map((item) => item.page)).toEqual([1, 2, 3]);
    expect(counted(a, '/pages').map((request) => request.headers.authorization)).toEqual(['Bearer paging-token-0123456789']);
    expect(counted(b, '/pages').map((request) => request.headers.authorization ?? null)).toEqual([null, null]);
  });

  it('refuses other origins for per-request credentials too, and follows them for a request without any', async () => {
    const { a, b } = await start();
    const withHeader = await attempt(undefined, { url: `${a.url}/pages?next=${encodeURIComponent(b.url)}`, headers: { authorization: 'Bearer per-request-0123' }, pagination: { mode: 'link' } });
    expect(withHeader).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(b.requests).toHaveLength(0);
    const anonymous = await run(undefined, { url: `${a.url}/pages?next=${encodeURIComponent(b.url)}`, pagination: { mode: 'link' } });
    expect(anonymous).toMatchObject({ pages: 3 });
  });

  it('stops when the pages add up to more than the total size allowed', async () => {
    const { a } = await start();
    const result = await attempt(undefined, { url: `${a.url}/big?kb=300`, pagination: { mode: 'link', itemsPath: 'items', maxPages: 20, maxTotalMegabytes: 1 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/add up to more than 1 MB after 4 pages.*maxTotalMegabytes/) } });
    expect(counted(a, '/big')).toHaveLength(4);
  });
});

describe('a trusted CA on every kind of connection', () => {
  it('reaches a server signed by the connection\'s CA whatever the auth, and says where to add it', async () => {
    const { a } = await start(true);
    const none = await create(a.url, { type: 'none', ca: ca.certificate });
    const bearer = await create(a.url, { type: 'bearer', token: 'tls-bearer-0123456789', ca: ca.certificate });
    const basic = await create(a.url, { type: 'basic', username: 'ada', password: 'tls-password-0123', ca: ca.certificate });
    for (const connection of [none, bearer, basic]) expect(await run(connection.id, { url: '/echo' })).toMatchObject({ status: 200 });
    expect(counted(a, '/echo').map((request) => request.headers.authorization ?? null)).toEqual([null, 'Bearer tls-bearer-0123456789', `Basic ${Buffer.from('ada:tls-password-0123').toString('base64')}`]);
    const untrusted = await create(a.url, { type: 'bearer', token: 'tls-bearer-0123456789' });
    expect(await attempt(untrusted.id, { url: '/echo' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('add its CA to the connection') } });
    const bad = await env!.attempt('integrations.connections.create', { pluginId: 'rest', name: 'Bad CA', config: { baseUrl: a.url }, auth: { type: 'bearer', token: 'x-0123456789', ca: 'not a pem' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'auth.ca' } });
  });
});

describe('a client certificate is a credential too', () => {
  it('is presented to the connection\'s origin only, not to the origin a redirect leads to', async () => {
    origins = await startOrigins(ca, { askClientCertificate: true });
    env = await integrationsHost();
    const { a, b } = origins;
    const client = await ca.issue('echelon-client', 'client');
    const connection = await create(a.url, { type: 'mtls', certificate: client.certificate, privateKey: client.privateKey, ca: ca.certificate });
    expect(await run(connection.id, { url: '/redirect', query: { to: `${b.url}/echo` } })).toMatchObject({ status: 200 });
    expect(a.requests[0]!.clientCertificate).toBe('echelon-client');
    expect(b.requests).toHaveLength(1);
    expect(b.requests[0]!.clientCertificate).toBeUndefined();
  });
});

describe('timeouts', () => {
  it('reports a request that does not answer in time as a timeout', async () => {
    const { a } = await start();
    const result = await attempt(undefined, { url: `${a.url}/slow?ms=3000`, timeoutSeconds: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', message: expect.stringContaining('did not answer within 1 s') } });
  });
});

describe('secrets of connections stay out of the database', () => {
  it('redacts a query API key holding characters the URL encoders treat differently', async () => {
    const { a } = await start();
    const key = "key~SECRET!QUERY(x) it's";
    const connection = await create(a.url, { type: 'api_key', key, in: 'query', name: 'key' });
    const failure = await attempt(connection.id, { url: '/deny' });
    expect(failure).toMatchObject({ ok: false, error: { message: expect.stringContaining('[redacted:') } });
    expect(a.requests[0]!.url.search).toBe(`?key=${new URLSearchParams({ k: key }).toString().slice(2)}`);
    const output = JSON.stringify(await run(connection.id, { url: '/echo' }));
    expect(leakedEncodings(output, key)).toEqual([]);
    const dataDir = env!.dataDir;
    await env!.host.dispose();
    env = undefined;
    const files = fs.readdirSync(dataDir).filter((file) => file.startsWith('echelon.db') || file === 'logs').flatMap((file) => (file === 'logs' ? fs.readdirSync(path.join(dataDir, file)).map((log) => path.join(dataDir, file, log)) : [path.join(dataDir, file)]));
    const stored = Buffer.concat(files.map((file) => fs.readFileSync(file)));
    expect(leakedEncodings(stored, key)).toEqual([]);
  });
});

describe('OAuth 2.0 client credentials with short-lived tokens', () => {
  it('reuses a token for part of a lifetime shorter than the refresh margin', async () => {
    idp = await startOidcProvider({ accessTokenTtl: 20 });
    env = await integrationsHost();
    const connection = await create(idp.issuer, { type: 'oauth2', flow: 'client_credentials', tokenUrl: `${idp.issuer}/token`, clientId: SERVICE_CLIENT.id, clientSecret: SERVICE_CLIENT.secret, scopes: 'api:read' });
    const me = () => env!.host.integrations.request(connection.id, { url: '/api/me' });
    for (let i = 0; i < 5; i++) expect(await me()).toMatchObject({ status: 200 });
    await Promise.all(Array.from({ length: 5 }, me));
    expect(idp.grants).toEqual(['client_credentials']);
  });
});
