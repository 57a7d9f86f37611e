import type { Migration } from './migration';

/**
 * Host keys of SSH servers a person trusted (after seeing their fingerprint), per host and
 * port; one row per key type, as OpenSSH's known_hosts keeps them.
 */
export const sshKnownHosts: Migration = {
  version: 41,
  name: 'ssh_known_hosts',
  sql: `
    CREATE TABLE ssh_known_hosts (
      host TEXT NOT NULL COLLATE NOCASE,
      port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
      key_type TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      public_key TEXT NOT NULL,
      trusted_by TEXT NOT NULL,
      added_at TEXT NOT NULL,
      last_seen_at TEXT,
      PRIMARY KEY (host, port, key_type)
    ) WITHOUT ROWID;
  `,
};
