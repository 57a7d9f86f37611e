import type { Migration } from './migration';

/**
 * The credential vault. Values exist only as AES-256-GCM ciphertexts; names, kinds, tags and
 * the non-secret summary are plain metadata so the vault can be listed while locked.
 */
export const vault: Migration = {
  version: 20,
  name: 'vault',
  sql: `
    CREATE TABLE vault_meta (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      key_generation INTEGER NOT NULL,
      auto_lock_minutes INTEGER NOT NULL DEFAULT 15,
      -- Whether the desktop should keep the OS keychain enrolled as an unlock method.
      keychain_wanted INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      rotated_at TEXT
    );
    -- The master key, wrapped once per protector (passphrase, OS keychain).
    CREATE TABLE vault_key_slots (
      protector TEXT PRIMARY KEY,
      key_generation INTEGER NOT NULL,
      params TEXT NOT NULL,
      wrapped BLOB NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE vault_records (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      tags TEXT NOT NULL DEFAULT '[]',
      summary TEXT NOT NULL DEFAULT '',
      fields TEXT NOT NULL DEFAULT '[]',
      version INTEGER NOT NULL,
      key_generation INTEGER NOT NULL,
      iv BLOB NOT NULL,
      ciphertext BLOB NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      last_used_at TEXT,
      used_by TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE vault_audit (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('decrypt', 'reveal', 'write', 'remove', 'rotate', 'unlock')),
      record_id TEXT,
      record_name TEXT,
      accessor_kind TEXT NOT NULL CHECK (accessor_kind IN ('workflow', 'mcp', 'integration', 'test', 'user')),
      accessor_id TEXT NOT NULL,
      detail TEXT
    );
    CREATE INDEX vault_audit_record ON vault_audit (record_name, id DESC);
  `,
};
