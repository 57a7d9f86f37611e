import { EchelonError, type ServerDefinition } from '../../../../shared/contract';
import { secretRef } from '../../../../shared/secrets/secret-ref';
import type { CredentialStore, SecretAccessor } from '../secrets/secret-source';
import { findLiteralSecrets, replaceSecrets, secretNameFor, splitAuthScheme, type SecretMove } from './secret-policy';

export interface PlannedMove extends SecretMove {
  /** Whether the vault already holds this name (null: the vault could not be asked). */
  existsInVault: boolean | null;
  /** The vault already holds exactly this value under this name: nothing to write. */
  reuse: boolean;
}

const ACCESSOR: SecretAccessor = { kind: 'mcp', id: 'import' };

/**
 * Moves literal credentials out of server definitions into the vault, leaving
 * `{{ secrets.NAME }}` in their place, so SQLite never holds a plaintext secret.
 */
export class SecretMover {
  constructor(private readonly vault: CredentialStore) {}

  /** What would move, and under which names. `taken` keeps names unique across one import. */
  plan(definition: ServerDefinition, taken: Set<string>): PlannedMove[] {
    return findLiteralSecrets(definition).map(({ field, value }) => {
      const key = field.slice(field.indexOf('.') + 1);
      const { prefix, secret } = field.startsWith('headers.') ? splitAuthScheme(value) : { prefix: '', secret: value };
      const base = secretNameFor(definition.name, field.startsWith('auth.') ? `${key}` : key);
      let secretName = base;
      let existsInVault = this.exists(secretName);
      let reuse = false;
      for (let n = 2; ; n++) {
        if (!taken.has(secretName) && !existsInVault) break;
        if (!taken.has(secretName) && this.holds(secretName, secret)) {
          reuse = true;
          break;
        }
        secretName = `${base}_${n}`;
        existsInVault = this.exists(secretName);
      }
      taken.add(secretName);
      return { field, value: secret, secretName, existsInVault, reuse, replacement: `${prefix}${secretRef(secretName)}` };
    });
  }

  /** Writes the planned secrets and returns the definition holding references instead. */
  apply(definition: ServerDefinition, moves: readonly PlannedMove[]): ServerDefinition {
    for (const move of moves) {
      if (move.reuse) continue;
      this.vault.write(move.secretName, { kind: 'secret', value: move.value }, { description: `Moved from the MCP server "${definition.name}" (${move.field})`, usedBy: `mcp:${definition.name}` });
    }
    return replaceSecrets(definition, moves);
  }

  /** Fails early, before anything is written, when secrets must move and the vault cannot take them. */
  requireVault(count: number): void {
    if (count === 0) return;
    try {
      this.vault.assertWritable();
    } catch (error) {
      if (!(error instanceof EchelonError)) throw error;
      // The vault's own message says what to do (create it, unlock it, wait for a rotation).
      const reason = error.message.charAt(0).toLowerCase() + error.message.slice(1).replace(/\.$/, '');
      throw new EchelonError(error.code, `${count} secret value${count > 1 ? 's' : ''} must move into the vault, but ${reason}. Then try again, or write the values as {{ secrets.NAME }} references.`);
    }
  }

  private exists(name: string): boolean | null {
    try {
      return this.vault.exists(name);
    } catch {
      return null;
    }
  }

  private holds(name: string, value: string): boolean {
    try {
      return this.vault.reveal(name, undefined, ACCESSOR) === value;
    } catch {
      return false;
    }
  }
}
