import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import type { SecretValue } from '../../shared/secrets/secret-kinds';
import { createTestCa, type TestCa } from '../fixtures/test-ca';
import { leakedEncodings, startOrigins, type Origins } from '../fixtures/two-origins';
import { chain, manualStart, node, runToEnd } from '../helpers/engine';
import { tempDir } from '../helpers/temp-dir';
import { openUnlockedHost, TEST_ACCESSOR } from '../helpers/vault';

const API_KEY = 'node-api-key-7f3a9c21e4';
const TENANT = 'tenant-secret-5b8e01d2';
/** Azure client secrets often hold `~`; URLSearchParams and the URL parser encode these characters differently. */
const AZURE = "key~SECRET!QUERY(x) it's";
const LOGIN = { username: 'svc-reader', password: 'pa55~word!(long)' };
/** Short enough that the redactor only takes it as a whole token: its Basic header must still be redacted. */
const SHORT_LOGIN = { username: 'svc', password: 'pw~5!' };

let ca: TestCa;
let host: Host | undefined;
let dataDir: string;
const servers: Origins[] = [];

beforeAll(async () => {
  ca = await createTestCa();
});

afterEach(async () => {
  await host?.dispose();
  host = undefined;
  for (const origins of servers.splice(0)) await origins.close();
});

async function start(tls = false): Promise<Origins> {
  const origins = await startOrigins(tls ? ca : undefined);
  servers.push(origins);
  dataDir = tempDir('echelon-http-node-');
  host = await openUnlockedHost(dataDir);
  const records: [string, SecretValue][] = [
    ['API_KEY', { kind: 'api_key', key: API_KEY }],
    ['TENANT', { kind: 'secret', value: TENANT }],
    ['AZURE', { kind: 'secret', value: AZURE }],
    ['LOGIN', { kind: 'basic', ...LOGIN }],
    ['SHORT_LOGIN', { kind: 'basic', ...SHORT_LOGIN }],
  ];
  for (const [name, value] of records) host.vault.set({ name, value }, TEST_ACCESSOR);
  await host.engine.start({ owner: 'test', recover: true });
  return origins;
}

const call = (parameters: Record<string, unknown>, extra: Parameters<typeof node>[2] = {}) => node('http-request.send', parameters, { id: 'call', name: 'Call', ...extra });

/** Every byte the execution left on disk: the database (and its WAL) and the log. */
async function storedBytes(): Promise<Buffer> {
  await host!.dispose();
  host = undefined;
  const files = fs.readdirSync(dataDir).filter((file) => file.startsWith('echelon.db')).map((file) => path.join(dataDir, file));
  const log = path.join(dataDir, 'logs', 'echelon.log');
  if (fs.existsSync(log)) files.push(log);
  return Buffer.concat(files.map((file) => fs.readFileSync(file)));
}

describe.each([
  ['plain HTTP', false],
  ['TLS with a CA made for the test', true],
])('HTTP request node over %s: a credential never leaves its origin', (_label, tls) => {
  it.each([302, 307])('drops the node\'s API key header and a header built from secrets on a %i to another origin', async (status) => {
    const { a, b } = await start(tls);
    const detail = await runToEnd(
      host!,
      chain('Redirected', [
        manualStart(),
        call(
          {
            method: 'POST',
            url: `${a.url}/redirect`,
            query: [{ name: 'to', value: `${b.url}/echo` }, { name: 'status', value: String(status) }],
            authentication: 'header',
            headerName: 'X-API-Key',
            headers: [{ name: 'X-Tenant', value: '{{ secrets.TENANT }}' }, { name: 'Accept', value: 'application/json' }],
            bodyType: 'json',
            jsonBody: { note: 'hello' },
            caCertificate: tls ? ca.certificate : undefined,
          },
          { credentials: { auth: { secret: 'API_KEY' } } },
        ),
      ]),
    );
    expect(detail.status, JSON.stringify(detail.error)).toBe('succeeded');
    expect(a.requests[0]!.headers).toMatchObject({ 'x-api-key': API_KEY, 'x-tenant': TENANT });
    expect(b.requests).toHaveLength(1);
    const arrived = b.requests[0]!;
    expect(arrived.headers['x-api-key']).toBeUndefined();
    expect(arrived.headers['x-tenant']).toBeUndefined();
    expect(arrived.headers.accept).toBe('application/json');
    // A 307 keeps the method and a body that holds no secret; a 302 turns a POST into a GET.
    expect(arrived.method).toBe(status === 307 ? 'POST' : 'GET');
    expect(arrived.body.toString()).toBe(status === 307 ? '{"note":"hello"}' : '');
  });

  it('refuses to resend a body holding a secret to another origin on a 307', async () => {
    const { a, b } = await start(tls);
    const detail = await runToEnd(
      host!,
      chain('Body with a secret', [
        manualStart(),
        call({
          method: 'POST',
          url: `${a.url}/redirect`,
          query: [{ name: 'to', value: `${b.url}/echo` }, { name: 'status', value: '307' }],
          bodyType: 'json',
          jsonBody: { token: '{{ secrets.TENANT }}' },
          caCertificate: tls ? ca.certificate : undefined,
        }),
      ]),
    );
    expect(detail.status).toBe('failed');
    expect(detail.error!.message).toMatch(/redirected the POST to .*127\.0\.0\.2.*another origin.*body holds a credential/);
    expect(b.requests).toHaveLength(0);
    expect(a.requests[0]!.body.toString()).toBe(`{"token":"${TENANT}"}`);
  });
});

describe('HTTP request node: secrets stay out of what the execution stores', () => {
  it('redacts a query secret in every encoding the URL encoders give it', async () => {
    const { a } = await start();
    const inQuery = await runToEnd(host!, chain('Query param', [manualStart(), call({ url: `${a.url}/deny`, query: [{ name: 'key', value: '{{ secrets.AZURE }}' }] })]));
    expect(inQuery.status).toBe('failed');
    expect(inQuery.error!.message).toContain('[redacted:AZURE]');
    const inUrl = await runToEnd(host!, chain('Secret in the URL', [manualStart(), call({ url: `${a.url}/deny?key={{ secrets.AZURE }}` })]));
    expect(inUrl.status).toBe('failed');
    const echoed = await runToEnd(host!, chain('Echoed', [manualStart(), call({ url: `${a.url}/echo`, query: [{ name: 'key', value: '{{ secrets.AZURE }}' }], fullResponse: true })]));
    expect(echoed.status).toBe('succeeded');
    // The servers did receive the secret, in the encodings under test.
    expect(a.requests.map((request) => request.url.search)).toEqual([
      `?key=${new URLSearchParams({ k: AZURE }).toString().slice(2)}`,
      `?key=${urlParserForm(AZURE)}`,
      `?key=${new URLSearchParams({ k: AZURE }).toString().slice(2)}`,
    ]);
    const stored = await storedBytes();
    expect(leakedEncodings(stored, AZURE)).toEqual([]);
  });

  it('redacts the Basic header the node builds, short passwords included, but never the username alone', async () => {
    const { a } = await start();
    const detail = await runToEnd(
      host!,
      chain('Basic', [
        manualStart(),
        call({ url: `${a.url}/echo`, authentication: 'basic' }, { credentials: { auth: { secret: 'LOGIN' } } }),
        node('http-request.send', { url: `${a.url}/echo`, authentication: 'basic' }, { id: 'short', name: 'Short', credentials: { auth: { secret: 'SHORT_LOGIN' } } }),
        node('transform.edit', { fields: [{ name: 'note', value: `${LOGIN.username}-token for ${SHORT_LOGIN.username}` }] }, { id: 'note', name: 'Note' }),
      ]),
    );
    expect(detail.status, JSON.stringify(detail.error)).toBe('succeeded');
    expect(a.requests.map((request) => request.headers.authorization)).toEqual([
      `Basic ${Buffer.from(`${LOGIN.username}:${LOGIN.password}`).toString('base64')}`,
      `Basic ${Buffer.from(`${SHORT_LOGIN.username}:${SHORT_LOGIN.password}`).toString('base64')}`,
    ]);
    const note = detail.steps.find((step) => step.nodeId === 'note')!;
    expect(JSON.stringify(note.output.value)).toContain('svc-reader-token for svc');
    const stored = await storedBytes();
    expect(leakedEncodings(stored, LOGIN.password, LOGIN.username)).toEqual([]);
    expect(leakedEncodings(stored, SHORT_LOGIN.password, SHORT_LOGIN.username)).toEqual([]);
    expect(stored.includes(Buffer.from('svc-reader-token for svc'))).toBe(true);
  });
});

describe('HTTP request node: failures say what happened', () => {
  it('reports a timeout as a timeout, and retries it as the node asks', async () => {
    const { a } = await start();
    const detail = await runToEnd(host!, chain('Slow', [manualStart(), call({ url: `${a.url}/slow?ms=3000`, timeoutMs: 300 }, { retry: { maxTries: 3, baseDelayMs: 10, maxDelayMs: 10 } })]));
    expect(detail.status).toBe('failed');
    expect(detail.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('did not answer within 0.3 s') });
    expect(a.requests.filter((request) => request.path === '/slow')).toHaveLength(3);
  });

  it('trusts the CA given to the node, and says where to give it when missing', async () => {
    const { a } = await start(true);
    const untrusted = await runToEnd(host!, chain('Untrusted', [manualStart(), call({ url: `${a.url}/echo` })]));
    expect(untrusted.status).toBe('failed');
    expect(untrusted.error!.message).toMatch(/not trusted.*CA certificate/);
    const trusted = await runToEnd(host!, chain('Trusted', [manualStart(), call({ url: `${a.url}/echo`, caCertificate: ca.certificate })]));
    expect(trusted.status, JSON.stringify(trusted.error)).toBe('succeeded');
    const bad = await runToEnd(host!, chain('Bad CA', [manualStart(), call({ url: `${a.url}/echo`, caCertificate: 'not a certificate' })]));
    expect(bad.error!.message).toMatch(/CA certificate is not a PEM certificate/);
  });

  it('fails on too many redirects instead of returning the last 302', async () => {
    const { a } = await start();
    const detail = await runToEnd(host!, chain('Loop', [manualStart(), call({ url: `${a.url}/loop` })]));
    expect(detail.status).toBe('failed');
    expect(detail.error!.message).toMatch(/too many redirects/i);
    expect(a.requests.filter((request) => request.path === '/loop')).toHaveLength(6);
  });

  it('names the status with its standard reason phrase when the server gives no body', async () => {
    const { a } = await start();
    const detail = await runToEnd(host!, chain('Unavailable', [manualStart(), call({ url: `${a.url}/status/503` })]));
    expect(detail.error!.message).toBe(`503 Service Unavailable from GET ${a.url}/status/503`);
  });
});

/** What the WHATWG URL parser makes of a query value typed straight into the URL. */
function urlParserForm(value: string): string {
  return new URL(`http://x/?k=${value}`).search.slice(3);
}
