import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/contract';
import type { AuthType } from '../../shared/integrations/connection-auth';
import { startRestApi, type RestApi } from '../fixtures/rest-api';
import { integrationsHost, type IntegrationsHost } from '../helpers/integrations-host';
import { TEST_ACCESSOR } from '../helpers/vault';

let api: RestApi;
let env: IntegrationsHost;

beforeEach(async () => {
  api = await startRestApi({ apiKey: 'rest-api-key-0123456789', bearer: 'rest-bearer-token-abcdef', basic: { username: 'ada', password: 'correct horse battery' } });
  env = await integrationsHost();
});

afterEach(async () => {
  await env.host.dispose();
  await api.close();
});

function create(name: string, auth: Record<string, unknown> & { type: AuthType }, settings: Record<string, unknown> = {}): Promise<Connection> {
  return env.call('integrations.connections.create', { pluginId: 'rest', name, config: { baseUrl: api.url, healthPath: '/health' }, auth, settings });
}

const run = (connectionId: string | undefined, params: Record<string, unknown>) =>
  env.call('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params, connectionId }).then((result) => result.output as Record<string, unknown>);

describe('REST connections', () => {
  it('tests a connection: status goes to connected, the response time is sampled and logged', async () => {
    const connection = await create('Local API', { type: 'none' });
    expect(connection.status).toBe('configuring');
    const result = await env.call('integrations.connections.test', { id: connection.id });
    expect(result).toMatchObject({ ok: true, status: 'connected', httpStatus: 200, error: null });
    expect(result.responseMs).toBeGreaterThan(0);
    const health = await env.call('integrations.connections.health', { id: connection.id });
    expect(health).toHaveLength(1);
    expect(health[0]).toMatchObject({ ok: true, httpStatus: 200 });
    const stored = await env.call('integrations.connections.get', { id: connection.id });
    expect(stored).toMatchObject({ status: 'connected', lastResponseMs: health[0]!.responseMs });
    const events = await env.call('integrations.connections.events', { id: connection.id });
    expect(events.map((event) => event.kind)).toEqual(['test', 'created']);
    expect(events[0]!.message).toMatch(/^Test succeeded in \d+ ms\.$/);
  });

  it('records a failed test with its error and the error status', async () => {
    const connection = await env.call('integrations.connections.create', { pluginId: 'rest', name: 'Broken', config: { baseUrl: api.url, healthPath: '/status/503' }, auth: { type: 'none' } });
    const result = await env.call('integrations.connections.test', { id: connection.id });
    expect(result).toMatchObject({ ok: false, status: 'error', httpStatus: 503 });
    expect(result.error).toContain('HTTP 503: You asked for 503');
    expect((await env.call('integrations.connections.get', { id: connection.id })).statusMessage).toContain('HTTP 503');
  });

  it('sends JSON, form and multipart bodies the server can parse', async () => {
    const connection = await create('Bodies', { type: 'none' });
    const json = await run(connection.id, { method: 'POST', url: '/echo', body: { type: 'json', value: { a: 1, nested: { b: [true] } } }, query: { tag: ['x', 'y'] } });
    expect(json.body).toMatchObject({ method: 'POST', query: { tag: 'y' }, body: { a: 1, nested: { b: [true] } }, headers: { 'content-type': 'application/json' } });
    expect(api.requests.at(-1)!.url.search).toBe('?tag=x&tag=y');

    const form = await run(connection.id, { method: 'PUT', url: '/echo', body: { type: 'form', value: { name: 'Ada Lovelace', n: 3 } } });
    expect(form.body).toMatchObject({ method: 'PUT', body: { name: 'Ada Lovelace', n: '3' }, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    const multipart = await run(connection.id, {
      method: 'POST',
      url: `${api.url}/echo`,
      body: { type: 'multipart', parts: [{ name: 'note', value: 'hello' }, { name: 'file', filename: 'a.txt', contentType: 'text/plain', base64: Buffer.from('file body').toString('base64') }] },
    });
    expect(multipart.body).toMatchObject({ body: { note: 'hello', file: { filename: 'a.txt', type: 'text/plain', text: 'file body' } } });
    expect(String((multipart.body as { headers: Record<string, string> }).headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('follows cursor and Link-header pagination', async () => {
    const connection = await create('Pages', { type: 'none' });
    const cursor = await run(connection.id, { url: '/items', pagination: { mode: 'cursor', cursorParam: 'cursor', cursorPath: 'meta.next_cursor', itemsPath: 'data' } });
    expect(cursor).toMatchObject({ pages: 3, more: false });
    expect((cursor.items as { id: number }[]).map((item) => item.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const linked = await run(connection.id, { url: '/linked', query: { per_page: 2 }, pagination: { mode: 'link', maxPages: 3 } });
    expect(linked).toMatchObject({ pages: 3, more: true });
    expect((linked.items as { id: number }[]).map((item) => item.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('runs without a connection when the URL is absolute, and refuses a relative one', async () => {
    expect(await run(undefined, { url: `${api.url}/health` })).toMatchObject({ status: 200, body: { ok: true } });
    const relative = await env.attempt('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params: { url: '/health' } });
    expect(relative).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'url' } });
  });

  it('reports bad action input with the parameter path, and unknown versions with the installed ones', async () => {
    const bad = await env.attempt('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params: { method: 'BREW', url: 'x' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'params.method' } });
    const version = await env.attempt('integrations.actions.run', { pluginId: 'rest', version: '9.9.9', actionId: 'request', params: {} });
    expect(version).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('installed versions: 1.0.0') } });
  });
});

describe('REST authentication', () => {
  const privateCall = (connectionId: string) => run(connectionId, { url: '/private' });

  it('applies an API key in a header or in the query, a bearer token and basic auth', async () => {
    const header = await create('Key in header', { type: 'api_key', key: 'rest-api-key-0123456789' });
    const query = await create('Key in query', { type: 'api_key', key: 'rest-api-key-0123456789', in: 'query', name: 'api_key' });
    const bearer = await create('Bearer', { type: 'bearer', token: 'rest-bearer-token-abcdef' });
    const basic = await create('Basic', { type: 'basic', username: 'ada', password: 'correct horse battery' });
    for (const connection of [header, query, bearer, basic]) expect(await privateCall(connection.id)).toMatchObject({ status: 200, body: { ok: true } });
    expect(api.requests.find((request) => request.url.searchParams.get('api_key'))).toBeDefined();
    // Each connection decrypted its own secret, as an integration, and nothing else did.
    const readers = env.host.vault.audit.all({ action: 'decrypt' }).map((entry) => `${entry.accessorKind}:${entry.accessorId}`);
    expect(new Set(readers)).toEqual(new Set([header, query, bearer, basic].map((connection) => `integration:${connection.id}`)));
    expect(env.host.vault.read(`REST_${header.id.replace(/-/g, '').slice(0, 6).toUpperCase()}_API_KEY`, TEST_ACCESSOR)).toEqual({ kind: 'api_key', key: 'rest-api-key-0123456789' });
  });

  it('follows redirects, but never carries credentials to another origin', async () => {
    const other = await startRestApi();
    try {
      const connection = await create('Redirected', { type: 'api_key', key: 'rest-api-key-0123456789' });
      // Same origin: the key goes along.
      expect(await run(connection.id, { url: '/redirect', query: { to: '/echo' } })).toMatchObject({ body: { path: '/echo' } });
      expect(api.requests.at(-1)!.headers['x-api-key']).toBe('rest-api-key-0123456789');
      // Another origin: a 303 turns the POST into a GET, and the key stays behind.
      const cross = await run(connection.id, { method: 'POST', url: '/redirect', query: { to: `${other.url}/echo`, status: '303' }, body: { type: 'json', value: { a: 1 } } });
      expect(cross.body).toMatchObject({ method: 'GET', path: '/echo', body: null });
      expect(other.requests.at(-1)!.headers['x-api-key']).toBeUndefined();
      const bearer = await create('Redirected bearer', { type: 'bearer', token: 'rest-bearer-token-abcdef' });
      const kept = await run(bearer.id, { method: 'PUT', url: '/redirect', query: { to: `${other.url}/echo`, status: '307' }, body: { type: 'json', value: { kept: true } } });
      expect(kept.body).toMatchObject({ method: 'PUT', body: { kept: true } });
      expect(other.requests.at(-1)!.headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('keeps only vault references in the connection and its table, and can point at an existing record', async () => {
    env.host.vault.set({ name: 'SHARED_TOKEN', value: { kind: 'secret', value: 'rest-bearer-token-abcdef' } }, TEST_ACCESSOR);
    const shared = await create('Shared', { type: 'bearer', token: '{{ secrets.SHARED_TOKEN }}' });
    expect(shared.auth).toEqual({ type: 'bearer', token: '{{ secrets.SHARED_TOKEN }}' });
    expect(await privateCall(shared.id)).toMatchObject({ status: 200 });
    const typed = await create('Typed', { type: 'basic', username: 'ada', password: 'correct horse battery' });
    expect(JSON.stringify(typed)).not.toContain('correct horse battery');
    const missing = await env.attempt('integrations.connections.create', { pluginId: 'rest', name: 'Missing', config: { baseUrl: api.url }, auth: { type: 'bearer', token: '{{ secrets.NOPE }}' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'auth.token', message: expect.stringContaining('No vault record is named NOPE') } });
  });

  it('refuses bad connection input with a path, writing nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ pluginId: 'rest', name: 'x', config: { baseUrl: 'not a url' }, auth: { type: 'none' } }, 'config.baseUrl'],
      [{ pluginId: 'rest', name: 'x', config: {}, auth: { type: 'oauth9' } }, 'auth.type'],
      [{ pluginId: 'rest', name: 'x', config: {}, auth: { type: 'bearer', token: '' } }, 'auth.token'],
      [{ pluginId: 'rest', name: 'x', config: {}, auth: { type: 'mtls', privateKey: 'not a key' } }, 'auth.certificate'],
      [{ pluginId: 'rest', name: ' ', config: {}, auth: { type: 'none' } }, 'name'],
    ];
    for (const [input, path] of cases) expect(await env.attempt('integrations.connections.create', input)).toMatchObject({ ok: false, error: { code: 'invalid_input', path } });
    expect(await env.attempt('integrations.connections.create', { pluginId: 'nope', name: 'x', config: {}, auth: { type: 'none' } })).toMatchObject({ ok: false, error: { code: 'not_found', path: 'pluginId' } });
    await create('Taken', { type: 'none' });
    expect(await env.attempt('integrations.connections.create', { pluginId: 'rest', name: 'taken', config: {}, auth: { type: 'none' } })).toMatchObject({ ok: false, error: { code: 'conflict', path: 'name' } });
    expect(env.host.vault.list()).toEqual([]);
    expect(await env.call('integrations.connections.list', {})).toHaveLength(1);
  });

  it('never lets a secret into the event log, health errors, error messages, logs or the database', async () => {
    const wrongKey = 'wrong-key-that-is-secret-42';
    const wrongPassword = 'not the password at all';
    const wrong = await create('Wrong key', { type: 'api_key', key: wrongKey, in: 'query', name: 'api_key' });
    const wrongBasic = await create('Wrong basic', { type: 'basic', username: 'ada', password: wrongPassword });
    const failure = await env.attempt('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params: { url: '/private' }, connectionId: wrong.id });
    expect(failure).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining("Check the connection's credentials") } });
    // An API that echoes the credentials back: the output leaving the router is redacted.
    const echoed = await env.call('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params: { url: '/echo' }, connectionId: wrongBasic.id });
    expect(JSON.stringify(echoed)).toContain('[redacted:');
    await env.call('integrations.connections.update', { id: wrong.id, config: { baseUrl: api.url, healthPath: '/private' } });
    const test = await env.call('integrations.connections.test', { id: wrong.id });
    expect(test.ok).toBe(false);

    // The two values the test stored are all the vault holds: the scan misses nothing.
    expect(env.host.vault.list().map((record) => env.host.vault.read(record.name, TEST_ACCESSOR))).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'api_key', key: wrongKey }), expect.objectContaining({ kind: 'basic', password: wrongPassword })]),
    );
    expect(env.host.vault.list()).toHaveLength(2);
    const secrets = [wrongKey, wrongPassword, Buffer.from(`ada:${wrongPassword}`).toString('base64')];
    const outputs = [
      JSON.stringify(failure),
      JSON.stringify(echoed),
      JSON.stringify(test),
      JSON.stringify(await env.call('integrations.connections.events', { id: wrong.id })),
      JSON.stringify(await env.call('integrations.connections.health', { id: wrong.id })),
      JSON.stringify(await env.call('integrations.connections.list', {})),
    ];
    await env.host.dispose();
    const dbFiles = fs.readdirSync(env.dataDir).filter((file) => file.startsWith('echelon.db'));
    const files = [...dbFiles.map((file) => path.join(env.dataDir, file)), path.join(env.dataDir, 'logs', 'echelon.log')].filter((file) => fs.existsSync(file));
    for (const secret of secrets) {
      for (const output of outputs) expect(output).not.toContain(secret);
      for (const file of files) expect(fs.readFileSync(file).includes(Buffer.from(secret))).toBe(false);
    }
  });
});

describe('rate limits and the response cache', () => {
  it('spaces requests by the connection token bucket', async () => {
    const connection = await create('Bucket', { type: 'none' }, { rateLimit: { requestsPerSecond: 10, burst: 2 } });
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => run(connection.id, { url: '/health' })));
    const arrivals = api.requests.filter((request) => request.path === '/health').map((request) => request.at - started);
    expect(arrivals).toHaveLength(6);
    // Two at once from the burst, then one per 100 ms.
    expect(arrivals[1]!).toBeLessThan(80);
    expect(arrivals[5]! - arrivals[1]!).toBeGreaterThanOrEqual(360);
  });

  it('honours Retry-After on a 429: the whole connection waits, then the request is retried', async () => {
    const connection = await create('Limited', { type: 'none' });
    api.rateLimit(1, '1');
    const started = performance.now();
    const limited = run(connection.id, { url: '/limited' });
    // Sent while the connection is paused: it must wait too.
    await expect.poll(() => api.requests.filter((request) => request.path === '/limited').length).toBe(1);
    const other = run(connection.id, { url: '/health' });
    expect(await limited).toMatchObject({ status: 200 });
    await other;
    const [first, second] = api.requests.filter((request) => request.path === '/limited');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    expect(api.requests.find((request) => request.path === '/health')!.at - started).toBeGreaterThanOrEqual(990);
    const events = await env.call('integrations.connections.events', { id: connection.id });
    expect(events[0]).toMatchObject({ level: 'warn', kind: 'rate_limit', message: expect.stringContaining('answered HTTP 429; waiting 1.0 s') });
  });

  it('gives up with the 429 when the server asks to wait longer than allowed', async () => {
    const connection = await create('Too long', { type: 'none' });
    api.rateLimit(1, '3600');
    const result = await env.attempt('integrations.actions.run', { pluginId: 'rest', version: '1.0.0', actionId: 'request', params: { url: '/limited' }, connectionId: connection.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('HTTP 429') } });
  });

  it('serves idempotent GETs from the cache within the TTL, never POSTs or no-store responses', async () => {
    const connection = await create('Cached', { type: 'none' }, { cacheTtlSeconds: 60 });
    const first = await env.host.integrations.request(connection.id, { url: '/counter' });
    const second = await env.host.integrations.request(connection.id, { url: '/counter' });
    expect(first).toMatchObject({ fromCache: false, body: { count: 1 } });
    expect(second).toMatchObject({ fromCache: true, body: { count: 1 } });
    expect(api.counterCalls()).toBe(1);
    expect(await env.host.integrations.request(connection.id, { url: '/counter', cacheTtlMs: 0 })).toMatchObject({ fromCache: false, body: { count: 2 } });
    expect(await env.host.integrations.request(connection.id, { method: 'POST', url: '/counter' })).toMatchObject({ fromCache: false, body: { count: 3 } });
    await env.host.integrations.request(connection.id, { url: '/no-store' });
    expect(await env.host.integrations.request(connection.id, { url: '/no-store' })).toMatchObject({ fromCache: false, body: { count: 5 } });
    expect(env.host.integrations.client.cache.stats()).toMatchObject({ hits: 1 });
    // A changed connection drops its cached answers.
    await env.call('integrations.connections.update', { id: connection.id, name: 'Cached (renamed)' });
    expect(await env.host.integrations.request(connection.id, { url: '/counter' })).toMatchObject({ fromCache: false, body: { count: 6 } });
  });

  it('passes an Idempotency-Key through to the API', async () => {
    const connection = await create('Idempotent', { type: 'none' });
    await env.host.integrations.runAction('rest', '1.0.0', 'request', { method: 'POST', url: '/echo', body: { type: 'json', value: {} } }, { connectionId: connection.id, idempotencyKey: 'run-42-step-3' });
    expect(api.requests.at(-1)!.headers['idempotency-key']).toBe('run-42-step-3');
  });
});
