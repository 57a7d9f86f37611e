import { generateKeyPairSync } from 'node:crypto';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import type { RevealedField, RevealPrompt } from '../../electron/main/services/vault/reveal-prompt';
import { EchelonError } from '../../shared/contract';
import { tempDir } from '../helpers/temp-dir';
import { CLIENT_CERT, CLIENT_KEY, openHost, PASSPHRASE } from '../helpers/vault';

const hosts: Host[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const host of hosts.splice(0)) await host.dispose();
});

function track(host: Host): Host {
  hosts.push(host);
  return host;
}

async function created(dataDir = tempDir(), options: Parameters<typeof openHost>[1] = {}): Promise<Host> {
  const host = track(openHost(dataDir, options));
  await host.vault.create(PASSPHRASE);
  return host;
}

const user = { kind: 'user', id: 'test' } as const;
const mcp = { kind: 'mcp', id: 'github' } as const;

async function call(host: Host, method: string, input: unknown) {
  return host.router.call(method, input, { caller: 'test' });
}

function errorOf(run: () => unknown): EchelonError {
  try {
    run();
  } catch (error) {
    if (error instanceof EchelonError) return error;
    throw error;
  }
  throw new Error('expected an EchelonError');
}

describe('vault lifecycle', () => {
  it('is absent until created, then unlocked; lock forgets the key and unlock needs the right passphrase', async () => {
    const host = track(openHost(tempDir()));
    expect(host.vault.status()).toMatchObject({ state: 'absent', recordCount: 0 });
    expect(await call(host, 'vault.set', { name: 'A', value: { kind: 'secret', value: 'abcd-1234' } })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('no vault yet') } });
    await host.vault.create(PASSPHRASE);
    expect(host.vault.status()).toMatchObject({ state: 'unlocked', keyGeneration: 1, autoLockMinutes: 15 });
    expect(await call(host, 'vault.create', { passphrase: 'another passphrase' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-123456' } }, user);
    host.vault.lock();
    expect(host.vault.status().state).toBe('locked');
    expect(errorOf(() => host.vault.reveal('TOKEN', undefined, mcp))).toMatchObject({ code: 'unavailable', message: expect.stringContaining('locked') });
    expect(await call(host, 'vault.unlock', { passphrase: 'wrong' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Wrong passphrase') } });
    expect(host.vault.status().state).toBe('locked');
    await host.vault.unlock(PASSPHRASE);
    expect(host.vault.reveal('TOKEN', undefined, mcp)).toBe('tok-123456');
  });

  it('keeps records across restarts of the process', async () => {
    const dir = tempDir();
    const first = await created(dir);
    first.vault.set({ name: 'TOKEN', value: { kind: 'api_key', key: 'key-abcdef' } }, user);
    await first.dispose();
    hosts.splice(hosts.indexOf(first), 1);
    const second = track(openHost(dir));
    expect(second.vault.status()).toMatchObject({ state: 'locked', recordCount: 1 });
    await second.vault.start({ passphrase: PASSPHRASE });
    expect(second.vault.reveal('TOKEN', undefined, mcp)).toBe('key-abcdef');
  });

  it('locks itself after the idle time, counting from the last use, and never with 0', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const host = await created();
    const events: string[] = [];
    host.bus.on('vault.status', (status) => events.push(status.state));
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-123456' } }, user);
    vi.advanceTimersByTime(14 * 60_000);
    expect(host.vault.reveal('TOKEN', undefined, mcp)).toBe('tok-123456');
    vi.advanceTimersByTime(14 * 60_000);
    expect(host.vault.isUnlocked).toBe(true);
    expect(Date.parse(host.vault.status().autoLockAt!) - Date.now()).toBe(60_000);
    vi.advanceTimersByTime(61_000);
    expect(host.vault.isUnlocked).toBe(false);
    expect(events).toEqual(['locked']);
    expect(host.activity.list(5)[0]!.message).toBe('Vault locked after 15 minutes without use');

    await host.vault.unlock(PASSPHRASE);
    expect((await call(host, 'vault.updateSettings', { autoLockMinutes: 0 })).ok).toBe(true);
    vi.advanceTimersByTime(48 * 60 * 60_000);
    expect(host.vault.isUnlocked).toBe(true);
    expect(host.vault.status()).toMatchObject({ autoLockMinutes: 0, autoLockAt: undefined });
    expect(await call(host, 'vault.updateSettings', { autoLockMinutes: -1 })).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'autoLockMinutes' } });
  });
});

describe('records', () => {
  it('lists metadata with a masked value and non-secret facts, never a secret field', async () => {
    const host = await created();
    host.vault.set({ name: 'DB_LOGIN', value: { kind: 'basic', username: 'alice', password: 'pa55-word' }, description: 'Production DB', tags: ['db', 'prod', 'db'] }, user);
    host.vault.set({ name: 'SLACK', value: { kind: 'oauth2', accessToken: 'xoxb-access-1', refreshToken: 'xoxr-refresh-1', expiresAt: '2030-01-01T00:00:00Z', scopes: ['chat:write'] } }, user);
    const list = host.vault.list();
    expect(list.map((record) => record.name)).toEqual(['DB_LOGIN', 'SLACK']);
    expect(list[0]).toMatchObject({ kind: 'basic', description: 'Production DB', tags: ['db', 'prod'], masked: '••••••••', summary: 'user alice', usedBy: [] });
    expect(list[0]!.fields).toEqual([
      { name: 'username', secret: false, set: true },
      { name: 'password', secret: true, set: true },
    ]);
    expect(list[1]!.summary).toBe('Bearer · expires 2030-01-01T00:00:00Z · scopes chat:write · refreshable');
    const text = JSON.stringify(list);
    for (const secret of ['pa55-word', 'xoxb-access-1', 'xoxr-refresh-1']) expect(text).not.toContain(secret);
  });

  it('serves {{ secrets.NAME }} by the primary field and {{ secrets.NAME.field }} by name', async () => {
    const host = await created();
    host.vault.set({ name: 'DB_LOGIN', value: { kind: 'basic', username: 'alice', password: 'pa55-word' } }, user);
    expect(host.vault.reveal('DB_LOGIN', undefined, mcp)).toBe('pa55-word');
    expect(host.vault.reveal('DB_LOGIN', 'username', mcp)).toBe('alice');
    expect(host.vault.read('DB_LOGIN', mcp)).toEqual({ kind: 'basic', username: 'alice', password: 'pa55-word' });
    expect(host.vault.exists('DB_LOGIN')).toBe(true);
    expect(host.vault.exists('NOPE')).toBe(false);
    expect(errorOf(() => host.vault.reveal('NOPE', undefined, mcp))).toMatchObject({ code: 'not_found', message: expect.stringContaining('No secret named "NOPE"') });
    expect(errorOf(() => host.vault.reveal('DB_LOGIN', 'token', mcp))).toMatchObject({ code: 'not_found', message: expect.stringContaining('has no field "token"; it has username, password') });
  });

  it('replaces a value, bumps its version, and updates details alone without a value', async () => {
    const host = await created();
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'first-value' } }, user);
    host.vault.set({ name: 'TOKEN', value: { kind: 'api_key', key: 'second-value' } }, user);
    host.vault.set({ name: 'TOKEN', description: 'rotated monthly', tags: ['ci'] }, user);
    expect(host.vault.reveal('TOKEN', undefined, mcp)).toBe('second-value');
    expect(host.vault.list()[0]).toMatchObject({ kind: 'api_key', description: 'rotated monthly', tags: ['ci'] });
    const db = new Database(host.store.file, { readonly: true });
    expect(db.prepare('SELECT version FROM vault_records').pluck().get()).toBe(2);
    db.close();
  });

  it('refuses bad input with a clear error naming the field, and keeps what was there', async () => {
    const host = await created();
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'first-value' } }, user);
    const cases: [unknown, string, RegExp][] = [
      [{ name: '1BAD', value: { kind: 'secret', value: 'abcdefgh' } }, 'name', /letters, digits and _/],
      [{ name: 'NEW_ONE' }, 'value', /new secret: give it a value/],
      [{ name: 'TOKEN', value: { kind: 'secret', value: 'abc' } }, 'value.value', /at least 4 characters/],
      [{ name: 'TOKEN', value: { kind: 'secret', value: '' } }, 'value.value', /./],
      [{ name: 'TOKEN', value: { kind: 'nonsense', value: 'abcdefgh' } }, 'value.kind', /./],
      [{ name: 'CERT', value: { kind: 'certificate', certificate: 'not a pem', privateKey: CLIENT_KEY } }, 'value.certificate', /not a PEM certificate/],
      [{ name: 'CERT', value: { kind: 'certificate', certificate: CLIENT_CERT, privateKey: 'nope-nope' } }, 'value.privateKey', /not a PEM private key/],
      [{ name: 'JWT', value: { kind: 'jwt_key', privateKey: CLIENT_KEY, algorithm: 'RS256' } }, 'value.privateKey', /ec key, which cannot sign RS256/],
      [{ name: 'OAUTH', value: { kind: 'oauth2', accessToken: 'tok-tok-tok', expiresAt: 'tomorrow' } }, 'value.expiresAt', /ISO date/],
      [{ name: 'TOKEN', tags: ['x'.repeat(65)] }, 'tags.0', /./],
    ];
    for (const [input, path, message] of cases) {
      const result = await call(host, 'vault.set', input);
      expect(result, JSON.stringify(input).slice(0, 80)).toMatchObject({ ok: false, error: { code: 'invalid_input', path } });
      if (!result.ok) expect(result.error.message).toMatch(message);
    }
    expect(host.vault.reveal('TOKEN', undefined, mcp)).toBe('first-value');
    expect(host.vault.list().map((record) => record.name)).toEqual(['TOKEN']);
  });

  it('accepts every kind, validating certificates and keys', async () => {
    const host = await created();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const values = {
      S: { kind: 'secret', value: 'plain-secret' },
      K: { kind: 'api_key', key: 'api-key-123' },
      B: { kind: 'basic', username: 'bob', password: 'hunter22' },
      O: { kind: 'oauth2', accessToken: 'access-123', scopes: ['a', 'b'] },
      C: { kind: 'certificate', certificate: CLIENT_CERT, privateKey: CLIENT_KEY },
      SSH: { kind: 'ssh_key', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', publicKey: 'ssh-ed25519 AAAAC3Nza alice@laptop' },
      J: { kind: 'jwt_key', privateKey: rsa, algorithm: 'RS256', keyId: 'k1' },
      H: { kind: 'jwt_key', privateKey: 'shared-hmac-secret', algorithm: 'HS256' },
    } as const;
    for (const [name, value] of Object.entries(values)) expect((await call(host, 'vault.set', { name, value })).ok, name).toBe(true);
    const summaries = Object.fromEntries(host.vault.list().map((record) => [record.name, record.summary]));
    expect(summaries).toMatchObject({ C: expect.stringMatching(/^echelon-test-client · expires 2\d{3}-/), SSH: 'ssh-ed25519 alice@laptop', J: 'RS256 · kid k1', O: 'Bearer · scopes a b' });
    expect(host.vault.reveal('O', 'scopes', mcp)).toBe('a b');
    expect(host.vault.reveal('C', undefined, mcp)).toBe(CLIENT_CERT);
  });

  it('removes a record; removing an unknown name is not_found', async () => {
    const host = await created();
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-123456' } }, user);
    expect(await call(host, 'vault.remove', { name: 'TOKEN' })).toEqual({ ok: true, data: { removed: true } });
    expect(host.vault.exists('TOKEN')).toBe(false);
    expect(await call(host, 'vault.remove', { name: 'TOKEN' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses writes while locked', async () => {
    const host = await created();
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-123456' } }, user);
    host.vault.lock();
    for (const [method, input] of [
      ['vault.set', { name: 'X', value: { kind: 'secret', value: 'abcdefgh' } }],
      ['vault.remove', { name: 'TOKEN' }],
      ['vault.updateSettings', { autoLockMinutes: 5 }],
      ['vault.rotate', { passphrase: PASSPHRASE }],
    ] as const) {
      expect(await call(host, method, input), method).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    }
    expect(host.vault.list()).toHaveLength(1);
  });

  it('implements CredentialStore.write for token refresh, naming the writer in used-by', async () => {
    const host = await created();
    host.vault.write('GH_OAUTH', { kind: 'oauth2', accessToken: 'at-1111', refreshToken: 'rt-1111', tokenType: 'Bearer', scopes: [] }, { usedBy: 'integration:github-1', tags: ['oauth'] });
    host.vault.write('GH_OAUTH', { kind: 'oauth2', accessToken: 'at-2222', refreshToken: 'rt-2222', tokenType: 'Bearer', scopes: [] }, { usedBy: 'conn-7' });
    host.vault.audit.flush();
    expect(host.vault.reveal('GH_OAUTH', undefined, mcp)).toBe('at-2222');
    host.vault.audit.flush();
    expect(host.vault.list()[0]).toMatchObject({ tags: ['oauth'], usedBy: ['mcp:github', 'integration:conn-7', 'integration:github-1'] });
  });
});

describe('audit log', () => {
  it('records every decrypt with the accessor, and keeps last used and used by', async () => {
    const host = await created();
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-123456' } }, user);
    host.vault.set({ name: 'OTHER', value: { kind: 'secret', value: 'other-123456' } }, user);
    host.vault.reveal('TOKEN', undefined, { kind: 'workflow', id: 'wf_1' });
    host.vault.reveal('TOKEN', undefined, { kind: 'mcp', id: 'github' });
    host.vault.read('TOKEN', { kind: 'integration', id: 'conn_9' });
    host.vault.reveal('OTHER', undefined, { kind: 'test', id: 'suite' });
    expect(() => host.vault.reveal('TOKEN', 'nope', { kind: 'mcp', id: 'github' })).toThrow();
    const { entries, total } = host.vault.queryAudit({ action: 'decrypt' }, 50, 0);
    expect(total).toBe(5);
    expect(entries.map((entry) => [entry.recordName, entry.accessorKind, entry.accessorId])).toEqual([
      ['TOKEN', 'mcp', 'github'],
      ['OTHER', 'test', 'suite'],
      ['TOKEN', 'integration', 'conn_9'],
      ['TOKEN', 'mcp', 'github'],
      ['TOKEN', 'workflow', 'wf_1'],
    ]);
    const token = host.vault.list().find((record) => record.name === 'TOKEN')!;
    expect(token.usedBy).toEqual(['mcp:github', 'integration:conn_9', 'workflow:wf_1']);
    expect(Date.parse(token.lastUsedAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('filters, pages and exports as JSON and CSV', async () => {
    const host = await created();
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-123456' } }, user);
    for (let i = 0; i < 12; i++) host.vault.reveal('TOKEN', undefined, { kind: 'workflow', id: `wf_${i}` });
    host.vault.reveal('TOKEN', undefined, { kind: 'mcp', id: '=cmd|calc' });
    const page = await call(host, 'vault.audit', { accessorKind: 'workflow', limit: 5, offset: 10 });
    expect(page).toMatchObject({ ok: true, data: { total: 12 } });
    expect((page as { data: { entries: { accessorId: string }[] } }).data.entries.map((entry) => entry.accessorId)).toEqual(['wf_1', 'wf_0']);
    expect(host.vault.queryAudit({ accessorId: 'wf_1' }, 50, 0).total).toBe(3);
    expect(host.vault.queryAudit({ name: 'TOK' }, 50, 0).total).toBe(14);
    expect(host.vault.queryAudit({ name: '%' }, 50, 0).total).toBe(0);
    expect(host.vault.queryAudit({ since: new Date(Date.now() + 60_000).toISOString() }, 50, 0).total).toBe(0);

    const json = await call(host, 'vault.exportAudit', { format: 'json', action: 'decrypt' });
    expect(json).toMatchObject({ ok: true, data: { contentType: 'application/json', entries: 13, filename: expect.stringMatching(/\.json$/) } });
    expect(JSON.parse((json as { data: { content: string } }).data.content)).toHaveLength(13);
    const csv = await call(host, 'vault.exportAudit', { format: 'csv', accessorKind: 'mcp' });
    const lines = (csv as { data: { content: string } }).data.content.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,action,recordName,accessorKind,accessorId,detail');
    expect(lines).toHaveLength(2);
    // A formula-looking accessor id is defused for spreadsheets.
    expect(lines[1]).toContain(",mcp,'=cmd|calc,");
  });
});

describe('redaction', () => {
  it('registers every secret field on unlock and write, not the non-secret ones', async () => {
    const dir = tempDir();
    const host = await created(dir);
    host.vault.set({ name: 'DB_LOGIN', value: { kind: 'basic', username: 'alice-user', password: 'pa55-word' } }, user);
    host.vault.set({ name: 'OAUTH', value: { kind: 'oauth2', accessToken: 'access-tok-1', refreshToken: 'refresh-tok-1' } }, user);
    expect(host.redactor.redact('alice-user pa55-word access-tok-1 refresh-tok-1')).toBe('alice-user [redacted:DB_LOGIN] [redacted:OAUTH] [redacted:OAUTH.refreshToken]');
    await host.dispose();
    hosts.splice(0);
    const next = track(openHost(dir));
    expect(next.redactor.redact('pa55-word')).toBe('pa55-word');
    await next.vault.unlock(PASSPHRASE);
    expect(next.redactor.redact('pa55-word refresh-tok-1')).toBe('[redacted:DB_LOGIN] [redacted:OAUTH.refreshToken]');
  });

  it('on lock forgets values that never left the vault, and keeps those handed out (they may be in flight)', async () => {
    const host = await created();
    host.vault.set({ name: 'USED', value: { kind: 'secret', value: 'used-value-1' } }, user);
    host.vault.set({ name: 'UNUSED', value: { kind: 'secret', value: 'unused-other-2' } }, user);
    host.vault.reveal('USED', undefined, mcp);
    host.vault.lock();
    expect(host.redactor.redact('used-value-1 unused-other-2')).toBe('[redacted:USED] unused-other-2');
    await host.vault.unlock(PASSPHRASE);
    expect(host.redactor.redact('used-value-1 unused-other-2')).toBe('[redacted:USED] [redacted:UNUSED]');
  });

  it('keeps a replaced or removed value registered if it was handed out', async () => {
    const host = await created();
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'old-value-1' } }, user);
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'unused-middle' } }, user);
    host.vault.reveal('TOKEN', undefined, mcp);
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'new-value-1' } }, user);
    expect(host.redactor.redact('old-value-1 unused-middle new-value-1')).toBe('old-value-1 [redacted:TOKEN (v2)] [redacted:TOKEN]');
    host.vault.reveal('TOKEN', undefined, mcp);
    host.vault.remove('TOKEN', user);
    expect(host.redactor.redact('new-value-1')).toBe('[redacted:TOKEN (v3)]');
  });

  it('registers a value written by another process at the moment it is used', async () => {
    const dir = tempDir();
    const serve = await created(dir);
    const cli = track(openHost(dir));
    await cli.vault.unlock(PASSPHRASE);
    cli.vault.set({ name: 'FROM_CLI', value: { kind: 'secret', value: 'cli-written-1' } }, user);
    expect(serve.redactor.redact('cli-written-1')).toBe('cli-written-1');
    expect(serve.vault.reveal('FROM_CLI', undefined, mcp)).toBe('cli-written-1');
    expect(serve.redactor.redact('cli-written-1')).toBe('[redacted:FROM_CLI]');
  });
});

describe('master-key rotation', () => {
  it('re-encrypts every record under a new key, reporting progress, and needs the passphrase', async () => {
    const host = await created();
    for (let i = 0; i < 600; i++) host.vault.set({ name: `S_${i}`, value: { kind: 'secret', value: `value-${i}-xyz` } }, user);
    const before = new Database(host.store.file, { readonly: true });
    const oldCiphertexts = before.prepare('SELECT ciphertext FROM vault_records ORDER BY id').pluck().all() as Buffer[];
    before.close();
    expect(await call(host, 'vault.rotate', { passphrase: 'wrong' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const progress: string[] = [];
    host.bus.on('vault.rotation', ({ phase, done, total }) => progress.push(`${phase} ${done}/${total}`));
    const result = await call(host, 'vault.rotate', { passphrase: PASSPHRASE });
    expect(result).toMatchObject({ ok: true, data: { records: 600, keyGeneration: 2 } });
    expect(progress).toEqual(['encrypt 250/600', 'encrypt 500/600', 'encrypt 600/600', 'write 250/600', 'write 500/600', 'done 600/600']);
    const after = new Database(host.store.file, { readonly: true });
    const rows = after.prepare('SELECT ciphertext, key_generation FROM vault_records ORDER BY id').all() as { ciphertext: Buffer; key_generation: number }[];
    const slots = after.prepare('SELECT protector, key_generation FROM vault_key_slots').all();
    after.close();
    expect(rows.every((row, i) => row.key_generation === 2 && !row.ciphertext.equals(oldCiphertexts[i]!))).toBe(true);
    expect(slots).toEqual([{ protector: 'passphrase', key_generation: 2 }]);
    expect(host.vault.reveal('S_599', undefined, mcp)).toBe('value-599-xyz');
    host.vault.lock();
    await host.vault.unlock(PASSPHRASE);
    expect(host.vault.reveal('S_0', undefined, mcp)).toBe('value-0-xyz');
    expect(host.vault.queryAudit({ action: 'rotate' }, 5, 0).entries[0]).toMatchObject({ accessorKind: 'user', detail: '600 records re-encrypted under key generation 2' });
  });

  it('refuses writes while a rotation runs', async () => {
    const host = await created();
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-123456' } }, user);
    const rotation = host.vault.rotate(PASSPHRASE, user);
    await Promise.resolve();
    const during = errorOf(() => host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-changed' } }, user));
    await rotation;
    expect(during).toMatchObject({ code: 'conflict', message: expect.stringContaining('rotation is in progress') });
    expect(host.vault.reveal('TOKEN', undefined, mcp)).toBe('tok-123456');
  });

  it('makes a process that unlocked before a rotation elsewhere unlock again instead of writing with the old key', async () => {
    const dir = tempDir();
    const first = await created(dir);
    first.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-123456' } }, user);
    const second = track(openHost(dir));
    await second.vault.unlock(PASSPHRASE);
    await second.vault.rotate(PASSPHRASE, user);
    expect(errorOf(() => first.vault.reveal('TOKEN', undefined, mcp))).toMatchObject({ code: 'conflict', message: expect.stringContaining('rotated by another Echelon process') });
    expect(errorOf(() => first.vault.set({ name: 'NEW', value: { kind: 'secret', value: 'new-123456' } }, user))).toMatchObject({ code: 'conflict' });
    first.vault.lock();
    await first.vault.unlock(PASSPHRASE);
    expect(first.vault.reveal('TOKEN', undefined, mcp)).toBe('tok-123456');
  });
});

describe('integrity', () => {
  function withDb(host: Host, run: (db: Database.Database) => void) {
    const db = new Database(path.join(host.info.dataDir, 'echelon.db'));
    run(db);
    db.close();
  }

  it('refuses a tampered ciphertext with an error naming the record, and returns nothing', async () => {
    const host = await created();
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-123456' } }, user);
    host.vault.set({ name: 'OTHER', value: { kind: 'secret', value: 'other-123456' } }, user);
    withDb(host, (db) => {
      const ciphertext = db.prepare("SELECT ciphertext FROM vault_records WHERE name = 'TOKEN'").pluck().get() as Buffer;
      ciphertext[3]! ^= 0x40;
      db.prepare("UPDATE vault_records SET ciphertext = ? WHERE name = 'TOKEN'").run(ciphertext);
    });
    const error = errorOf(() => host.vault.reveal('TOKEN', undefined, mcp));
    expect(error.message).toContain('The stored value of "TOKEN" failed its integrity check');
    expect(error.message).not.toContain('tok-123456');
    expect(host.vault.reveal('OTHER', undefined, mcp)).toBe('other-123456');
    expect(host.vault.verify()).toEqual([
      { name: 'OTHER', ok: true },
      { name: 'TOKEN', ok: false, message: expect.stringContaining('integrity') },
    ]);
    host.vault.lock();
    await host.vault.unlock(PASSPHRASE);
    expect(host.vault.reveal('OTHER', undefined, mcp)).toBe('other-123456');
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-replaced' } }, user);
    expect(host.vault.reveal('TOKEN', undefined, mcp)).toBe('tok-replaced');
  });

  it('refuses a ciphertext copied onto another record, or rolled back to another version', async () => {
    const host = await created();
    host.vault.set({ name: 'A', value: { kind: 'secret', value: 'value-of-a' } }, user);
    host.vault.set({ name: 'B', value: { kind: 'secret', value: 'value-of-b' } }, user);
    withDb(host, (db) => db.prepare("UPDATE vault_records SET iv = (SELECT iv FROM vault_records WHERE name = 'A'), ciphertext = (SELECT ciphertext FROM vault_records WHERE name = 'A') WHERE name = 'B'").run());
    expect(errorOf(() => host.vault.reveal('B', undefined, mcp)).message).toContain('"B" failed its integrity check');
    withDb(host, (db) => db.prepare("UPDATE vault_records SET version = version + 1 WHERE name = 'A'").run());
    expect(errorOf(() => host.vault.reveal('A', undefined, mcp)).message).toContain('"A" failed its integrity check');
  });
});

describe('reveal', () => {
  it('answers unavailable without the desktop dialog, saying it is a desktop-app feature', async () => {
    const host = await created();
    host.vault.set({ name: 'TOKEN', value: { kind: 'secret', value: 'tok-123456' } }, user);
    expect(await call(host, 'vault.reveal', { name: 'TOKEN' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('desktop-app feature') } });
    expect(host.vault.status().revealAvailable).toBe(false);
  });

  it('with a reveal prompt: decrypts only after confirmation, shows it in the prompt, and returns no value', async () => {
    const shown: RevealedField[][] = [];
    let answer = false;
    const prompt: RevealPrompt = { confirm: async () => answer, show: async (_request, fields) => void shown.push([...fields]) };
    const host = await created(tempDir(), { vault: { revealPrompt: prompt } });
    host.vault.set({ name: 'DB_LOGIN', value: { kind: 'basic', username: 'alice', password: 'pa55-word' } }, user);
    expect(await call(host, 'vault.reveal', { name: 'DB_LOGIN' })).toEqual({ ok: true, data: { shown: false } });
    expect(shown).toEqual([]);
    expect(host.vault.queryAudit({ action: 'reveal' }, 5, 0).total).toBe(0);
    answer = true;
    expect(await call(host, 'vault.reveal', { name: 'DB_LOGIN' })).toEqual({ ok: true, data: { shown: true } });
    expect(shown).toEqual([
      [
        { name: 'username', value: 'alice', secret: false },
        { name: 'password', value: 'pa55-word', secret: true },
      ],
    ]);
    expect(host.vault.queryAudit({ action: 'reveal' }, 5, 0).entries[0]).toMatchObject({ recordName: 'DB_LOGIN', accessorKind: 'user', accessorId: 'test' });
  });
});
