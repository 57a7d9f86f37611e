import { createHash } from 'node:crypto';
import type { ServerHostKeyAlgorithm } from 'ssh2';

/** A server's public host key as the SSH handshake presents it (the wire-format blob). */
export interface HostKey {
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`... */
  type: string;
  /** OpenSSH's form: `SHA256:` and the unpadded base64 of the blob's SHA-256. */
  fingerprint: string;
  /** The blob, base64 (as in a known_hosts line). */
  publicKey: string;
}

/** The key type is the blob's first field: a 32-bit length, then that many bytes. */
function keyType(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return length > 0 && length <= 64 && blob.length >= 4 + length ? blob.subarray(4, 4 + length).toString('latin1') : 'unknown';
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export function describeHostKey(blob: Buffer): HostKey {
  return { type: keyType(blob), fingerprint: fingerprintOf(blob), publicKey: blob.toString('base64') };
}

/** `ED25519`, `ECDSA`, `RSA`: what `ssh-keygen -l` prints in brackets. */
export function keyTypeLabel(type: string): string {
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type.startsWith('ecdsa-')) return 'ECDSA';
  if (type === 'ssh-rsa') return 'RSA';
  if (type === 'ssh-dss') return 'DSA';
  return type;
}

/** A fingerprint as people paste it: with or without `SHA256:`, spaces trimmed. */
export function normalizeFingerprint(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith('SHA256:') ? trimmed : `SHA256:${trimmed}`;
}

/** The negotiation names that yield a key of this type, so a server offering several presents the one already trusted. */
export function algorithmsFor(type: string): ServerHostKeyAlgorithm[] {
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  if (type === 'ssh-ed25519' || type.startsWith('ecdsa-sha2-')) return [type as ServerHostKeyAlgorithm];
  return [];
}
