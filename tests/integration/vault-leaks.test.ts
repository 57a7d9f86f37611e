import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRouter } from '../../shared/rpc/router';
import { EchelonError, type Result } from '../../shared/contract';
import { startServe, type ServeProcess } from '../helpers/cli';
import { unusedHandlers } from '../helpers/handlers';
import { tempDir } from '../helpers/temp-dir';
import { CLIENT_CERT, CLIENT_KEY, leaks, openHost, PASSPHRASE } from '../helpers/vault';

const TOKEN = 'ghp_LeakScanToken_0123456789abcdef';
const PASSWORD = 'Leak:Scan/p@ss+word=42';
const ACCESS = 'ya29.leak-scan-access-token';
const REFRESH = '1//leak-scan-refresh-token';
const OLD = 'old-value-handed-out-earlier';
const KEY_LINE = CLIENT_KEY.split('\n')[1]!;
const ALL = [TOKEN, PASSWORD, ACCESS, REFRESH, OLD, KEY_LINE];

/** Every file of the data dir that could hold text: the database (and its WAL) and the logs. */
function dataDirFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('plaintexts stay out of logs, the activity log, errors and the database file', () => {
  it('whatever consumers log, in raw, JSON, URL and base64 forms, before and after lock', async () => {
    const dir = tempDir();
    const host = openHost(dir);
    await host.vault.create(PASSPHRASE);
    const user = { kind: 'user', id: 'test' } as const;
    host.vault.set({ name: 'GITHUB_TOKEN', value: { kind: 'secret', value: OLD } }, user);
    host.vault.reveal('GITHUB_TOKEN', undefined, { kind: 'mcp', id: 'github' });
    host.vault.set({ name: 'GITHUB_TOKEN', value: { kind: 'secret', value: TOKEN } }, user);
    host.vault.set({ name: 'DB_LOGIN', value: { kind: 'basic', username: 'alice', password: PASSWORD } }, user);
    host.vault.set({ name: 'SLACK', value: { kind: 'oauth2', accessToken: ACCESS, refreshToken: REFRESH } }, user);
    host.vault.set({ name: 'MTLS', value: { kind: 'certificate', certificate: CLIENT_CERT, privateKey: CLIENT_KEY } }, user);

    // Careless consumers: values in messages, structured fields, URLs and headers.
    const token = host.vault.reveal('GITHUB_TOKEN', undefined, { kind: 'mcp', id: 'github' });
    const slack = host.vault.read('SLACK', { kind: 'integration', id: 'slack-1' });
    host.vault.read('MTLS', { kind: 'integration', id: 'mtls-1' });
    host.logger.info('mcp', `spawning github with GITHUB_TOKEN=${token}`, { env: { GITHUB_TOKEN: token }, argv: ['--token', token] });
    host.logger.warn('integration', `GET https://slack.example/api?token=${encodeURIComponent(PASSWORD)}`, { authorization: `Bearer ${Buffer.from(ACCESS).toString('base64')}` });
    host.logger.error('integration', 'refresh failed', { body: JSON.stringify({ refresh_token: slack.kind === 'oauth2' ? slack.refreshToken : '' }), key: CLIENT_KEY });
    host.logger.error('mcp', `server printed the old token ${OLD}`);
    host.activity.record('error', 'workflow', `step "call" failed: 401 for ${TOKEN} and ${PASSWORD}`);

    // Router errors: an expected one and an unexpected one, both carrying a value.
    const router = createRouter(
      {
        ...unusedHandlers(),
        'app.status': () => {
          throw new Error(`connect failed with password ${PASSWORD}`);
        },
        'app.activity': () => {
          throw new EchelonError('unavailable', `upstream rejected ${TOKEN}`);
        },
      },
      {
        redact: (text) => host.redactor.redact(text),
        onInternalError: (method, error) => host.logger.error('router', `${method} failed`, { error: (error as Error).stack }),
      },
    );
    const errors = [await router.call('app.status', {}, { caller: 'test' }), await router.call('app.activity', {}, { caller: 'test' })];
    expect(errors).toEqual([
      { ok: false, error: expect.objectContaining({ code: 'internal', message: 'app.status failed: connect failed with password [redacted:DB_LOGIN]' }) },
      { ok: false, error: expect.objectContaining({ code: 'unavailable', message: 'upstream rejected [redacted:GITHUB_TOKEN]' }) },
    ]);

    // Values handed out before the lock may still be in flight: still redacted after it.
    host.vault.lock();
    host.logger.error('mcp', `after lock the server still printed ${TOKEN} and ${ACCESS}`);
    host.activity.record('warn', 'mcp', `after lock: ${TOKEN}`);
    await host.vault.unlock(PASSPHRASE);
    host.vault.remove('GITHUB_TOKEN', user);
    host.logger.error('mcp', `after removal the server still printed ${TOKEN}`);

    // While running: the database, its WAL and the log.
    host.vault.audit.flush();
    for (const file of dataDirFiles(dir)) expect(leaks(fs.readFileSync(file), ALL), file).toEqual([]);
    await host.dispose();

    const log = fs.readFileSync(path.join(dir, 'logs', 'echelon.log'), 'utf8');
    expect(log).toContain('GITHUB_TOKEN=[redacted:GITHUB_TOKEN]');
    expect(log).toContain('after lock the server still printed [redacted:GITHUB_TOKEN] and [redacted:SLACK]');
    expect(log).toContain('the old token [redacted:GITHUB_TOKEN (v1)]');
    expect(log).toContain('after removal the server still printed [redacted:GITHUB_TOKEN (v2)]');
    const db = new Database(path.join(dir, 'echelon.db'), { readonly: true });
    const activity = (db.prepare('SELECT message FROM activity_log').pluck().all() as string[]).join('\n');
    db.close();
    expect(activity).toContain('after lock: [redacted:GITHUB_TOKEN]');
    expect(leaks(`${log}\n${activity}`, ALL)).toEqual([]);
    for (const file of dataDirFiles(dir)) expect(leaks(fs.readFileSync(file), ALL), file).toEqual([]);
  });
});

describe('echelon serve and the vault', () => {
  let serve: ServeProcess | undefined;
  afterEach(async () => {
    await serve?.stop();
    serve = undefined;
  });

  async function connect(port: number, token: string) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=${token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    let id = 0;
    const invoke = (method: string, input: unknown) =>
      new Promise<Result<unknown>>((resolve) => {
        const mine = ++id;
        const onMessage = (raw: WebSocket.RawData) => {
          const frame = JSON.parse(raw.toString());
          if (frame.type === 'result' && frame.id === mine) {
            ws.off('message', onMessage);
            resolve(frame.result);
          }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ type: 'invoke', id: mine, method, input }));
      });
    return { ws, invoke };
  }

  it('starts locked without ECHELON_VAULT_PASSPHRASE, unlocked with it, and keeps values out of its output and files', async () => {
    const dir = tempDir();
    const host = openHost(dir);
    await host.vault.create(PASSPHRASE);
    host.vault.set({ name: 'GITHUB_TOKEN', value: { kind: 'secret', value: TOKEN } }, { kind: 'user', id: 'test' });
    await host.dispose();

    serve = await startServe(dir, [], { ECHELON_VAULT_PASSPHRASE: '' });
    let client = await connect(serve.port, serve.token);
    expect(await client.invoke('vault.status', {})).toMatchObject({ ok: true, data: { state: 'locked', recordCount: 1, revealAvailable: false } });
    expect(await client.invoke('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { state: 'unlocked' } });
    expect(await client.invoke('vault.reveal', { name: 'GITHUB_TOKEN' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('desktop-app feature') } });
    client.ws.close();
    expect(await serve.stop()).toBe(0);

    serve = await startServe(dir, [], { ECHELON_VAULT_PASSPHRASE: PASSPHRASE });
    client = await connect(serve.port, serve.token);
    expect(await client.invoke('vault.status', {})).toMatchObject({ ok: true, data: { state: 'unlocked' } });
    expect(await client.invoke('vault.set', { name: 'DB_LOGIN', value: { kind: 'basic', username: 'alice', password: PASSWORD } })).toMatchObject({ ok: true });
    client.ws.close();
    expect(await serve.stop()).toBe(0);
    expect(serve.lines).toHaveLength(1);

    serve = await startServe(dir, [], { ECHELON_VAULT_PASSPHRASE: 'not the passphrase' });
    client = await connect(serve.port, serve.token);
    expect(await client.invoke('vault.status', {})).toMatchObject({ ok: true, data: { state: 'locked' } });
    client.ws.close();
    expect(await serve.stop()).toBe(0);
    for (const file of dataDirFiles(dir)) expect(leaks(fs.readFileSync(file), [TOKEN, PASSWORD, PASSPHRASE]), file).toEqual([]);
  });
});
