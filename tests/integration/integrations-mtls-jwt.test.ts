import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStandIn, type StandIn } from '../fixtures/stand-in-server';
import { createTestCa, type Issued, type TestCa } from '../fixtures/test-ca';
import { vaultReference } from '../../shared/integrations/connection-auth';
import { integrationsHost, type IntegrationsHost } from '../helpers/integrations-host';
import { TEST_ACCESSOR } from '../helpers/vault';

let env: IntegrationsHost;
beforeEach(async () => {
  env = await integrationsHost();
});
afterEach(() => env.host.dispose());

const request = (connectionId: string, url: string) => env.host.integrations.request(connectionId, { url });

describe('mTLS client certificates, with a CA made in the test', () => {
  let ca: TestCa;
  let client: Issued;
  let rogue: Issued;
  let server: StandIn;

  beforeAll(async () => {
    ca = await createTestCa();
    const serverCert = await ca.issue('127.0.0.1', 'server');
    client = await ca.issue('echelon-client', 'client');
    rogue = await (await createTestCa('Rogue CA')).issue('intruder', 'client');
    server = await startStandIn((incoming) => ({ json: { client: incoming.clientCertificate ?? null } }), {
      key: serverCert.privateKey,
      cert: serverCert.certificate,
      ca: [ca.certificate],
      requestCert: true,
      rejectUnauthorized: true,
    });
  });
  afterAll(() => server.close());

  it('presents the client certificate kept in the vault, trusting the server CA given', async () => {
    const connection = await env.call('integrations.connections.create', {
      pluginId: 'rest',
      name: 'mTLS API',
      config: { baseUrl: server.url, healthPath: '/whoami' },
      auth: { type: 'mtls', certificate: client.certificate, privateKey: client.privateKey, ca: ca.certificate },
    });
    expect(connection.auth).toMatchObject({ type: 'mtls', privateKey: expect.stringMatching(/^\{\{ secrets\.REST_[0-9A-F]{6}_CERTIFICATE \}\}$/) });
    expect(JSON.stringify(connection)).not.toContain(client.privateKey.split('\n')[1]);
    const record = vaultReference((connection.auth as { privateKey: string }).privateKey)!.name;
    expect(env.host.vault.read(record, TEST_ACCESSOR)).toMatchObject({ kind: 'certificate', certificate: client.certificate.trim(), privateKey: client.privateKey.trim() });
    expect(await env.call('integrations.connections.test', { id: connection.id })).toMatchObject({ ok: true, httpStatus: 200 });
    expect((await request(connection.id, '/whoami')).body).toEqual({ client: 'echelon-client' });
  });

  it('uses a certificate record already in the vault', async () => {
    env.host.vault.set({ name: 'TEAM_CLIENT_CERT', value: { kind: 'certificate', certificate: client.certificate, privateKey: client.privateKey, ca: ca.certificate } }, TEST_ACCESSOR);
    const connection = await env.call('integrations.connections.create', { pluginId: 'rest', name: 'Shared cert', config: { baseUrl: server.url }, auth: { type: 'mtls', privateKey: '{{ secrets.TEAM_CLIENT_CERT }}' } });
    expect((await request(connection.id, '/whoami')).body).toEqual({ client: 'echelon-client' });
  });

  it('fails clearly when the server refuses the certificate or is not trusted', async () => {
    const untrustedClient = await env.call('integrations.connections.create', {
      pluginId: 'rest',
      name: 'Rogue',
      config: { baseUrl: server.url, healthPath: '/whoami' },
      auth: { type: 'mtls', certificate: rogue.certificate, privateKey: rogue.privateKey, ca: ca.certificate },
    });
    const refused = await env.call('integrations.connections.test', { id: untrustedClient.id });
    expect(refused).toMatchObject({ ok: false, status: 'error', error: expect.stringMatching(/^Could not reach 127\.0\.0\.1:\d+: /) });
    const noCa = await env.call('integrations.connections.create', { pluginId: 'rest', name: 'No CA', config: { baseUrl: server.url, healthPath: '/whoami' }, auth: { type: 'none' } });
    const untrustedServer = await env.call('integrations.connections.test', { id: noCa.id });
    expect(untrustedServer.error).toMatch(/TLS certificate (chain )?is not trusted \(add its CA to the connection\)/);
    const events = JSON.stringify(await env.call('integrations.connections.events', { id: untrustedClient.id }));
    expect(events).not.toContain(rogue.privateKey.split('\n')[1]);
  });

  it('refuses a certificate that is not PEM when the connection is created', async () => {
    const result = await env.attempt('integrations.connections.create', { pluginId: 'rest', name: 'Bad PEM', config: {}, auth: { type: 'mtls', certificate: 'hello', privateKey: client.privateKey } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'auth.certificate', message: expect.stringContaining('not valid PEM') } });
    expect(env.host.vault.list()).toEqual([]);
  });
});

describe('signed JWT bearer tokens', () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  let server: StandIn;
  const verified: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const { createPublicKey, createSecretKey } = await import('node:crypto');
    server = await startStandIn(async (incoming) => {
      const token = /^Bearer (.+)$/.exec(incoming.headers.authorization ?? '')?.[1];
      if (!token) return { status: 401, json: { message: 'missing token' } };
      const algorithm = decodeProtectedHeader(token).alg;
      const key = algorithm === 'HS256' ? createSecretKey(Buffer.from('a shared secret of thirty-two bytes!')) : createPublicKey(keys.publicKey);
      try {
        const { payload } = await jwtVerify(token, key, { issuer: 'echelon-test', audience: 'https://api.example.test' });
        verified.push(payload);
        return { json: { subject: payload.sub } };
      } catch (error) {
        return { status: 401, json: { message: (error as Error).message } };
      }
    });
  });
  afterAll(() => server.close());

  it('signs ES256 tokens the server verifies, with the claims asked for, reused until they near expiry', async () => {
    const connection = await env.call('integrations.connections.create', {
      pluginId: 'rest',
      name: 'JWT API',
      config: { baseUrl: server.url, healthPath: '/health' },
      auth: { type: 'jwt', privateKey: keys.privateKey, algorithm: 'ES256', keyId: 'key-1', issuer: 'echelon-test', subject: 'workflow-runner', audience: 'https://api.example.test', expiresInSeconds: 120 },
    });
    expect(await env.call('integrations.connections.test', { id: connection.id })).toMatchObject({ ok: true });
    await request(connection.id, '/a');
    await request(connection.id, '/b');
    const tokens = server.requests.map((incoming) => /^Bearer (.+)$/.exec(incoming.headers.authorization!)![1]!);
    expect(new Set(tokens).size).toBe(1);
    expect(decodeProtectedHeader(tokens[0]!)).toMatchObject({ alg: 'ES256', kid: 'key-1', typ: 'JWT' });
    const claims = decodeJwt(tokens[0]!);
    expect(claims).toMatchObject({ iss: 'echelon-test', sub: 'workflow-runner', aud: 'https://api.example.test', jti: expect.any(String) });
    expect(claims.exp! - claims.iat!).toBe(120);
    expect(verified).toHaveLength(3);
    // The signed token is a credential: the redactor knows it.
    expect(env.host.redactor.redact(`Authorization: Bearer ${tokens[0]}`)).not.toContain(tokens[0]!);
  });

  it('signs HS256 with a shared secret, and refuses a key that cannot sign', async () => {
    const connection = await env.call('integrations.connections.create', {
      pluginId: 'rest',
      name: 'HS API',
      config: { baseUrl: server.url },
      auth: { type: 'jwt', privateKey: 'a shared secret of thirty-two bytes!', algorithm: 'HS256', issuer: 'echelon-test', audience: 'https://api.example.test' },
    });
    expect(await request(connection.id, '/hs')).toMatchObject({ status: 200 });
    const bad = await env.attempt('integrations.connections.create', { pluginId: 'rest', name: 'Bad key', config: {}, auth: { type: 'jwt', privateKey: 'not a pem key', algorithm: 'RS256' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'auth.privateKey' } });
  });
});
