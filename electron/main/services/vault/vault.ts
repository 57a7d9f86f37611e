import { randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { EchelonError, validationError } from '../../../../shared/contract/errors';
import type { AuditFilter, SecretRecordInfo, VaultStatus } from '../../../../shared/contract/vault';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import { PRIMARY_FIELD, SecretKind, SecretValue } from '../../../../shared/secrets/secret-kinds';
import type { ActivityLog } from '../activity/activity-log';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../redaction/redactor';
import type { CredentialStore, SecretAccessor } from '../secrets/secret-source';
import type { Store } from '../store/store';
import { importKey, KEY_BYTES } from './aead';
import { VaultAuditLog } from './audit-log';
import { IdleTimer } from './idle-timer';
import { WrongKeyError, type KeyProtector, type KeySlot } from './key-protector';
import { rotateMasterKey, type RotationProgress } from './key-rotation';
import { PassphraseProtector, type ScryptCost } from './passphrase-protector';
import { decryptValue, encryptValue } from './record-cipher';
import type { RevealPrompt } from './reveal-prompt';
import { checkValue } from './value-checks';
import { fieldInfo, fieldNames, fieldText, isSecretField, MASK } from './value-fields';
import { summarize } from './value-summary';
import { vaultErrors } from './vault-errors';
import { VaultRedaction } from './vault-redaction';
import { VaultRepository, type RecordRow } from './vault-repository';

export const DEFAULT_AUTO_LOCK_MINUTES = 15;

export interface VaultOptions {
  store: Store;
  bus: EventBus;
  redactor: Redactor;
  logger: Logger;
  activity: ActivityLog;
  /** The OS keychain (Electron safeStorage): desktop only, and only where it is really backed by the OS. */
  keychain?: KeyProtector;
  /** The desktop's one-shot reveal dialog; without it `vault.reveal` answers `unavailable`. */
  revealPrompt?: RevealPrompt;
  /** scrypt cost for new passphrase slots; tests lower it, everything else keeps the default. */
  scrypt?: ScryptCost;
}

export interface SetSecretInput {
  name: string;
  /** Parsed here (defaults applied, fields checked): services pass values that never crossed the contract. */
  value?: z.input<typeof SecretValue>;
  description?: string;
  tags?: string[];
}

interface Unlocked {
  key: KeyObject;
  generation: number;
}

const normalizeTags = (tags: readonly string[]) => [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];

/**
 * The credential vault: records encrypted with AES-256-GCM under a random master key that is
 * held only while unlocked, wrapped at rest by a passphrase (scrypt) and, on the desktop, by
 * the OS keychain. It is the `CredentialStore` MCP, integrations and the engine read from;
 * every decrypt is audited and every value it holds is registered with the redactor.
 */
export class Vault implements CredentialStore, Disposable {
  readonly audit: VaultAuditLog;
  private readonly repository: VaultRepository;
  private readonly redaction: VaultRedaction;
  private readonly idle: IdleTimer;
  private unlocked: Unlocked | undefined;
  private rotating = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: VaultOptions) {
    this.repository = new VaultRepository(options.store.db);
    this.audit = new VaultAuditLog(options.store.db, this.repository, options.store.changes);
    this.redaction = new VaultRedaction(options.redactor);
    this.idle = new IdleTimer(() => this.onIdle());
  }

  /** Unlocks at start when it can: with a passphrase (ECHELON_VAULT_PASSPHRASE), or the enrolled OS keychain. */
  async start(options: { passphrase?: string } = {}): Promise<void> {
    if (!this.repository.meta()) return;
    if (options.passphrase) {
      await this.unlock(options.passphrase);
      return;
    }
    if (this.options.keychain && this.hasSlot('keychain')) {
      await this.unlock().catch((error: unknown) => this.options.logger.warn('vault', 'The OS keychain did not unlock the vault at start', { reason: (error as Error).message }));
    }
  }

  get isUnlocked(): boolean {
    return this.unlocked !== undefined;
  }

  status(): VaultStatus {
    const meta = this.repository.meta();
    const deadline = this.unlocked ? this.idle.deadline() : undefined;
    return {
      state: !meta ? 'absent' : this.unlocked ? 'unlocked' : 'locked',
      autoLockMinutes: meta?.auto_lock_minutes ?? DEFAULT_AUTO_LOCK_MINUTES,
      autoLockAt: deadline === undefined ? undefined : new Date(deadline).toISOString(),
      recordCount: meta ? this.repository.count() : 0,
      keyGeneration: meta?.key_generation ?? 0,
      rotatedAt: meta?.rotated_at ?? undefined,
      keychain: { available: this.options.keychain !== undefined, enrolled: meta ? this.hasSlot('keychain') : false },
      revealAvailable: this.options.revealPrompt !== undefined,
    };
  }

  create(passphrase: string, options: { useKeychain?: boolean } = {}): Promise<VaultStatus> {
    return this.exclusive(async () => {
      if (this.repository.meta()) throw vaultErrors.exists();
      const keychain = options.useKeychain !== false ? this.options.keychain : undefined;
      const raw = randomBytes(KEY_BYTES);
      const slots: KeySlot[] = [];
      try {
        slots.push(await this.passphraseProtector(passphrase).wrap(raw, 1));
        if (keychain) slots.push(await keychain.wrap(raw, 1));
      } catch (error) {
        raw.fill(0);
        throw error;
      }
      const at = new Date().toISOString();
      try {
        this.repository.db.transaction(() => {
          this.repository.insertMeta({ key_generation: 1, auto_lock_minutes: DEFAULT_AUTO_LOCK_MINUTES, keychain_wanted: keychain ? 1 : 0, created_at: at });
          for (const slot of slots) this.repository.upsertSlot(slot, at);
        }).immediate();
      } catch (error) {
        raw.fill(0);
        if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw vaultErrors.exists();
        throw error;
      }
      this.becomeUnlocked({ key: importKey(raw), generation: 1 }, DEFAULT_AUTO_LOCK_MINUTES);
      this.options.store.changes.touched('vault_meta');
      this.options.activity.record('info', 'vault', `Vault created${keychain ? ', with the OS keychain' : ''}`);
      this.options.logger.info('vault', 'Vault created', { keychain: Boolean(keychain) });
      return this.emitStatus();
    });
  }

  /** With a passphrase, or (desktop) with the enrolled OS keychain when none is given. */
  unlock(passphrase?: string, accessor: SecretAccessor = { kind: 'user', id: 'start' }): Promise<VaultStatus> {
    return this.exclusive(async () => {
      const meta = this.repository.meta();
      if (!meta) throw vaultErrors.absent();
      if (this.unlocked) return this.status();
      const slots = this.repository.slots();
      const protector = passphrase !== undefined ? this.passphraseProtector(passphrase) : this.options.keychain;
      const slot = slots.find((candidate) => candidate.protector === protector?.kind && candidate.keyGeneration === meta.key_generation);
      if (!protector || !slot) throw passphrase !== undefined ? vaultErrors.wrongPassphrase() : vaultErrors.keychainUnavailable();
      let raw: Buffer;
      try {
        raw = await protector.unwrap(slot);
      } catch (error) {
        if (error instanceof WrongKeyError) {
          this.options.logger.info('vault', `Unlock refused: wrong ${protector.kind}`);
          throw protector.kind === 'passphrase' ? vaultErrors.wrongPassphrase() : vaultErrors.keychainRefused();
        }
        throw error;
      }
      const keychain = this.options.keychain;
      if (protector.kind === 'passphrase' && keychain && meta.keychain_wanted && !slots.some((s) => s.protector === 'keychain' && s.keyGeneration === meta.key_generation)) {
        // A rotation made without the keychain (from the CLI) dropped its slot: enrol it again.
        this.repository.upsertSlot(await keychain.wrap(raw, meta.key_generation), new Date().toISOString());
      }
      const unlocked = { key: importKey(raw), generation: meta.key_generation };
      const loaded = this.loadIntoRedactor(unlocked);
      this.becomeUnlocked(unlocked, meta.auto_lock_minutes);
      this.audit.record({ action: 'unlock', accessor, detail: `with the ${protector.kind}; ${loaded} record${loaded === 1 ? '' : 's'} registered with the redactor` });
      this.options.activity.record('info', 'vault', `Vault unlocked with the ${protector.kind === 'passphrase' ? 'passphrase' : 'OS keychain'}`);
      return this.emitStatus();
    });
  }

  lock(reason: 'manual' | 'idle' = 'manual'): VaultStatus {
    if (!this.unlocked) return this.status();
    if (this.rotating) throw vaultErrors.busy();
    this.audit.flush();
    this.unlocked = undefined;
    this.idle.stop();
    this.redaction.lock();
    const minutes = this.repository.meta()?.auto_lock_minutes;
    this.options.activity.record('info', 'vault', reason === 'idle' ? `Vault locked after ${minutes} minutes without use` : 'Vault locked');
    return this.emitStatus();
  }

  updateSettings(settings: { autoLockMinutes: number }): VaultStatus {
    if (!this.repository.meta()) throw vaultErrors.absent();
    this.requireWritable();
    this.repository.setAutoLock(settings.autoLockMinutes);
    this.idle.start(settings.autoLockMinutes);
    this.options.store.changes.touched('vault_meta');
    this.options.activity.record('info', 'vault', settings.autoLockMinutes === 0 ? 'Vault auto-lock turned off' : `Vault auto-lock set to ${settings.autoLockMinutes} minutes`);
    return this.emitStatus();
  }

  list(): SecretRecordInfo[] {
    return this.repository.records().map(toInfo);
  }

  /** Creates a record or replaces its value and/or details; the value is checked, encrypted and registered for redaction. */
  set(input: SetSecretInput, accessor: SecretAccessor): SecretRecordInfo {
    const unlocked = this.requireWritable();
    const value = input.value === undefined ? undefined : parseValue(input.value);
    const at = new Date().toISOString();
    const { row, created } = this.repository.db
      .transaction(() => {
        this.assertGeneration(unlocked);
        const existing = this.repository.recordByName(input.name);
        if (!existing) {
          if (!value) throw new EchelonError('invalid_input', `"${input.name}" is a new secret: give it a value.`, { path: 'value' });
          const id = randomUUID();
          const sealed = encryptValue(unlocked.key, { id, version: 1 }, value);
          this.repository.insertRecord({
            id,
            name: input.name,
            kind: value.kind,
            description: input.description ?? '',
            tags: JSON.stringify(normalizeTags(input.tags ?? [])),
            summary: summarize(value),
            fields: JSON.stringify(fieldInfo(value)),
            version: 1,
            key_generation: unlocked.generation,
            iv: sealed.iv,
            ciphertext: sealed.ciphertext,
            created_at: at,
            updated_at: at,
          });
        } else {
          if (value) {
            const version = existing.version + 1;
            const sealed = encryptValue(unlocked.key, { id: existing.id, version }, value);
            this.repository.updateValue(existing.id, {
              kind: value.kind,
              summary: summarize(value),
              fields: JSON.stringify(fieldInfo(value)),
              version,
              key_generation: unlocked.generation,
              iv: sealed.iv,
              ciphertext: sealed.ciphertext,
              updated_at: at,
            });
          }
          if (input.description !== undefined || input.tags !== undefined) {
            this.repository.updateDetails(existing.id, {
              description: input.description ?? existing.description,
              tags: input.tags ? JSON.stringify(normalizeTags(input.tags)) : existing.tags,
              updated_at: at,
            });
          }
        }
        return { row: this.repository.recordByName(input.name)!, created: !existing };
      })
      .immediate();
    if (value) this.redaction.register(row, value);
    this.audit.record({ action: 'write', record: row, accessor, detail: created ? 'created' : value ? 'value replaced' : 'details changed' });
    this.options.store.changes.touched('vault_records');
    this.options.activity.record('info', 'vault', `Secret ${input.name} ${created ? 'added' : value ? 'value replaced' : 'updated'}`);
    this.idle.touch();
    return toInfo(row);
  }

  remove(name: string, accessor: SecretAccessor): void {
    this.requireWritable();
    const row = this.repository.recordByName(name);
    if (!row || !this.repository.deleteRecord(row.id)) throw vaultErrors.notFound(name);
    this.redaction.retire(row.id);
    this.audit.record({ action: 'remove', record: row, accessor });
    this.options.store.changes.touched('vault_records');
    this.options.activity.record('info', 'vault', `Secret ${name} removed`);
    this.idle.touch();
  }

  /** New master key, every record re-encrypted in one transaction. The passphrase confirms it and wraps the new key. */
  rotate(passphrase: string, accessor: SecretAccessor, onProgress?: (progress: RotationProgress) => void): Promise<{ records: number; keyGeneration: number; ms: number }> {
    return this.exclusive(async () => {
      const unlocked = this.requireWritable();
      this.rotating = true;
      try {
        const started = performance.now();
        const meta = this.repository.meta()!;
        const passphraseProtector = this.passphraseProtector(passphrase);
        const slot = this.repository.slots().find((candidate) => candidate.protector === 'passphrase');
        if (!slot) throw vaultErrors.wrongPassphrase();
        try {
          (await passphraseProtector.unwrap(slot)).fill(0);
        } catch (error) {
          if (error instanceof WrongKeyError) throw vaultErrors.wrongPassphrase();
          throw error;
        }
        const protectors: KeyProtector[] = [passphraseProtector];
        if (this.options.keychain && meta.keychain_wanted) protectors.push(this.options.keychain);
        const report = (progress: RotationProgress) => {
          onProgress?.(progress);
          this.options.bus.emit('vault.rotation', progress);
        };
        const result = await rotateMasterKey({ repository: this.repository, from: unlocked, protectors, onProgress: report });
        this.unlocked = { key: result.key, generation: result.generation };
        const ms = Math.round(performance.now() - started);
        this.audit.record({ action: 'rotate', accessor, detail: `${result.records} records re-encrypted under key generation ${result.generation}` });
        this.options.store.changes.touched('vault_records', 'vault_meta');
        this.options.activity.record('info', 'vault', `Master key rotated: ${result.records} records re-encrypted`);
        this.options.logger.info('vault', 'Master key rotated', { records: result.records, generation: result.generation, ms });
        this.emitStatus();
        return { records: result.records, keyGeneration: result.generation, ms };
      } finally {
        this.rotating = false;
        this.idle.touch();
      }
    });
  }

  /** Desktop only: confirm outside the renderer, then show the value in a one-shot main-process dialog. */
  async revealToUser(name: string, accessor: SecretAccessor): Promise<{ shown: boolean }> {
    const prompt = this.options.revealPrompt;
    if (!prompt) {
      throw new EchelonError(
        'unavailable',
        'Reveal is a desktop-app feature: a value is shown only in the desktop app, after OS confirmation, in a dialog this page never sees. Here you can replace the value instead.',
      );
    }
    this.requireUnlocked();
    const first = this.repository.recordByName(name);
    if (!first) throw vaultErrors.notFound(name);
    const request = { name, kind: SecretKind.parse(first.kind), description: first.description };
    if (!(await prompt.confirm(request))) return { shown: false };
    const unlocked = this.requireUnlocked();
    const row = this.repository.recordByName(name);
    if (!row) throw vaultErrors.notFound(name);
    const value = this.open(row, unlocked);
    this.handOut(row, value, accessor, 'reveal');
    const fields = fieldNames(value)
      .map((field) => ({ name: field, value: fieldText(value, field) ?? '', secret: isSecretField(value.kind, field) }))
      .filter((field) => field.value !== '');
    await prompt.show(request, fields);
    return { shown: true };
  }

  /** Decrypts every record to prove it intact: for `echelon vault verify`. Nothing is returned but names. */
  verify(): { name: string; ok: boolean; message?: string }[] {
    const unlocked = this.requireUnlocked();
    return this.repository.records().map((row) => {
      try {
        this.open(row, unlocked);
        return { name: row.name, ok: true };
      } catch (error) {
        return { name: row.name, ok: false, message: (error as Error).message };
      }
    });
  }

  queryAudit(filter: AuditFilter, limit: number, offset: number) {
    return this.audit.query(filter, limit, offset);
  }

  // CredentialStore: what MCP, integrations and the engine use.

  exists(name: string): boolean {
    return this.repository.exists(name);
  }

  read(name: string, accessor: SecretAccessor): SecretValue {
    const unlocked = this.requireUnlocked();
    const row = this.repository.recordByName(name);
    if (!row) throw vaultErrors.notFound(name);
    const value = this.open(row, unlocked);
    this.handOut(row, value, accessor, 'decrypt');
    return value;
  }

  version(name: string): number | undefined {
    return this.repository.version(name);
  }

  isSecret(name: string, field: string | undefined): boolean {
    const kind = SecretKind.safeParse(this.repository.recordByName(name)?.kind);
    return !kind.success || isSecretField(kind.data, field ?? PRIMARY_FIELD[kind.data]);
  }

  reveal(name: string, field: string | undefined, accessor: SecretAccessor): string {
    const value = this.read(name, accessor);
    const text = fieldText(value, field);
    if (text === undefined || text === '') throw vaultErrors.fieldNotFound(name, field ?? '', fieldNames(value));
    return text;
  }

  write(name: string, value: SecretValue, details: { description?: string; tags?: string[]; usedBy?: string } = {}, accessor?: SecretAccessor): void {
    this.set({ name, value, description: details.description, tags: details.tags }, accessor ?? accessorFrom(details.usedBy));
  }

  assertWritable(): void {
    this.requireWritable();
  }

  dispose(): void {
    this.idle.dispose();
    this.audit.dispose();
    this.unlocked = undefined;
  }

  private handOut(row: RecordRow, value: SecretValue, accessor: SecretAccessor, action: 'decrypt' | 'reveal'): void {
    this.redaction.register(row, value);
    this.redaction.handedOut(row.id);
    this.audit.record({ action, record: row, accessor });
    this.idle.touch();
  }

  private open(row: RecordRow, unlocked: Unlocked): SecretValue {
    if (row.key_generation !== unlocked.generation) throw vaultErrors.rotatedElsewhere();
    let value: SecretValue;
    try {
      value = decryptValue(unlocked.key, row, row);
    } catch {
      this.options.logger.warn('vault', `The stored value of ${row.name} failed its integrity check`);
      this.options.activity.record('warn', 'vault', `The stored value of ${row.name} failed its integrity check`);
      throw vaultErrors.integrity(row.name);
    }
    if (value.kind !== row.kind) throw vaultErrors.integrity(row.name);
    return value;
  }

  /** Registers every value with the redactor; a damaged record is reported, not fatal. */
  private loadIntoRedactor(unlocked: Unlocked): number {
    let loaded = 0;
    for (const row of this.repository.records()) {
      try {
        this.redaction.register(row, this.open(row, unlocked));
        loaded++;
      } catch {
        // Already logged by `open`; the record stays unreadable until replaced.
      }
    }
    return loaded;
  }

  private becomeUnlocked(unlocked: Unlocked, autoLockMinutes: number): void {
    this.unlocked = unlocked;
    this.idle.start(autoLockMinutes);
  }

  private onIdle(): void {
    if (this.rotating) {
      this.idle.start(this.repository.meta()?.auto_lock_minutes ?? DEFAULT_AUTO_LOCK_MINUTES);
      return;
    }
    this.lock('idle');
  }

  private requireUnlocked(): Unlocked {
    if (!this.unlocked) throw this.repository.meta() ? vaultErrors.locked() : vaultErrors.absent();
    return this.unlocked;
  }

  private requireWritable(): Unlocked {
    const unlocked = this.requireUnlocked();
    if (this.rotating) throw vaultErrors.busy();
    return unlocked;
  }

  private assertGeneration(unlocked: Unlocked): void {
    if (this.repository.meta()?.key_generation !== unlocked.generation) throw vaultErrors.rotatedElsewhere();
  }

  private hasSlot(protector: KeySlot['protector']): boolean {
    return this.repository.slots().some((slot) => slot.protector === protector);
  }

  private passphraseProtector(passphrase: string): PassphraseProtector {
    return new PassphraseProtector(passphrase, this.options.scrypt);
  }

  private emitStatus(): VaultStatus {
    const status = this.status();
    this.options.bus.emit('vault.status', status);
    return status;
  }

  /** Create, unlock and rotate run one at a time: none of them sees another half done. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Values also arrive from services (token refresh), not only through the contract: parse and check them here. */
function parseValue(input: unknown): SecretValue {
  const parsed = SecretValue.safeParse(input);
  if (!parsed.success) {
    throw validationError(new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: ['value', ...issue.path] }))), 'secret value');
  }
  checkValue(parsed.data);
  return parsed.data;
}

function parseList(json: string): string[] {
  return JSON.parse(json) as string[];
}

function toInfo(row: RecordRow): SecretRecordInfo {
  const fields = JSON.parse(row.fields) as SecretRecordInfo['fields'];
  return {
    id: row.id,
    name: row.name,
    kind: SecretKind.parse(row.kind),
    description: row.description,
    tags: parseList(row.tags),
    masked: MASK,
    summary: row.summary,
    fields,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastUsedAt: row.last_used_at ?? undefined,
    usedBy: parseList(row.used_by),
  };
}

/** `usedBy: "mcp:github"` names its accessor; anything else is taken as an integration connection. */
function accessorFrom(usedBy: string | undefined): SecretAccessor {
  const [kind, ...rest] = (usedBy ?? '').split(':');
  if (kind && rest.length > 0 && ['workflow', 'mcp', 'integration', 'user', 'test'].includes(kind)) return { kind: kind as SecretAccessor['kind'], id: rest.join(':') };
  return { kind: 'integration', id: usedBy || 'unknown' };
}

export function createVault(options: VaultOptions): Vault {
  return new Vault(options);
}
