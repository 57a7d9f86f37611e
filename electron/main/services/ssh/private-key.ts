import type { ParsedKey } from 'ssh2';
import { EchelonError } from '../../../../shared/contract/errors';
import { fingerprintOf, keyTypeLabel } from './host-key';
import { ssh2 } from './ssh2-module';

export interface PrivateKeyInfo {
  parsed: ParsedKey;
  /** `ssh-ed25519 AAAA… comment`: what goes into authorized_keys. */
  publicKey: string;
  fingerprint: string;
  label: string;
}

/** ssh2 says "no passphrase given" for an encrypted key read without one. */
function isMissingPassphrase(error: Error): boolean {
  return /no passphrase given/i.test(error.message);
}

export function isEncryptedKey(key: string): boolean {
  const result = ssh2().utils.parseKey(key);
  return result instanceof Error && isMissingPassphrase(result);
}

/**
 * Reads an OpenSSH or PEM private key, failing with a message that says what to fix; the key
 * itself never appears in it.
 */
export function parsePrivateKey(key: string, passphrase: string | undefined, owner: string, path?: string): PrivateKeyInfo {
  const result = ssh2().utils.parseKey(key, passphrase);
  if (result instanceof Error) {
    if (isMissingPassphrase(result)) throw new EchelonError('invalid_input', `The private key of ${owner} is encrypted: set its passphrase.`, { path: path ? 'auth.passphrase' : undefined });
    if (/passphrase|integrity check failed/i.test(result.message)) {
      throw new EchelonError('invalid_input', `The passphrase of the private key of ${owner} is wrong: the key could not be decrypted with it.`, { path: path ? 'auth.passphrase' : undefined });
    }
    throw new EchelonError('invalid_input', `The private key of ${owner} is not an OpenSSH or PEM private key (${result.message}).`, { path });
  }
  const parsed = Array.isArray(result) ? result[0]! : result;
  if (!parsed.isPrivateKey()) throw new EchelonError('invalid_input', `${owner} was given a public key: paste the private key (the file without .pub).`, { path });
  const blob = parsed.getPublicSSH();
  return { parsed, publicKey: `${parsed.type} ${blob.toString('base64')}${parsed.comment ? ` ${parsed.comment}` : ''}`, fingerprint: fingerprintOf(blob), label: keyTypeLabel(parsed.type) };
}
