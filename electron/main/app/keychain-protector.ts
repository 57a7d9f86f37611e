import { safeStorage } from 'electron';
import { WrongKeyError, type KeyProtector, type KeySlot } from '../services/vault/key-protector';

/** The vault's master key wrapped by the OS keychain through Electron's safeStorage. */
export class KeychainProtector implements KeyProtector {
  readonly kind = 'keychain' as const;

  /** Only where the OS really protects it: on Linux without a keyring safeStorage uses a fixed password. */
  static isAvailable(): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  }

  async wrap(masterKey: Buffer, keyGeneration: number): Promise<KeySlot> {
    const wrapped = safeStorage.encryptString(`${keyGeneration}:${masterKey.toString('base64')}`);
    return { protector: this.kind, keyGeneration, params: { platform: process.platform }, wrapped };
  }

  async unwrap(slot: KeySlot): Promise<Buffer> {
    let text: string;
    try {
      text = safeStorage.decryptString(slot.wrapped);
    } catch {
      throw new WrongKeyError(this.kind);
    }
    const [generation, key] = text.split(':');
    if (Number(generation) !== slot.keyGeneration || !key) throw new WrongKeyError(this.kind);
    return Buffer.from(key, 'base64');
  }
}
