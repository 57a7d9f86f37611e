import { createHash } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import type { ClientCertificate } from './connection-credentials';

/**
 * One connection pool per mTLS connection, presenting its client certificate. Rebuilt when the
 * certificate changes; closed when the connection goes away.
 */
export class MtlsAgents {
  private readonly agents = new Map<string, { fingerprint: string; agent: Agent }>();

  get(connectionId: string, certificate: ClientCertificate): Agent {
    const fingerprint = createHash('sha256').update(JSON.stringify(certificate)).digest('hex');
    const existing = this.agents.get(connectionId);
    if (existing?.fingerprint === fingerprint) return existing.agent;
    if (existing) void existing.agent.close();
    const agent = new Agent({
      keepAliveTimeout: 10_000,
      connect: {
        cert: certificate.certificate,
        key: certificate.privateKey,
        passphrase: certificate.passphrase,
        // An extra CA is trusted besides the system ones, not instead of them.
        ca: certificate.ca ? [...rootCertificates, certificate.ca] : undefined,
      },
    });
    this.agents.set(connectionId, { fingerprint, agent });
    return agent;
  }

  forget(connectionId: string): void {
    const existing = this.agents.get(connectionId);
    this.agents.delete(connectionId);
    if (existing) void existing.agent.close();
  }

  async dispose(): Promise<void> {
    const all = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(all.map(({ agent }) => agent.close()));
  }
}
