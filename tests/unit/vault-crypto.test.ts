import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, importKey, IV_BYTES } from '../../electron/main/services/vault/aead';
import { WrongKeyError } from '../../electron/main/services/vault/key-protector';
import { PassphraseProtector } from '../../electron/main/services/vault/passphrase-protector';
import { decryptValue, encryptValue, reencrypt } from '../../electron/main/services/vault/record-cipher';
import type { SecretValue } from '../../shared/secrets/secret-kinds';

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const key = () => importKey(randomBytes(32));
const value: SecretValue = { kind: 'secret', value: 'sk-live-0123456789' };

describe('record encryption', () => {
  it('round-trips a value and uses a fresh 96-bit IV on every write', () => {
    const k = key();
    const a = encryptValue(k, { id: 'r1', version: 1 }, value);
    const b = encryptValue(k, { id: 'r1', version: 1 }, value);
    expect(a.iv).toHaveLength(IV_BYTES);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(decryptValue(k, { id: 'r1', version: 1 }, a)).toEqual(value);
    expect(a.ciphertext.includes(Buffer.from('sk-live'))).toBe(false);
  });

  it('refuses a ciphertext moved to another record', () => {
    const k = key();
    const sealed = encryptValue(k, { id: 'r1', version: 1 }, value);
    expect(() => decryptValue(k, { id: 'r2', version: 1 }, sealed)).toThrow(AuthenticationError);
  });

  it('refuses a ciphertext replayed at another version', () => {
    const k = key();
    const sealed = encryptValue(k, { id: 'r1', version: 3 }, value);
    expect(() => decryptValue(k, { id: 'r1', version: 4 }, sealed)).toThrow(AuthenticationError);
    expect(() => decryptValue(k, { id: 'r1', version: 2 }, sealed)).toThrow(AuthenticationError);
  });

  it('refuses a ciphertext, tag or IV altered by one bit, and another key', () => {
    const k = key();
    const sealed = encryptValue(k, { id: 'r1', version: 1 }, value);
    for (const index of [0, sealed.ciphertext.length - 1]) {
      const ciphertext = Buffer.from(sealed.ciphertext);
      ciphertext[index]! ^= 1;
      expect(() => decryptValue(k, { id: 'r1', version: 1 }, { iv: sealed.iv, ciphertext })).toThrow(AuthenticationError);
    }
    const iv = Buffer.from(sealed.iv);
    iv[0]! ^= 1;
    expect(() => decryptValue(k, { id: 'r1', version: 1 }, { iv, ciphertext: sealed.ciphertext })).toThrow(AuthenticationError);
    expect(() => decryptValue(key(), { id: 'r1', version: 1 }, sealed)).toThrow(AuthenticationError);
  });

  it('re-encrypts under a new key for rotation, bound to the same record', () => {
    const [from, to] = [key(), key()];
    const sealed = encryptValue(from, { id: 'r1', version: 2 }, value);
    const moved = reencrypt(from, to, { id: 'r1', version: 2 }, sealed);
    expect(decryptValue(to, { id: 'r1', version: 2 }, moved)).toEqual(value);
    expect(() => decryptValue(from, { id: 'r1', version: 2 }, moved)).toThrow(AuthenticationError);
  });

  it('wipes the raw key it imports', () => {
    const raw = randomBytes(32);
    importKey(raw);
    expect(raw.every((byte) => byte === 0)).toBe(true);
  });
});

describe('passphrase protector', () => {
  it('unwraps the master key with the right passphrase only', async () => {
    const master = randomBytes(32);
    const slot = await new PassphraseProtector('correct horse', FAST).wrap(master, 1);
    expect(slot.params).toMatchObject({ kdf: 'scrypt', N: FAST.N, r: 8, p: 1 });
    expect(slot.wrapped.includes(master)).toBe(false);
    expect((await new PassphraseProtector('correct horse', FAST).unwrap(slot)).equals(master)).toBe(true);
    await expect(new PassphraseProtector('wrong horse', FAST).unwrap(slot)).rejects.toThrow(WrongKeyError);
  });

  it('treats canonically equal Unicode passphrases as one', async () => {
    const master = randomBytes(32);
    const slot = await new PassphraseProtector('caf\u00e9', FAST).wrap(master, 1);
    expect((await new PassphraseProtector('cafe\u0301', FAST).unwrap(slot)).equals(master)).toBe(true);
  });

  it('binds the key generation: a slot relabelled to another generation fails', async () => {
    const slot = await new PassphraseProtector('pw-pw-pw', FAST).wrap(randomBytes(32), 1);
    await expect(new PassphraseProtector('pw-pw-pw', FAST).unwrap({ ...slot, keyGeneration: 2 })).rejects.toThrow(WrongKeyError);
  });

  it('reads the scrypt cost from the slot, so a changed default keeps old vaults readable', async () => {
    const master = randomBytes(32);
    const slot = await new PassphraseProtector('pw-pw-pw', FAST).wrap(master, 1);
    expect((await new PassphraseProtector('pw-pw-pw').unwrap(slot)).equals(master)).toBe(true);
  });
});
