import type { SecretValue } from '../../../../shared/secrets/secret-kinds';
import { substituteSecretRefs } from '../../../../shared/secrets/secret-ref';

/** Who reads a secret: written to the vault's audit log with every decrypt. */
export interface SecretAccessor {
  kind: 'workflow' | 'mcp' | 'integration' | 'user' | 'test';
  /** Workflow id, server name, connection id, ... */
  id: string;
}

/**
 * What consumers (MCP supervisor, integrations, engine) need from the vault, and nothing
 * more. `reveal` throws an EchelonError: `not_found` for an unknown name or field,
 * `unavailable` while the vault is locked.
 */
export interface SecretSource {
  reveal(name: string, field: string | undefined, accessor: SecretAccessor): string;
  exists(name: string): boolean;
  /**
   * Whether that field is a secret (a password, a token) rather than an identifier (a login's
   * username, a key ID): only secrets are registered for redaction. Sources without it hold
   * only secrets.
   */
  isSecret?(name: string, field: string | undefined): boolean;
}

/** Resolves every `{{ secrets.NAME }}` in a text, at the moment of use. */
export function resolveSecretRefs(text: string, secrets: SecretSource, accessor: SecretAccessor): string {
  return substituteSecretRefs(text, (ref) => secrets.reveal(ref.name, ref.field, accessor));
}

/** The same for every string of a record (env vars, headers). */
export function resolveSecretRecord(record: Record<string, string>, secrets: SecretSource, accessor: SecretAccessor): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, resolveSecretRefs(value, secrets, accessor)]));
}

/**
 * What integrations need beyond single strings: whole typed records (OAuth2 token sets,
 * certificates) read at use, and written back after a token refresh.
 */
export interface CredentialStore extends SecretSource {
  read(name: string, accessor: SecretAccessor): SecretValue;
  /** The version of a record's value, which grows with every write, read without decrypting it; undefined when there is none. */
  version(name: string): number | undefined;
  /** `accessor` (optional) is who writes, for the audit log; without it `usedBy` names them. */
  write(name: string, value: SecretValue, details?: { description?: string; tags?: string[]; usedBy?: string }, accessor?: SecretAccessor): void;
  /**
   * Throws what `write` would throw now (`unavailable`: no vault yet, or locked; `conflict`:
   * mid-rotation), so a caller can refuse before changing anything. `exists` cannot tell:
   * record names stay readable while the vault is locked.
   */
  assertWritable(): void;
}
