import { EchelonError } from '../../shared/contract';
import { PRIMARY_FIELD, SECRET_FIELDS, SecretValue } from '../../shared/secrets/secret-kinds';
import type { Redactor } from '../../electron/main/services/redaction/redactor';
import type { CredentialStore, SecretAccessor } from '../../electron/main/services/secrets/secret-source';

/**
 * The vault's CredentialStore contract in memory, for tests: typed records, every secret field
 * registered with the redactor as the vault does, and every read recorded with its accessor.
 */
export class MemoryCredentialStore implements CredentialStore {
  readonly records = new Map<string, SecretValue>();
  readonly reads: { name: string; accessor: SecretAccessor }[] = [];
  readonly writes: { name: string; details?: { description?: string; tags?: string[]; usedBy?: string } }[] = [];
  redactor: Redactor | undefined;

  constructor(redactor?: Redactor) {
    this.redactor = redactor;
  }

  write(name: string, value: SecretValue, details?: { description?: string; tags?: string[]; usedBy?: string }): void {
    const parsed = SecretValue.parse(value);
    this.records.set(name, parsed);
    this.writes.push({ name, details });
    for (const field of SECRET_FIELDS[parsed.kind]) {
      const secret = (parsed as Record<string, unknown>)[field];
      if (typeof secret === 'string') this.redactor?.set(`${name}.${field}`, secret);
    }
  }

  exists(name: string): boolean {
    return this.records.has(name);
  }

  read(name: string, accessor: SecretAccessor): SecretValue {
    const record = this.records.get(name);
    if (!record) throw new EchelonError('not_found', `No vault record named ${name}.`);
    this.reads.push({ name, accessor });
    return structuredClone(record);
  }

  reveal(name: string, field: string | undefined, accessor: SecretAccessor): string {
    const record = this.read(name, accessor);
    const value = (record as Record<string, unknown>)[field ?? PRIMARY_FIELD[record.kind]];
    if (typeof value !== 'string') throw new EchelonError('not_found', `Vault record ${name} has no field ${field}.`);
    return value;
  }

  /** Every secret value stored, to scan outputs for. */
  secretValues(): string[] {
    return [...this.records.values()].flatMap((record) =>
      SECRET_FIELDS[record.kind].map((field) => (record as Record<string, unknown>)[field]).filter((value): value is string => typeof value === 'string'),
    );
  }
}
