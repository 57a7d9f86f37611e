import { EchelonError } from '../../shared/contract';
import { PRIMARY_FIELD, type SecretValue } from '../../shared/secrets/secret-kinds';
import type { Redactor } from '../../electron/main/services/redaction/redactor';
import type { CredentialStore, SecretAccessor } from '../../electron/main/services/secrets/secret-source';

/**
 * The vault's port in memory, for tests: values are registered with the redactor on write,
 * as the real vault does, and every reveal is remembered for assertions.
 */
export class MemoryVault implements CredentialStore {
  readonly records = new Map<string, SecretValue>();
  readonly reveals: { name: string; accessor: SecretAccessor }[] = [];
  locked = false;

  /** Set once the host exists: written values are registered with its redactor. */
  redactor: Redactor | undefined;

  private check(): void {
    if (this.locked) throw new EchelonError('unavailable', 'The vault is locked: unlock it first.');
  }

  reveal(name: string, field: string | undefined, accessor: SecretAccessor): string {
    this.check();
    const record = this.records.get(name);
    if (!record) throw new EchelonError('not_found', `No secret named "${name}" in the vault.`);
    const value = (record as Record<string, unknown>)[field ?? PRIMARY_FIELD[record.kind]];
    if (typeof value !== 'string') throw new EchelonError('not_found', `The secret "${name}" has no field "${field}".`);
    this.reveals.push({ name, accessor });
    return value;
  }

  exists(name: string): boolean {
    this.check();
    return this.records.has(name);
  }

  read(name: string): SecretValue {
    this.check();
    const record = this.records.get(name);
    if (!record) throw new EchelonError('not_found', `No secret named "${name}" in the vault.`);
    return record;
  }

  write(name: string, value: SecretValue): void {
    this.check();
    this.records.set(name, value);
    this.redactor?.set(name, (value as Record<string, string>)[PRIMARY_FIELD[value.kind]]!);
  }
}
