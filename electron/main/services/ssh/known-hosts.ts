import type Database from 'better-sqlite3';
import type { KnownHostKey } from '../../../../shared/contract/ssh';
import type { ChangeTracker } from '../store/change-tracker';
import type { HostKey } from './host-key';

export type HostKeyStatus = 'trusted' | 'unknown' | 'changed';

/** What the store says of the key a server presented. */
export interface HostKeyCheck {
  host: string;
  port: number;
  presented: HostKey;
  status: HostKeyStatus;
  /** The keys trusted for this host and port (what a changed key replaced). */
  trusted: KnownHostKey[];
}

interface Row {
  host: string;
  port: number;
  key_type: string;
  fingerprint: string;
  trusted_by: string;
  added_at: string;
  last_seen_at: string | null;
}

const TABLE = 'ssh_known_hosts';

const fromRow = (row: Row): KnownHostKey => ({
  host: row.host,
  port: row.port,
  keyType: row.key_type,
  fingerprint: row.fingerprint,
  trustedBy: row.trusted_by,
  addedAt: row.added_at,
  lastSeenAt: row.last_seen_at,
});

/**
 * The known-hosts store: host keys trusted per host and port. A key is only ever added after a
 * person confirmed its fingerprint; a host presenting any other key is `changed`, never trusted.
 */
export class KnownHosts {
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      ofHost: db.prepare<[string, number], Row>(`SELECT * FROM ${TABLE} WHERE host = ? AND port = ? ORDER BY added_at`),
      all: db.prepare<[], Row>(`SELECT * FROM ${TABLE} ORDER BY host, port, key_type`),
      upsert: db.prepare(`INSERT INTO ${TABLE} (host, port, key_type, fingerprint, public_key, trusted_by, added_at, last_seen_at)
        VALUES (@host, @port, @keyType, @fingerprint, @publicKey, @trustedBy, @at, @at)
        ON CONFLICT (host, port, key_type) DO UPDATE SET fingerprint = excluded.fingerprint, public_key = excluded.public_key, trusted_by = excluded.trusted_by, added_at = excluded.added_at, last_seen_at = excluded.last_seen_at`),
      seen: db.prepare(`UPDATE ${TABLE} SET last_seen_at = ? WHERE host = ? AND port = ? AND key_type = ?`),
      forget: db.prepare<[string, number]>(`DELETE FROM ${TABLE} WHERE host = ? AND port = ?`),
    };
  }

  list(): KnownHostKey[] {
    return this.statements.all.all().map(fromRow);
  }

  keysOf(host: string, port: number): KnownHostKey[] {
    return this.statements.ofHost.all(host, port).map(fromRow);
  }

  check(host: string, port: number, presented: HostKey): HostKeyCheck {
    const trusted = this.keysOf(host, port);
    const match = trusted.find((key) => key.fingerprint === presented.fingerprint);
    const status: HostKeyStatus = match ? 'trusted' : trusted.length === 0 ? 'unknown' : 'changed';
    return { host, port, presented, status, trusted };
  }

  /** Records that a trusted key answered (shown as "last seen"); at most once a minute per key. */
  seen(check: HostKeyCheck): void {
    const key = check.trusted.find((candidate) => candidate.fingerprint === check.presented.fingerprint);
    if (!key || (key.lastSeenAt && Date.now() - Date.parse(key.lastSeenAt) < 60_000)) return;
    this.statements.seen.run(new Date().toISOString(), check.host, check.port, key.keyType);
    this.changes.touched(TABLE);
  }

  trust(host: string, port: number, key: HostKey, trustedBy: string): void {
    this.statements.upsert.run({ host, port, keyType: key.type, fingerprint: key.fingerprint, publicKey: key.publicKey, trustedBy, at: new Date().toISOString() });
    this.changes.touched(TABLE);
  }

  forget(host: string, port: number): number {
    const removed = this.statements.forget.run(host, port).changes;
    if (removed > 0) this.changes.touched(TABLE);
    return removed;
  }
}
