import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Connection } from '../../shared/contract';
import { integrationsHost, type IntegrationsHost } from './integrations-host';
import { TestSshd } from './sshd';

/** An SSH connection to the test sshd, logged in with `privateKey` (its authorized client key by default). */
export async function sshConnection(t: IntegrationsHost, sshd: TestSshd, options: { name?: string; privateKey?: string; passphrase?: string; config?: Record<string, unknown> } = {}): Promise<Connection> {
  return t.call('integrations.connections.create', {
    pluginId: 'ssh',
    name: options.name ?? 'box',
    config: { host: sshd.host, port: sshd.port, ...options.config },
    auth: { type: 'ssh_key', username: sshd.user.name, privateKey: options.privateKey ?? sshd.clientKey.privateKey, ...(options.passphrase ? { passphrase: options.passphrase } : {}) },
  });
}

/**
 * A host with one SSH connection to the test sshd, its host key trusted as a person would
 * after checking it. Give `dataDir` for a host that outlives one test (made in `beforeAll`).
 */
export async function trustedSshHost(sshd: TestSshd, options: { shell?: 'cli' | 'serve'; dataDir?: string } = {}): Promise<IntegrationsHost & { connection: Connection }> {
  const t = await integrationsHost(options);
  const connection = await sshConnection(t, sshd);
  await t.call('ssh.hostKeys.trust', { connectionId: connection.id, fingerprint: sshd.hostKey.fingerprint });
  return Object.assign(t, { connection });
}

/** Runs an action of the SSH integration on a connection, as `echelon integrations run` does. */
export async function runSsh(t: IntegrationsHost, connection: Connection, actionId: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { output } = await t.call('integrations.actions.run', { pluginId: 'ssh', version: '1.0.0', actionId, params, connectionId: connection.id });
  return output as Record<string, unknown>;
}

export type TrustedSshHost = Awaited<ReturnType<typeof trustedSshHost>>;

/**
 * A test sshd and a host trusting it for the whole file (`beforeAll`/`afterAll`), handed to
 * `use` once ready: `sshServerForFile({ engine: true }, (server) => ({ sshd, t } = server))`.
 */
export function sshServerForFile(options: { engine?: boolean; shell?: 'cli' | 'serve' }, use: (server: { sshd: TestSshd; t: TrustedSshHost }) => void): void {
  let server: { sshd: TestSshd; t?: TrustedSshHost } | undefined;
  beforeAll(async () => {
    server = { sshd: await TestSshd.start() };
    const t = await trustedSshHost(server.sshd, { shell: options.shell, dataDir: path.join(server.sshd.dir, 'echelon') });
    server.t = t;
    if (options.engine) await t.host.engine.start({ owner: 'test' });
    use({ sshd: server.sshd, t });
  });
  afterAll(async () => {
    await server?.t?.host.dispose();
    await server?.sshd.stop();
  });
}
