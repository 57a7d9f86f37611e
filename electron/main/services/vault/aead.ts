import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
export const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** What AES-256-GCM produced: a fresh 96-bit IV and the ciphertext with its 16-byte tag appended. */
export interface Sealed {
  iv: Buffer;
  ciphertext: Buffer;
}

/** The ciphertext, its tag or its associated data does not match: altered, moved, or the wrong key. */
export class AuthenticationError extends Error {
  constructor() {
    super('Authentication failed');
    this.name = 'AuthenticationError';
  }
}

/** Holds a raw key in native memory and wipes the JS copy, so the key never sits in the heap. */
export function importKey(raw: Buffer): KeyObject {
  if (raw.length !== KEY_BYTES) throw new Error(`An AES-256 key has ${KEY_BYTES} bytes, not ${raw.length}`);
  const key = createSecretKey(Buffer.from(raw));
  raw.fill(0);
  return key;
}

/** Encrypts with a new random IV every time: an IV is never reused under one key. */
export function seal(key: KeyObject, aad: Buffer, plaintext: Buffer): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, ciphertext };
}

export function open(key: KeyObject, aad: Buffer, sealed: Sealed): Buffer {
  if (sealed.iv.length !== IV_BYTES || sealed.ciphertext.length < TAG_BYTES) throw new AuthenticationError();
  const body = sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES);
  const tag = sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new AuthenticationError();
  }
}

/** The IV and the ciphertext in one buffer, for values stored as a single blob (wrapped keys). */
export function packSealed(sealed: Sealed): Buffer {
  return Buffer.concat([sealed.iv, sealed.ciphertext]);
}

export function unpackSealed(packed: Buffer): Sealed {
  return { iv: packed.subarray(0, IV_BYTES), ciphertext: packed.subarray(IV_BYTES) };
}
