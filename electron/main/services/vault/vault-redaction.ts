import type { SecretValue } from '../../../../shared/secrets/secret-kinds';
import type { Redactor } from '../redaction/redactor';
import { redactionLabel, secretTexts } from './value-fields';

interface Registered {
  name: string;
  version: number;
  values: [label: string, text: string][];
  /** A consumer (or the reveal dialog) received this version: it may be in flight anywhere. */
  handedOut: boolean;
}

/**
 * Keeps the shared redactor in step with the vault.
 *
 * Every current value is registered on unlock and on every write. A value that has never left
 * the vault in this process cannot be in any log, so on lock it is forgotten with the key. A
 * value that was handed out (to an MCP server's environment, a request, a workflow step) may
 * still surface in output long after the vault locks or the value is replaced or removed: it
 * stays registered until the process exits, under `NAME (vN)` once superseded.
 */
export class VaultRedaction {
  private readonly current = new Map<string, Registered>();

  constructor(private readonly redactor: Redactor) {}

  /** Registers a record's value unless this exact version is already known. */
  register(record: { id: string; name: string; version: number }, value: SecretValue): void {
    const known = this.current.get(record.id);
    if (known && known.version === record.version) return;
    if (known) this.retire(record.id);
    const values = secretTexts(value).map(([field, text]): [string, string] => [redactionLabel(record.name, value.kind, field), text]);
    for (const [label, text] of values) this.redactor.set(label, text);
    this.current.set(record.id, { name: record.name, version: record.version, values, handedOut: false });
  }

  handedOut(recordId: string): void {
    const known = this.current.get(recordId);
    if (known) known.handedOut = true;
  }

  /** The record's current version is replaced or removed. */
  retire(recordId: string): void {
    const known = this.current.get(recordId);
    if (!known) return;
    this.current.delete(recordId);
    for (const [label, text] of known.values) {
      this.redactor.delete(label);
      if (known.handedOut) this.redactor.set(`${label} (v${known.version})`, text);
    }
  }

  /** The key is gone: forget what never left the vault, keep what may be in flight. */
  lock(): void {
    for (const [id, known] of this.current) {
      if (known.handedOut) continue;
      for (const [label] of known.values) this.redactor.delete(label);
      this.current.delete(id);
    }
  }
}
