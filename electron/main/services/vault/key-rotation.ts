import { randomBytes, type KeyObject } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { EchelonError } from '../../../../shared/contract/errors';
import { AuthenticationError, importKey, KEY_BYTES, type Sealed } from './aead';
import type { KeyProtector, KeySlot } from './key-protector';
import { reencrypt } from './record-cipher';
import { vaultErrors } from './vault-errors';
import type { VaultRepository } from './vault-repository';

export interface RotationProgress {
  phase: 'encrypt' | 'write' | 'done';
  done: number;
  total: number;
}

export interface RotationInput {
  repository: VaultRepository;
  from: { key: KeyObject; generation: number };
  /** Each wraps the new master key; slots of protectors not listed are dropped (they would hold the old key). */
  protectors: readonly KeyProtector[];
  onProgress?: (progress: RotationProgress) => void;
}

export interface RotationResult {
  key: KeyObject;
  generation: number;
  records: number;
}

const CHUNK = 250;

/**
 * Replaces the master key. The slow part (re-encrypting every record, wrapping the new key)
 * runs first, in memory, yielding between chunks so progress reaches the UI. Then ONE
 * immediate transaction writes every ciphertext, the key slots and the generation together:
 * a process killed at any point leaves either the old key with the old ciphertexts or the
 * new key with the new ones. A record changed meanwhile (by another process) aborts the
 * transaction, so nothing is half-rotated either.
 */
export async function rotateMasterKey(input: RotationInput): Promise<RotationResult> {
  const { repository, from, onProgress } = input;
  const snapshot = repository.sealedRecords();
  const total = snapshot.length;
  const next = from.generation + 1;
  if (snapshot.some((row) => row.key_generation !== from.generation)) throw vaultErrors.rotatedElsewhere();

  const raw = randomBytes(KEY_BYTES);
  const slots: KeySlot[] = [];
  try {
    for (const protector of input.protectors) slots.push(await protector.wrap(raw, next));
  } catch (error) {
    raw.fill(0);
    throw error;
  }
  const to = importKey(raw);

  const rewritten: (Sealed & { id: string; version: number })[] = [];
  for (let index = 0; index < total; index++) {
    const row = snapshot[index]!;
    try {
      rewritten.push({ id: row.id, version: row.version, ...reencrypt(from.key, to, row, row) });
    } catch (error) {
      if (error instanceof AuthenticationError) throw vaultErrors.integrity(row.name);
      throw error;
    }
    if ((index + 1) % CHUNK === 0) {
      onProgress?.({ phase: 'encrypt', done: index + 1, total });
      await yieldToEventLoop();
    }
  }
  onProgress?.({ phase: 'encrypt', done: total, total });

  const at = new Date().toISOString();
  const commit = repository.db.transaction(() => {
    if (repository.meta()?.key_generation !== from.generation) throw vaultErrors.rotatedElsewhere();
    rewritten.forEach((record, index) => {
      if (!repository.rewrap({ ...record, from: from.generation, to: next })) {
        throw new EchelonError('conflict', 'A secret changed while the master key was being rotated; nothing was changed: rotate again.');
      }
      if ((index + 1) % CHUNK === 0) onProgress?.({ phase: 'write', done: index + 1, total });
    });
    if (repository.countAtOtherGeneration(next) > 0) {
      throw new EchelonError('conflict', 'A secret was added while the master key was being rotated; nothing was changed: rotate again.');
    }
    for (const slot of slots) repository.upsertSlot(slot, at);
    repository.deleteSlotsNotAt(next);
    repository.setGeneration(next, at);
  });
  commit.immediate();
  onProgress?.({ phase: 'done', done: total, total });
  return { key: to, generation: next, records: total };
}
