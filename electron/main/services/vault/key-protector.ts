/** How a master key is kept at rest: wrapped by a passphrase (headless) or by the OS keychain (desktop). */
export type ProtectorKind = 'passphrase' | 'keychain';

/** A wrapped master key as stored in `vault_key_slots`; `params` says how to unwrap it (salt, cost). */
export interface KeySlot {
  protector: ProtectorKind;
  keyGeneration: number;
  params: Record<string, unknown>;
  wrapped: Buffer;
}

/** The unwrap failed: wrong passphrase, another OS user's keychain, or a damaged slot. */
export class WrongKeyError extends Error {
  constructor(readonly protector: ProtectorKind) {
    super(`The ${protector} did not unlock the master key`);
    this.name = 'WrongKeyError';
  }
}

/**
 * Wraps and unwraps the vault's random 32-byte master key. The vault never stores the master
 * key itself, only what a protector made of it; the generation is bound into the wrapping so
 * a slot from before a rotation cannot pass for a current one.
 */
export interface KeyProtector {
  readonly kind: ProtectorKind;
  wrap(masterKey: Buffer, keyGeneration: number): Promise<KeySlot>;
  /** The raw master key (the caller wipes it), or `WrongKeyError`. */
  unwrap(slot: KeySlot): Promise<Buffer>;
}
