import { z } from 'zod';
import { SecretKind, SecretValue } from '../secrets/secret-kinds';
import { SECRET_NAME } from '../secrets/secret-ref';
import { method } from './define';

export const SecretName = z.string().regex(SECRET_NAME, 'Use letters, digits and _ (not starting with a digit), at most 128 characters, e.g. GITHUB_TOKEN.');

/** A passphrase travels renderer -> main only; it is never returned, logged or stored. */
const Passphrase = z.string().min(1, 'Enter the passphrase.').max(1024);
export const NEW_PASSPHRASE_MIN_LENGTH = 8;
const NewPassphrase = z.string().min(NEW_PASSPHRASE_MIN_LENGTH, `Choose a passphrase of at least ${NEW_PASSPHRASE_MIN_LENGTH} characters.`).max(1024);

export const VaultState = z.enum(['absent', 'locked', 'unlocked']);
export type VaultState = z.infer<typeof VaultState>;

/** 0 means never; otherwise minutes of idleness (no decrypt, no write) before the vault locks. */
export const AutoLockMinutes = z.number().int().min(0).max(24 * 60);

export const VaultStatus = z.object({
  state: VaultState,
  /** Minutes without vault activity before it locks itself; 0 = never. */
  autoLockMinutes: AutoLockMinutes,
  /** When the vault will lock if nothing uses it before (ISO), while unlocked with auto-lock on. */
  autoLockAt: z.string().optional(),
  recordCount: z.number().int(),
  keyGeneration: z.number().int(),
  rotatedAt: z.string().optional(),
  /** The OS keychain (Electron safeStorage) can unlock this vault: desktop only. */
  keychain: z.object({ available: z.boolean(), enrolled: z.boolean() }),
  /** Reveal needs the desktop app's main-process dialog; false under `echelon serve`. */
  revealAvailable: z.boolean(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

/** One field of a record as the renderer sees it: its name and whether it holds a value, never the value. */
export const SecretFieldInfo = z.object({ name: z.string(), secret: z.boolean(), set: z.boolean() });

/** A record's metadata and masked view: what lists, tables and the CLI show. Never a value. */
export const SecretRecordInfo = z.object({
  id: z.string(),
  name: z.string(),
  kind: SecretKind,
  description: z.string(),
  tags: z.array(z.string()),
  /** The value with every secret field masked, e.g. `••••••••`. */
  masked: z.string(),
  /** Non-secret facts about the value (user name, expiry, algorithm), shown beside the mask. */
  summary: z.string(),
  fields: z.array(SecretFieldInfo),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastUsedAt: z.string().optional(),
  /** Who has read it (`mcp:github`, `workflow:wf_12`), most recent first. */
  usedBy: z.array(z.string()),
});
export type SecretRecordInfo = z.infer<typeof SecretRecordInfo>;

export const AccessorKind = z.enum(['workflow', 'mcp', 'integration', 'test', 'user']);
export const AuditAction = z.enum(['decrypt', 'reveal', 'write', 'remove', 'rotate', 'unlock']);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  action: AuditAction,
  /** The record concerned; absent for vault-wide actions (rotate, unlock). */
  recordName: z.string().optional(),
  accessorKind: AccessorKind,
  accessorId: z.string(),
  detail: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditFilter = z
  .object({
    name: z.string().max(200).optional(),
    accessorKind: AccessorKind.optional(),
    accessorId: z.string().max(200).optional(),
    action: AuditAction.optional(),
    since: z.iso.datetime().optional(),
    until: z.iso.datetime().optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof AuditFilter>;

const Tags = z.array(z.string().trim().min(1).max(64)).max(32);

export const vaultMethods = {
  'vault.status': method({
    description: 'Whether the vault exists and is unlocked, its auto-lock setting and record count.',
    input: z.object({}).strict(),
    output: VaultStatus,
    reads: ['vault_meta', 'vault_records'],
  }),
  'vault.create': method({
    description: 'Create the vault with a passphrase (and the OS keychain on the desktop); it starts unlocked.',
    input: z.object({ passphrase: NewPassphrase, useKeychain: z.boolean().default(true) }).strict(),
    output: VaultStatus,
  }),
  'vault.unlock': method({
    description: 'Unlock with the passphrase, or with the OS keychain on the desktop when no passphrase is given.',
    input: z.object({ passphrase: Passphrase.optional() }).strict(),
    output: VaultStatus,
  }),
  'vault.lock': method({
    description: 'Forget the master key now.',
    input: z.object({}).strict(),
    output: VaultStatus,
  }),
  'vault.updateSettings': method({
    description: 'Change the idle time after which the vault locks itself (0 = never).',
    input: z.object({ autoLockMinutes: AutoLockMinutes }).strict(),
    output: VaultStatus,
  }),
  'vault.list': method({
    description: 'Every record with its metadata and a masked value; works while locked.',
    input: z.object({}).strict(),
    output: z.array(SecretRecordInfo),
    reads: ['vault_records'],
  }),
  'vault.set': method({
    description: 'Create a record or replace its value, description or tags. The value travels to the main process only.',
    input: z
      .object({
        name: SecretName,
        value: SecretValue.optional(),
        description: z.string().max(500).optional(),
        tags: Tags.optional(),
      })
      .strict(),
    output: SecretRecordInfo,
  }),
  'vault.remove': method({
    description: 'Delete a record and its value.',
    input: z.object({ name: SecretName }).strict(),
    output: z.object({ removed: z.literal(true) }),
  }),
  'vault.rotate': method({
    description: 'Replace the master key and re-encrypt every record in one transaction; progress arrives as vault.rotation events.',
    input: z.object({ passphrase: Passphrase }).strict(),
    output: z.object({ records: z.number().int(), keyGeneration: z.number().int(), ms: z.number() }),
  }),
  'vault.reveal': method({
    description: 'Show one value in a one-shot desktop dialog after OS confirmation. The value never crosses the contract.',
    input: z.object({ name: SecretName }).strict(),
    output: z.object({ shown: z.boolean() }),
  }),
  'vault.audit': method({
    description: 'Audit log entries, newest first, filtered and paged.',
    input: AuditFilter.extend({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) }).strict(),
    output: z.object({ entries: z.array(AuditEntry), total: z.number().int() }),
    reads: ['vault_audit'],
  }),
  'vault.exportAudit': method({
    description: 'The audit log (filtered) as a JSON or CSV document to save.',
    input: AuditFilter.extend({ format: z.enum(['json', 'csv']) }).strict(),
    output: z.object({ filename: z.string(), contentType: z.string(), content: z.string(), entries: z.number().int() }),
    reads: ['vault_audit'],
  }),
};

export const vaultEvents = {
  /** Locked, unlocked, created, settings changed: the whole status, so the UI needs no refetch. */
  'vault.status': VaultStatus,
  /** Master-key rotation progress. */
  'vault.rotation': z.object({ phase: z.enum(['encrypt', 'write', 'done']), done: z.number().int(), total: z.number().int() }),
};
