import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../electron/main/services/host';
import { runCliAsync } from '../helpers/cli';
import { integrationsHost } from '../helpers/integrations-host';
import { runSsh, sshConnection } from '../helpers/ssh-host';
import { makeKey, sshdAvailable, TestSshd } from '../helpers/sshd';
import { FAST_SCRYPT, PASSPHRASE, TEST_ACCESSOR } from '../helpers/vault';
import { MemoryKeyValueStore } from '../../electron/main/services/preferences/preferences-service';

let sshd: TestSshd;

beforeAll(async () => {
  if (sshdAvailable) sshd = await TestSshd.start();
});
afterAll(async () => {
  await sshd?.stop();
});

describe.skipIf(!sshdAvailable)('SSH host keys', () => {
  it('asks for confirmation of an unknown host key, and trusts only the fingerprint the server presents', async () => {
    const t = await integrationsHost();
    const connection = await sshConnection(t, sshd);
    const fingerprint = sshd.hostKey.fingerprint;
    const first = await t.call('integrations.connections.test', { id: connection.id });
    expect(first).toMatchObject({ ok: false, status: 'error' });
    expect(first.error).toBe(
      `The host key of 127.0.0.1:${sshd.port} is not trusted yet: the server presents the ED25519 key ${fingerprint}. ` +
        "Compare it with the server's own (`ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` on the server), then trust it on the connection's page, " +
        `or run \`echelon integrations test "box" --accept-host-key ${fingerprint}\`.`,
    );
    // Nothing was sent to the untrusted server: it never saw a login attempt.
    expect(sshd.log()).not.toMatch(/Accepted|Failed publickey|Connection closed by authenticating user/);

    const scan = await t.call('ssh.hostKeys.scan', { connectionId: connection.id });
    expect(scan).toEqual({ trusted: false, hops: [{ connection: 'box', host: '127.0.0.1', port: sshd.port, keyType: 'ssh-ed25519', keyLabel: 'ED25519', fingerprint, status: 'unknown', previous: [] }] });

    const wrong = makeKey(sshd.dir, 'other-host').fingerprint;
    const refused = await t.attempt('ssh.hostKeys.trust', { connectionId: connection.id, fingerprint: wrong });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining(`presents the ED25519 key ${fingerprint}, not ${wrong}: nothing was trusted`) } });
    expect(await t.call('ssh.hostKeys.list', {})).toEqual([]);

    // Pasted without the "SHA256:" prefix, as some tools print it.
    const trusted = await t.call('ssh.hostKeys.trust', { connectionId: connection.id, fingerprint: fingerprint.slice('SHA256:'.length) });
    expect(trusted).toMatchObject({ status: 'trusted', fingerprint });
    expect(await t.call('ssh.hostKeys.list', {})).toEqual([expect.objectContaining({ host: '127.0.0.1', port: sshd.port, keyType: 'ssh-ed25519', fingerprint, trustedBy: 'ui' })]);
    expect(await t.call('integrations.connections.test', { id: connection.id })).toMatchObject({ ok: true, status: 'connected' });
    const activity = await t.call('app.activity', { limit: 10 });
    expect(activity.map((entry) => entry.message)).toContain(`Trusted the SSH host key of 127.0.0.1:${sshd.port} (ED25519 ${fingerprint}), confirmed in the app.`);

    // A changed key: the server was "reinstalled" with a new host key.
    const old = sshd.hostKey;
    sshd.newHostKey();
    await sshd.restart();
    const changed = await t.call('integrations.connections.test', { id: connection.id });
    expect(changed.ok).toBe(false);
    expect(changed.error).toMatch(
      new RegExp(`^REFUSED: the host key of 127\\.0\\.0\\.1:${sshd.port} has CHANGED\\. It now presents the ED25519 key ${escape(sshd.hostKey.fingerprint)}, but the ED25519 key ${escape(old.fingerprint)} \\(trusted \\d{4}-\\d\\d-\\d\\d\\) was trusted\\. Someone may be intercepting the connection`),
    );
    const other = await sshConnection(t, sshd, { name: 'box-2' });
    const action = await t.attempt('integrations.actions.run', { pluginId: 'ssh', version: '1.0.0', actionId: 'command', params: { command: 'true' }, connectionId: other.id });
    expect(action).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/^REFUSED: the host key .* has CHANGED/) } });
    const scanChanged = await t.call('ssh.hostKeys.scan', { connectionId: connection.id });
    expect(scanChanged.hops[0]).toMatchObject({ status: 'changed', fingerprint: sshd.hostKey.fingerprint, previous: [expect.objectContaining({ fingerprint: old.fingerprint })] });

    const notReplaced = await t.attempt('ssh.hostKeys.trust', { connectionId: connection.id, fingerprint: sshd.hostKey.fingerprint });
    expect(notReplaced).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/^REFUSED/) } });
    await t.call('ssh.hostKeys.trust', { connectionId: connection.id, fingerprint: sshd.hostKey.fingerprint, replace: true });
    expect((await t.call('ssh.hostKeys.list', {})).map((key) => key.fingerprint)).toEqual([sshd.hostKey.fingerprint]);
    expect(await t.call('integrations.connections.test', { id: connection.id })).toMatchObject({ ok: true });

    expect(await t.call('ssh.hostKeys.forget', { host: '127.0.0.1', port: sshd.port })).toEqual({ removed: 1 });
    expect((await t.call('integrations.connections.test', { id: connection.id })).error).toMatch(/is not trusted yet/);
    await t.host.dispose();
  });

  it('trusts a host key from the CLI with --accept-host-key, and lists and forgets it', async () => {
    const dataDir = path.join(sshd.dir, 'cli-data');
    const host = createHost({ shell: 'cli', dataDir, preferences: new MemoryKeyValueStore(), vault: { scrypt: FAST_SCRYPT } });
    await host.vault.create(PASSPHRASE);
    host.vault.set({ name: 'BOX_KEY', value: { kind: 'ssh_key', privateKey: sshd.clientKey.privateKey } }, TEST_ACCESSOR);
    host.integrations.connections.create({ pluginId: 'ssh', name: 'box', config: { host: sshd.host, port: sshd.port }, auth: { type: 'ssh_key', username: sshd.user.name, privateKey: '{{ secrets.BOX_KEY }}' } });
    await host.dispose();
    const cli = (...args: string[]) => runCliAsync(['--data-dir', dataDir, 'integrations', ...args], { env: { ECHELON_VAULT_PASSPHRASE: PASSPHRASE } });
    const fingerprint = sshd.hostKey.fingerprint;

    const unknown = await cli('test', 'box');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(`--accept-host-key ${fingerprint}`);
    const wrong = await cli('test', 'box', '--accept-host-key', 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('nothing was trusted');
    const accepted = await cli('test', 'box', '--accept-host-key', fingerprint);
    expect(accepted).toMatchObject({ status: 0, stdout: expect.stringMatching(/^box: connected, answered in \d+ ms\n$/) });
    expect(accepted.stderr).toContain(`Trusted the ED25519 host key ${fingerprint} of 127.0.0.1:${sshd.port}.`);

    const list = await cli('host-keys', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ host: '127.0.0.1', port: sshd.port, fingerprint, trustedBy: 'cli' })]);
    expect(await cli('host-keys', 'forget', `127.0.0.1:${sshd.port}`)).toMatchObject({ status: 0, stdout: `Forgot 1 host key of 127.0.0.1:${sshd.port}.\n` });
    expect((await cli('host-keys', 'forget', 'bad:port:x')).status).toBe(2);
  }, 120_000);
});

describe.skipIf(!sshdAvailable)('SSH keys', () => {
  it('logs in with a passphrase-protected key from the vault, its passphrase in the record or in a record of its own', async () => {
    const t = await integrationsHost();
    const key = makeKey(sshd.dir, 'deploy', 'a long deploy passphrase');
    sshd.authorize(key.publicKey);
    t.host.vault.set({ name: 'DEPLOY_KEY', value: { kind: 'ssh_key', privateKey: key.privateKey, passphrase: 'a long deploy passphrase' } }, TEST_ACCESSOR);
    t.host.vault.set({ name: 'BARE_KEY', value: { kind: 'ssh_key', privateKey: key.privateKey } }, TEST_ACCESSOR);
    t.host.vault.set({ name: 'BARE_KEY_PASSPHRASE', value: { kind: 'secret', value: 'a long deploy passphrase' } }, TEST_ACCESSOR);
    const inRecord = await sshConnection(t, sshd, { name: 'deploy', privateKey: '{{ secrets.DEPLOY_KEY }}' });
    const apart = await sshConnection(t, sshd, { name: 'deploy-2', privateKey: '{{ secrets.BARE_KEY }}', passphrase: '{{ secrets.BARE_KEY_PASSPHRASE }}' });
    await t.call('ssh.hostKeys.trust', { connectionId: inRecord.id, fingerprint: sshd.hostKey.fingerprint });
    expect(await runSsh(t, inRecord, 'command', { command: 'echo deployed' })).toMatchObject({ code: 0, stdout: 'deployed\n' });
    expect(await t.call('integrations.connections.test', { id: apart.id })).toMatchObject({ ok: true });
    // The key logged in as itself: sshd names its fingerprint.
    expect(sshd.log()).toContain(`Accepted publickey for ${sshd.user.name} from 127.0.0.1`);
    expect(sshd.log()).toContain(key.fingerprint);

    // Pasted into the dialog: checked at once, stored in the vault as an ssh_key record with its public half.
    const noPassphrase = await t.attempt('integrations.connections.create', { pluginId: 'ssh', name: 'pasted', config: { host: sshd.host, port: sshd.port }, auth: { type: 'ssh_key', username: 'u', privateKey: key.privateKey } });
    expect(noPassphrase).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'The private key of this connection is encrypted: set its passphrase.', path: 'auth.passphrase' } });
    const badPassphrase = await t.attempt('integrations.connections.create', { pluginId: 'ssh', name: 'pasted', config: { host: sshd.host, port: sshd.port }, auth: { type: 'ssh_key', username: 'u', privateKey: key.privateKey, passphrase: 'wrong' } });
    expect(badPassphrase).toMatchObject({ ok: false, error: { message: 'The passphrase of the private key of this connection is wrong: the key could not be decrypted with it.' } });
    const pasted = await t.call('integrations.connections.create', { pluginId: 'ssh', name: 'pasted', config: { host: sshd.host, port: sshd.port }, auth: { type: 'ssh_key', username: sshd.user.name, privateKey: key.privateKey, passphrase: 'a long deploy passphrase' } });
    expect(pasted.auth).toEqual({ type: 'ssh_key', username: sshd.user.name, privateKey: expect.stringMatching(/^\{\{ secrets\.SSH_[0-9A-F]{6}_SSH_KEY \}\}$/) });
    const record = t.host.vault.read(/secrets\.(\w+)/.exec((pasted.auth as { privateKey: string }).privateKey)![1]!, TEST_ACCESSOR);
    expect(record).toMatchObject({ kind: 'ssh_key', passphrase: 'a long deploy passphrase', publicKey: key.publicKey.trim() });
    expect(await t.call('integrations.connections.test', { id: pasted.id })).toMatchObject({ ok: true });
    await t.host.dispose();
  });

  it('are asked for in a dialog without the HTTP-only fields', async () => {
    const t = await integrationsHost();
    const form = await t.call('integrations.plugin', { id: 'ssh' });
    const fields = Object.fromEntries(form.authForms.map((auth) => [auth.type, Object.keys(auth.schema.properties as object)]));
    expect(fields).toEqual({ ssh_key: ['username', 'privateKey', 'passphrase'], basic: ['username', 'password'] });
    const rest = await t.call('integrations.plugin', { id: 'rest' });
    expect(Object.keys(rest.authForms.find((auth) => auth.type === 'basic')!.schema.properties as object)).toContain('ca');
    await t.host.dispose();
  });

  it('refuses a key the server does not know with a message that names it and says what to do', async () => {
    const t = await integrationsHost();
    const stranger = makeKey(sshd.dir, 'stranger');
    const connection = await sshConnection(t, sshd, { name: 'stranger', privateKey: stranger.privateKey });
    await t.call('ssh.hostKeys.trust', { connectionId: connection.id, fingerprint: sshd.hostKey.fingerprint });
    const result = await t.call('integrations.connections.test', { id: connection.id });
    expect(result).toMatchObject({ ok: false, status: 'error' });
    expect(result.error).toBe(
      `127.0.0.1:${sshd.port} refused the SSH key of "stranger" for the user "${sshd.user.name}" (ED25519 ${stranger.fingerprint}): ` +
        `add its public key to ~/.ssh/authorized_keys of ${sshd.user.name} on the server, or choose the key that is there.`,
    );
    const events = await t.call('integrations.connections.events', { id: connection.id, limit: 5 });
    expect(events[0]).toMatchObject({ level: 'error', kind: 'test', message: expect.stringContaining('refused the SSH key') });
    await t.host.dispose();
  });

  it('says when nothing listens, or the host name does not resolve', async () => {
    const t = await integrationsHost();
    const closed = await sshConnection(t, sshd, { name: 'closed', config: { port: 1 } });
    expect((await t.call('integrations.connections.test', { id: closed.id })).error).toBe('Nothing accepts connections at 127.0.0.1:1 (connection refused): check the host and port of "closed", and that the SSH server runs.');
    const nowhere = await sshConnection(t, sshd, { name: 'nowhere', config: { host: 'no-such-host.invalid' } });
    expect((await t.call('integrations.connections.test', { id: nowhere.id })).error).toBe('The host name "no-such-host.invalid" does not resolve: check its spelling in "nowhere", or your network.');
    await t.host.dispose();
  });
});

describe.skipIf(!sshdAvailable)('SSH health checks', () => {
  it('turn a connection to error while its server is down and back once it answers; a disconnected one runs nothing', async () => {
    const t = await integrationsHost();
    const connection = await sshConnection(t, sshd, { name: 'watched' });
    await t.call('ssh.hostKeys.trust', { connectionId: connection.id, fingerprint: sshd.hostKey.fingerprint });
    await t.call('integrations.connections.update', { id: connection.id, settings: { healthCheckIntervalSeconds: 1 } });
    expect(await t.call('integrations.connections.test', { id: connection.id })).toMatchObject({ ok: true, status: 'connected' });
    const status = async () => (await t.call('integrations.connections.get', { id: connection.id })).status;

    await sshd.pause();
    try {
      await expect.poll(status, { timeout: 10_000 }).toBe('error');
    } finally {
      await sshd.restart();
    }
    await expect.poll(status, { timeout: 10_000 }).toBe('connected');
    const health = (await t.call('integrations.connections.events', { id: connection.id })).filter((event) => event.kind === 'health').map((event) => event.message);
    expect(health).toEqual([
      expect.stringMatching(/^Health check succeeded again \(\d+ ms\)\.$/),
      `Health check failed: Nothing accepts connections at 127.0.0.1:${sshd.port} (connection refused): check the host and port of "watched", and that the SSH server runs.`,
    ]);
    const samples = await t.call('integrations.connections.health', { id: connection.id, limit: 100 });
    expect(samples.some((sample) => !sample.ok) && samples.some((sample) => sample.ok)).toBe(true);

    await t.call('integrations.connections.disconnect', { id: connection.id });
    const logins = sshd.log().split('\n').filter((line) => line.includes('Accepted publickey')).length;
    const refused = await t.attempt('integrations.actions.run', { pluginId: 'ssh', version: '1.0.0', actionId: 'command', params: { command: 'true' }, connectionId: connection.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'Connection "watched" is disconnected: test it to reconnect.' } });
    expect(sshd.log().split('\n').filter((line) => line.includes('Accepted publickey')).length).toBe(logins);
    expect(await t.call('integrations.connections.test', { id: connection.id })).toMatchObject({ ok: true, status: 'connected' });
    await t.host.dispose();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// The fixture dir stays readable only by us: keys made here are test keys, but still keys.
afterAll(() => {
  if (sshd) for (const file of fs.readdirSync(sshd.dir)) if (/^(deploy|stranger|other-host)/.test(file)) fs.rmSync(path.join(sshd.dir, file), { force: true });
});
