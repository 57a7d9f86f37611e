import type { KeyObject } from 'node:crypto';
import { SecretValue } from '../../../../shared/secrets/secret-kinds';
import { open, seal, type Sealed } from './aead';

/** Where a record's ciphertext belongs: it opens only under this id at this version. */
export interface RecordSlot {
  id: string;
  version: number;
}

/**
 * The record's id and version as associated data: a ciphertext copied onto another record,
 * or replayed at an older version, fails authentication instead of decrypting.
 */
export function recordAad({ id, version }: RecordSlot): Buffer {
  return Buffer.from(`echelon.vault.record.v1\0${id}\0${version}`, 'utf8');
}

export function encryptValue(key: KeyObject, slot: RecordSlot, value: SecretValue): Sealed {
  const plaintext = Buffer.from(JSON.stringify(value), 'utf8');
  try {
    return seal(key, recordAad(slot), plaintext);
  } finally {
    plaintext.fill(0);
  }
}

/** Throws `AuthenticationError` when the ciphertext was altered, moved or sealed under another key. */
export function decryptValue(key: KeyObject, slot: RecordSlot, sealed: Sealed): SecretValue {
  const plaintext = open(key, recordAad(slot), sealed);
  try {
    return SecretValue.parse(JSON.parse(plaintext.toString('utf8')));
  } finally {
    plaintext.fill(0);
  }
}

/** Re-encrypts under another key without parsing the value, for rotation. */
export function reencrypt(from: KeyObject, to: KeyObject, slot: RecordSlot, sealed: Sealed): Sealed {
  const aad = recordAad(slot);
  const plaintext = open(from, aad, sealed);
  try {
    return seal(to, aad, plaintext);
  } finally {
    plaintext.fill(0);
  }
}
