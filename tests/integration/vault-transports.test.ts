import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bindIpc, type IpcMainLike } from '../../electron/main/app/ipc';
import { startServer, type RunningServer } from '../../electron/main/serve/http-server';
import type { Host } from '../../electron/main/services/host';
import type { RevealedField, RevealPrompt } from '../../electron/main/services/vault/reveal-prompt';
import { IPC_INVOKE } from '../../shared/rpc/bridge';
import type { Result } from '../../shared/contract';
import { tempDir } from '../helpers/temp-dir';
import { CLIENT_CERT, CLIENT_KEY, leaks, openHost, PASSPHRASE } from '../helpers/vault';

/** Every value the scenario stores: none may cross to the renderer in any encoding. */
const PLAINTEXTS = {
  token: 'ghp_TransportScanToken0123456789',
  password: 'p@ss w0rd/with+chars&=?',
  access: 'ya29.access-token-transport',
  refresh: '1//refresh-token-transport',
  replaced: 'second-value-after-replace',
  hmac: 'hmac-shared-secret-transport',
};
const SECRETS = [...Object.values(PLAINTEXTS), CLIENT_KEY.split('\n')[1]!, PASSPHRASE, 'a-new-passphrase-never-echoed'];

type Invoke = (method: string, input: unknown) => Promise<Result<unknown>>;

/**
 * Everything a renderer can do with the vault, plus what consumers do in the main process
 * meanwhile (so audit entries, used-by and events exist), plus calls that fail.
 */
async function exercise(host: Host, invoke: Invoke): Promise<Record<string, Result<unknown>>> {
  const results: Record<string, Result<unknown>> = {};
  const run = async (label: string, method: string, input: unknown) => (results[label] = await invoke(method, input));
  await run('status-absent', 'vault.status', {});
  await run('create-too-short', 'vault.create', { passphrase: 'short' });
  await run('create', 'vault.create', { passphrase: PASSPHRASE });
  await run('set-token', 'vault.set', { name: 'GITHUB_TOKEN', value: { kind: 'secret', value: PLAINTEXTS.token }, tags: ['ci'] });
  await run('set-basic', 'vault.set', { name: 'DB_LOGIN', value: { kind: 'basic', username: 'alice', password: PLAINTEXTS.password } });
  await run('set-oauth', 'vault.set', { name: 'SLACK', value: { kind: 'oauth2', accessToken: PLAINTEXTS.access, refreshToken: PLAINTEXTS.refresh, scopes: ['chat:write'] } });
  await run('set-cert', 'vault.set', { name: 'MTLS', value: { kind: 'certificate', certificate: CLIENT_CERT, privateKey: CLIENT_KEY } });
  await run('set-jwt', 'vault.set', { name: 'JWT', value: { kind: 'jwt_key', privateKey: PLAINTEXTS.hmac, algorithm: 'HS256' } });
  await run('replace', 'vault.set', { name: 'GITHUB_TOKEN', value: { kind: 'secret', value: PLAINTEXTS.replaced } });
  // Consumers in the main process read values (MCP env, integration requests).
  host.vault.reveal('GITHUB_TOKEN', undefined, { kind: 'mcp', id: 'github' });
  host.vault.read('SLACK', { kind: 'integration', id: 'slack-1' });
  host.vault.reveal('DB_LOGIN', 'password', { kind: 'workflow', id: 'wf_1' });
  host.logger.error('integration', `request failed with Authorization: Bearer ${PLAINTEXTS.access}`);
  host.activity.record('error', 'mcp', `server printed ${PLAINTEXTS.replaced} on stderr`);
  // Failures whose input carries a value.
  await run('bad-name', 'vault.set', { name: 'bad name', value: { kind: 'secret', value: PLAINTEXTS.token } });
  await run('bad-kind', 'vault.set', { name: 'X', value: { kind: 'secret_v2', value: PLAINTEXTS.token } });
  await run('bad-field', 'vault.set', { name: 'X', value: { kind: 'basic', username: 7, password: PLAINTEXTS.password } });
  await run('bad-cert', 'vault.set', { name: 'X', value: { kind: 'certificate', certificate: PLAINTEXTS.token, privateKey: PLAINTEXTS.password } });
  await run('bad-jwt', 'vault.set', { name: 'X', value: { kind: 'jwt_key', privateKey: PLAINTEXTS.hmac, algorithm: 'RS256' } });
  await run('extra-field', 'vault.set', { name: 'X', value: { kind: 'secret', value: PLAINTEXTS.token }, leaked: PLAINTEXTS.token });
  // The router echoes an unknown method's name: a current value in it is redacted.
  await run('unknown-method', `vault.${PLAINTEXTS.replaced}`, {});
  await run('list', 'vault.list', {});
  await run('status', 'vault.status', {});
  await run('audit', 'vault.audit', { limit: 100 });
  await run('audit-filtered', 'vault.audit', { name: 'SLACK', accessorKind: 'integration' });
  await run('export-json', 'vault.exportAudit', { format: 'json' });
  await run('export-csv', 'vault.exportAudit', { format: 'csv' });
  await run('activity', 'app.activity', { limit: 100 });
  await run('app-status', 'app.status', {});
  await run('rotate-wrong', 'vault.rotate', { passphrase: 'a-new-passphrase-never-echoed' });
  await run('rotate', 'vault.rotate', { passphrase: PASSPHRASE });
  await run('reveal', 'vault.reveal', { name: 'DB_LOGIN' });
  await run('reveal-missing', 'vault.reveal', { name: 'NOPE' });
  await run('settings', 'vault.updateSettings', { autoLockMinutes: 5 });
  await run('remove', 'vault.remove', { name: 'JWT' });
  await run('lock', 'vault.lock', {});
  await run('unlock-wrong', 'vault.unlock', { passphrase: 'a-new-passphrase-never-echoed' });
  await run('set-locked', 'vault.set', { name: 'X', value: { kind: 'secret', value: PLAINTEXTS.token } });
  await run('unlock', 'vault.unlock', { passphrase: PASSPHRASE });
  await run('list-after', 'vault.list', {});
  return results;
}

function expectScenarioRan(results: Record<string, Result<unknown>>, reveal: 'shown' | 'unavailable') {
  expect(results['create']).toMatchObject({ ok: true });
  expect(results['unknown-method']).toMatchObject({ ok: false, error: { message: 'Unknown method "vault.[redacted:GITHUB_TOKEN]".' } });
  expect(results['set-cert']).toMatchObject({ ok: true });
  expect(results['bad-cert']).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect(results['rotate']).toMatchObject({ ok: true, data: { records: 5, keyGeneration: 2 } });
  expect(results['unlock-wrong']).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  expect(results['list-after']).toMatchObject({ ok: true, data: expect.arrayContaining([expect.objectContaining({ name: 'SLACK', usedBy: ['integration:slack-1'] })]) });
  expect((results['audit'] as { data: { total: number } }).data.total).toBeGreaterThan(8);
  expect(results['reveal']).toMatchObject(reveal === 'shown' ? { ok: true, data: { shown: true } } : { ok: false, error: { code: 'unavailable' } });
}

let server: RunningServer | undefined;
const hosts: Host[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const host of hosts.splice(0)) await host.dispose();
});

describe('no plaintext crosses a transport', () => {
  it('over the WebSocket bridge of echelon serve: every frame, results and events', async () => {
    const host = openHost(tempDir());
    hosts.push(host);
    server = await startServer({ host, port: 0, rendererDir: tempDir() });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const frames: string[] = [];
    const pending = new Map<number, (result: Result<unknown>) => void>();
    ws.on('message', (raw) => {
      const text = raw.toString();
      frames.push(text);
      const frame = JSON.parse(text);
      if (frame.type === 'result') pending.get(frame.id)?.(frame.result);
    });
    let id = 0;
    const invoke: Invoke = (method, input) =>
      new Promise((resolve) => {
        pending.set(++id, resolve);
        ws.send(JSON.stringify({ type: 'invoke', id, method, input }));
      });
    const results = await exercise(host, invoke);
    // Let the last events (store.changed, coalesced per tick) arrive.
    await invoke('vault.status', {});
    ws.close();

    expectScenarioRan(results, 'unavailable');
    expect(frames.filter((frame) => frame.includes('"type":"event"')).map((frame) => JSON.parse(frame).name)).toEqual(
      expect.arrayContaining(['vault.status', 'vault.rotation', 'store.changed']),
    );
    expect(frames.length).toBeGreaterThan(60);
    expect(leaks(frames.join('\n'), SECRETS)).toEqual([]);
  });

  it('over Electron IPC (bindIpc): every invoke result and every event sent to the window', async () => {
    const shownInMain: RevealedField[][] = [];
    const prompt: RevealPrompt = { confirm: async () => true, show: async (_request, fields) => void shownInMain.push([...fields]) };
    const host = openHost(tempDir(), { shell: 'electron', vault: { revealPrompt: prompt } });
    hosts.push(host);
    const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
    const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener), removeHandler: (channel) => void handlers.delete(channel) };
    const sent: string[] = [];
    const window = { isDestroyed: () => false, getURL: () => 'app://echelon/index.html', send: (...args: unknown[]) => void sent.push(JSON.stringify(args)) };
    const binding = bindIpc(ipcMain, host.router, host.bus, () => [window] as never);
    const frame = { senderFrame: { url: 'app://echelon/index.html', parent: null } } as never;
    const answers: string[] = [];
    const invoke: Invoke = async (method, input) => {
      const result = (await handlers.get(IPC_INVOKE)!(frame, method, input)) as Result<unknown>;
      // What Electron would serialize back to the renderer.
      answers.push(JSON.stringify(structuredClone(result)));
      return result;
    };
    const results = await exercise(host, invoke);
    await new Promise((resolve) => setImmediate(resolve));
    await binding.dispose();

    expectScenarioRan(results, 'shown');
    // The reveal happened in the main process, and only there.
    expect(shownInMain).toEqual([[{ name: 'username', value: 'alice', secret: false }, { name: 'password', value: PLAINTEXTS.password, secret: true }]]);
    expect(sent.map((message) => JSON.parse(message)[1])).toEqual(expect.arrayContaining(['vault.status', 'vault.rotation', 'store.changed']));
    expect(leaks([...answers, ...sent].join('\n'), SECRETS)).toEqual([]);
  });
});
