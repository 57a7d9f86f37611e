import { createHash, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { Agent } from 'undici';
import { undici } from './undici';
import { EchelonError } from '../../../../../shared/contract';
import type { ClientCertificate } from '../auth/connection-credentials';

export interface TlsSettings {
  clientCertificate?: ClientCertificate;
  /** CA certificates (PEM) trusted besides the system ones, not instead of them. */
  cas: string[];
}

/** Pools made for one request's CA (the HTTP node's), kept for reuse; the oldest is closed beyond this. */
const MAX_REQUEST_POOLS = 16;

/** Refuses text that is not a PEM certificate (or a bundle of them). */
export function checkCaCertificate(pem: string, path: string): void {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (blocks.length === 0) throw new Error('no certificate block');
    for (const block of blocks) new X509Certificate(block);
  } catch {
    throw new EchelonError('invalid_input', 'The CA certificate is not a PEM certificate: paste the whole -----BEGIN CERTIFICATE----- block.', { path });
  }
}

/**
 * Connection pools with TLS settings of their own: a connection's client certificate and the
 * CAs it trusts, or the CA one request brings. One pool per owner (a connection, or a request
 * CA), rebuilt when its settings change, closed when its owner goes.
 */
export class TlsAgents {
  private readonly agents = new Map<string, { fingerprint: string; agent: Agent }>();

  /** The pool of a connection (owner: its id, or `<id>:anonymous` for its trust without its certificate). */
  get(owner: string, settings: TlsSettings): Agent {
    const fingerprint = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
    const existing = this.agents.get(owner);
    if (existing?.fingerprint === fingerprint) return existing.agent;
    if (existing) void existing.agent.close();
    const certificate = settings.clientCertificate;
    const agent = new (undici().Agent)({
      keepAliveTimeout: 10_000,
      connect: {
        cert: certificate?.certificate,
        key: certificate?.privateKey,
        passphrase: certificate?.passphrase,
        ca: settings.cas.length > 0 ? [...rootCertificates, ...settings.cas] : undefined,
      },
    });
    this.agents.delete(owner);
    this.agents.set(owner, { fingerprint, agent });
    return agent;
  }

  /** A pool trusting the CAs one request brings, shared by requests bringing the same. */
  forRequest(cas: string[]): Agent {
    const owner = `request:${createHash('sha256').update(JSON.stringify(cas)).digest('hex')}`;
    const agent = this.get(owner, { cas });
    const requestOwners = [...this.agents.keys()].filter((key) => key.startsWith('request:'));
    for (const old of requestOwners.slice(0, Math.max(0, requestOwners.length - MAX_REQUEST_POOLS))) this.forget(old);
    return agent;
  }

  forget(owner: string): void {
    const existing = this.agents.get(owner);
    this.agents.delete(owner);
    if (existing) void existing.agent.close();
  }

  async dispose(): Promise<void> {
    const all = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(all.map(({ agent }) => agent.close()));
  }
}
