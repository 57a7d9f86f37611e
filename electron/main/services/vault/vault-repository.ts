import type Database from 'better-sqlite3';
import type { KeySlot, ProtectorKind } from './key-protector';

export interface MetaRow {
  key_generation: number;
  auto_lock_minutes: number;
  keychain_wanted: number;
  created_at: string;
  rotated_at: string | null;
}

export interface RecordRow {
  id: string;
  name: string;
  kind: string;
  description: string;
  tags: string;
  summary: string;
  fields: string;
  version: number;
  key_generation: number;
  iv: Buffer;
  ciphertext: Buffer;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
  used_by: string;
}

export type SealedRow = Pick<RecordRow, 'id' | 'name' | 'version' | 'key_generation' | 'iv' | 'ciphertext'>;

export interface ValueColumns {
  kind: string;
  summary: string;
  fields: string;
  version: number;
  key_generation: number;
  iv: Buffer;
  ciphertext: Buffer;
  updated_at: string;
}

interface SlotRow {
  protector: ProtectorKind;
  key_generation: number;
  params: string;
  wrapped: Buffer;
}

const RECORD_COLUMNS =
  'id, name, kind, description, tags, summary, fields, version, key_generation, iv, ciphertext, created_at, updated_at, last_used_at, used_by';

/** Every SQL statement of the vault, prepared once and named for what it does. */
export class VaultRepository {
  private readonly statements;

  constructor(readonly db: Database.Database) {
    this.statements = {
      meta: db.prepare('SELECT key_generation, auto_lock_minutes, keychain_wanted, created_at, rotated_at FROM vault_meta WHERE id = 1'),
      insertMeta: db.prepare('INSERT INTO vault_meta (id, key_generation, auto_lock_minutes, keychain_wanted, created_at) VALUES (1, @key_generation, @auto_lock_minutes, @keychain_wanted, @created_at)'),
      setAutoLock: db.prepare('UPDATE vault_meta SET auto_lock_minutes = ? WHERE id = 1'),
      setGeneration: db.prepare('UPDATE vault_meta SET key_generation = ?, rotated_at = ? WHERE id = 1'),
      slots: db.prepare('SELECT protector, key_generation, params, wrapped FROM vault_key_slots'),
      upsertSlot: db.prepare(
        `INSERT INTO vault_key_slots (protector, key_generation, params, wrapped, updated_at) VALUES (@protector, @key_generation, @params, @wrapped, @updated_at)
         ON CONFLICT (protector) DO UPDATE SET key_generation = excluded.key_generation, params = excluded.params, wrapped = excluded.wrapped, updated_at = excluded.updated_at`,
      ),
      deleteSlotsNotAt: db.prepare('DELETE FROM vault_key_slots WHERE key_generation != ?'),
      recordByName: db.prepare(`SELECT ${RECORD_COLUMNS} FROM vault_records WHERE name = ?`),
      records: db.prepare(`SELECT ${RECORD_COLUMNS} FROM vault_records ORDER BY name`),
      sealedRecords: db.prepare('SELECT id, name, version, key_generation, iv, ciphertext FROM vault_records ORDER BY id'),
      exists: db.prepare('SELECT 1 FROM vault_records WHERE name = ?').pluck(),
      version: db.prepare('SELECT version FROM vault_records WHERE name = ?').pluck(),
      count: db.prepare('SELECT count(*) FROM vault_records').pluck(),
      countAtOtherGeneration: db.prepare('SELECT count(*) FROM vault_records WHERE key_generation != ?').pluck(),
      insertRecord: db.prepare(
        `INSERT INTO vault_records (${RECORD_COLUMNS}) VALUES (@id, @name, @kind, @description, @tags, @summary, @fields, @version, @key_generation, @iv, @ciphertext, @created_at, @updated_at, NULL, '[]')`,
      ),
      updateValue: db.prepare(
        `UPDATE vault_records SET kind = @kind, summary = @summary, fields = @fields, version = @version, key_generation = @key_generation,
           iv = @iv, ciphertext = @ciphertext, updated_at = @updated_at WHERE id = @id`,
      ),
      updateDetails: db.prepare('UPDATE vault_records SET description = @description, tags = @tags, updated_at = @updated_at WHERE id = @id'),
      rewrap: db.prepare('UPDATE vault_records SET key_generation = @to, iv = @iv, ciphertext = @ciphertext WHERE id = @id AND version = @version AND key_generation = @from'),
      markUsed: db.prepare('UPDATE vault_records SET last_used_at = @at, used_by = @used_by WHERE id = @id'),
      usedBy: db.prepare('SELECT used_by FROM vault_records WHERE id = ?').pluck(),
      deleteRecord: db.prepare('DELETE FROM vault_records WHERE id = ?'),
    };
  }

  meta(): MetaRow | undefined {
    return this.statements.meta.get() as MetaRow | undefined;
  }

  insertMeta(row: Omit<MetaRow, 'rotated_at'>): void {
    this.statements.insertMeta.run(row);
  }

  setAutoLock(minutes: number): void {
    this.statements.setAutoLock.run(minutes);
  }

  setGeneration(generation: number, rotatedAt: string): void {
    this.statements.setGeneration.run(generation, rotatedAt);
  }

  slots(): KeySlot[] {
    return (this.statements.slots.all() as SlotRow[]).map((row) => ({
      protector: row.protector,
      keyGeneration: row.key_generation,
      params: JSON.parse(row.params) as Record<string, unknown>,
      wrapped: row.wrapped,
    }));
  }

  upsertSlot(slot: KeySlot, at: string): void {
    this.statements.upsertSlot.run({ protector: slot.protector, key_generation: slot.keyGeneration, params: JSON.stringify(slot.params), wrapped: slot.wrapped, updated_at: at });
  }

  /** Drops slots still wrapping an older master key (a protector that could not re-wrap during rotation). */
  deleteSlotsNotAt(generation: number): number {
    return this.statements.deleteSlotsNotAt.run(generation).changes;
  }

  recordByName(name: string): RecordRow | undefined {
    return this.statements.recordByName.get(name) as RecordRow | undefined;
  }

  records(): RecordRow[] {
    return this.statements.records.all() as RecordRow[];
  }

  sealedRecords(): SealedRow[] {
    return this.statements.sealedRecords.all() as SealedRow[];
  }

  exists(name: string): boolean {
    return this.statements.exists.get(name) !== undefined;
  }

  version(name: string): number | undefined {
    return this.statements.version.get(name) as number | undefined;
  }

  count(): number {
    return this.statements.count.get() as number;
  }

  countAtOtherGeneration(generation: number): number {
    return this.statements.countAtOtherGeneration.get(generation) as number;
  }

  insertRecord(row: Omit<RecordRow, 'last_used_at' | 'used_by'>): void {
    this.statements.insertRecord.run(row);
  }

  updateValue(id: string, columns: ValueColumns): void {
    this.statements.updateValue.run({ id, ...columns });
  }

  updateDetails(id: string, details: { description: string; tags: string; updated_at: string }): void {
    this.statements.updateDetails.run({ id, ...details });
  }

  /** Replaces a ciphertext with its re-encryption; false when the record changed meanwhile. */
  rewrap(row: { id: string; version: number; from: number; to: number; iv: Buffer; ciphertext: Buffer }): boolean {
    return this.statements.rewrap.run(row).changes === 1;
  }

  usedBy(id: string): string | undefined {
    return this.statements.usedBy.get(id) as string | undefined;
  }

  markUsed(id: string, at: string, usedBy: string): void {
    this.statements.markUsed.run({ id, at, used_by: usedBy });
  }

  deleteRecord(id: string): boolean {
    return this.statements.deleteRecord.run(id).changes === 1;
  }
}
