import type Database from 'better-sqlite3';
import { EchelonError, type Connection, type HostKeyHop, type HostKeyScan } from '../../../../shared/contract';
import type { SshSessionOptions } from '../../../../shared/integrations/ssh';
import type { ConnectionCredentials } from '../integrations/auth/connection-credentials';
import type { ChangeTracker } from '../store/change-tracker';
import { keyTypeLabel, normalizeFingerprint } from './host-key';
import { KnownHosts } from './known-hosts';
import { LeasedSession } from './leased-session';
import { openLink, scanRoute, type HopScan, type SshLink } from './ssh-connect';
import { SshEndpoints, type ConnectionLookup, type SshRoute } from './ssh-endpoint';
import { hostKeyRefusal } from './ssh-errors';
import { SshPool, type SshPoolOptions } from './ssh-pool';

export interface SshServiceOptions {
  db: Database.Database;
  changes: ChangeTracker;
  connections: ConnectionLookup;
  credentials: ConnectionCredentials;
  /** Host keys trusted or forgotten, for the activity log. */
  record(message: string): void;
  pool?: Partial<SshPoolOptions>;
}

function hopView(scan: HopScan): HostKeyHop {
  const { route, check } = scan;
  return {
    connection: route.name,
    host: route.host,
    port: route.port,
    keyType: check.presented.type,
    keyLabel: keyTypeLabel(check.presented.type),
    fingerprint: check.presented.fingerprint,
    status: check.status,
    previous: check.status === 'changed' ? check.trusted.map((key) => ({ keyType: key.keyType, fingerprint: key.fingerprint, addedAt: key.addedAt })) : [],
  };
}

/**
 * SSH for the rest of Echelon: sessions for integration actions (pooled per connection), links
 * of their own for MCP servers, and the known-hosts store with its scan-and-confirm flow.
 */
export class SshService {
  readonly knownHosts: KnownHosts;
  readonly endpoints: SshEndpoints;
  private readonly pool: SshPool;

  constructor(private readonly options: SshServiceOptions) {
    this.knownHosts = new KnownHosts(options.db, options.changes);
    this.endpoints = new SshEndpoints(options.connections, options.credentials);
    this.pool = new SshPool(options.pool);
  }

  /** An action's session on a connection; the caller disposes it when the action ends. */
  session(connection: Connection, options: SshSessionOptions & { signal?: AbortSignal } = {}): LeasedSession {
    const route = this.endpoints.route(connection);
    const open = () => openLink(this.endpoints.endpoint(connection), this.knownHosts, options.signal);
    const acquire = options.fresh
      ? async () => {
          const link = await open();
          return { link, release: () => link.close() };
        }
      : () => this.pool.lease(connection.id, route.version, open);
    return new LeasedSession(route.host, route.port, acquire);
  }

  /** A link of its own through the connection's jump hosts (an MCP server over SSH); the caller closes it. */
  open(connection: string, signal?: AbortSignal): Promise<SshLink> {
    return openLink(this.endpoints.endpoint(this.endpoints.find(connection)), this.knownHosts, signal);
  }

  private openRoute(route: SshRoute, signal?: AbortSignal): Promise<SshLink> {
    return openLink(this.endpoints.endpoint(this.endpoints.find(route.connectionId)), this.knownHosts, signal);
  }

  private scanHops(connectionId: string, signal?: AbortSignal): Promise<HopScan[]> {
    const route = this.endpoints.route(this.endpoints.find(connectionId));
    return scanRoute(route, this.knownHosts, (through) => this.openRoute(through, signal), signal);
  }

  async scan(connectionId: string, signal?: AbortSignal): Promise<HostKeyScan> {
    const hops = await this.scanHops(connectionId, signal);
    const last = hops.at(-1);
    return { hops: hops.map(hopView), trusted: !!last && last.route.connectionId === connectionId && last.check.status === 'trusted' };
  }

  /**
   * Trusts what a hop presents now, only if it is the fingerprint a person confirmed: the key is
   * read again here, so a key swapped since the dialog showed it is refused.
   */
  async trust(connectionId: string, fingerprint: string, options: { replace?: boolean; by: string; signal?: AbortSignal }): Promise<HostKeyHop> {
    const wanted = normalizeFingerprint(fingerprint);
    const hops = await this.scanHops(connectionId, options.signal);
    const pending = hops.find((hop) => hop.check.status !== 'trusted');
    if (!pending) {
      const known = hops.find((hop) => hop.check.presented.fingerprint === wanted);
      if (known) return hopView(known);
      throw new EchelonError('conflict', `Every host key on the way to "${hops.at(-1)?.route.name}" is already trusted, and none is ${wanted}: there is nothing to accept.`, { path: 'fingerprint' });
    }
    const { route, check } = pending;
    if (check.presented.fingerprint !== wanted) {
      throw new EchelonError(
        'conflict',
        `${route.host}:${route.port} presents the ${keyTypeLabel(check.presented.type)} key ${check.presented.fingerprint}, not ${wanted}: nothing was trusted. Check the fingerprint with the server's administrator.`,
        { path: 'fingerprint' },
      );
    }
    if (check.status === 'changed') {
      if (!options.replace) throw hostKeyRefusal(check, route.name);
      this.knownHosts.forget(route.host, route.port);
    }
    this.knownHosts.trust(route.host, route.port, check.presented, options.by);
    const verb = check.status === 'changed' ? 'Replaced the changed' : 'Trusted the';
    this.options.record(`${verb} SSH host key of ${route.host}:${route.port} (${keyTypeLabel(check.presented.type)} ${check.presented.fingerprint}), confirmed in the ${options.by === 'cli' ? 'CLI' : 'app'}.`);
    return hopView({ route, check: { ...check, status: 'trusted', trusted: [] } });
  }

  forget(host: string, port: number): number {
    const removed = this.knownHosts.forget(host, port);
    if (removed > 0) this.options.record(`Forgot the SSH host key${removed > 1 ? 's' : ''} of ${host}:${port}: the next connection asks for confirmation again.`);
    return removed;
  }

  dispose(): void {
    this.pool.dispose();
  }
}
