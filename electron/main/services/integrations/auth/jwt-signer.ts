import { createHash, createPrivateKey, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { EchelonError } from '../../../../../shared/contract';
import type { JwtKey } from './connection-credentials';

interface Signed {
  token: string;
  /** Epoch ms after which a fresh token is signed (before the real expiry, so it never expires in flight). */
  renewAt: number;
  fingerprint: string;
}

function signingKey(key: JwtKey): KeyObject {
  try {
    if (key.algorithm.startsWith('HS')) return createSecretKey(Buffer.from(key.privateKey, 'utf8'));
    return createPrivateKey({ key: key.privateKey, format: 'pem' });
  } catch (error) {
    throw new EchelonError('invalid_input', `The JWT signing key cannot be read as a ${key.algorithm} key: ${(error as Error).message}.`, { path: 'auth.privateKey', cause: error });
  }
}

/** Signs short-lived JWT bearer tokens with jose, one per connection, re-signed before they expire. */
export class JwtSigner {
  private readonly signed = new Map<string, Signed>();

  async token(connectionId: string, key: JwtKey, now: number = Date.now()): Promise<string> {
    const fingerprint = JSON.stringify([key.algorithm, key.keyId, key.issuer, key.subject, key.audience, key.expiresInSeconds, createHash('sha256').update(key.privateKey).digest('hex')]);
    const cached = this.signed.get(connectionId);
    if (cached && cached.fingerprint === fingerprint && now < cached.renewAt) return cached.token;
    const issuedAt = Math.floor(now / 1000);
    // Loaded by the first signature: jose costs every CLI command ~0.1 s otherwise.
    const { SignJWT } = await import('jose');
    let jwt = new SignJWT({})
      .setProtectedHeader({ alg: key.algorithm, typ: 'JWT', ...(key.keyId ? { kid: key.keyId } : {}) })
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt - 5)
      .setExpirationTime(issuedAt + key.expiresInSeconds)
      .setJti(randomUUID());
    if (key.issuer) jwt = jwt.setIssuer(key.issuer);
    if (key.subject) jwt = jwt.setSubject(key.subject);
    if (key.audience) jwt = jwt.setAudience(key.audience);
    let token: string;
    try {
      token = await jwt.sign(signingKey(key));
    } catch (error) {
      if (error instanceof EchelonError) throw error;
      throw new EchelonError('invalid_input', `Could not sign a ${key.algorithm} JWT with this key: ${(error as Error).message}.`, { path: 'auth.algorithm', cause: error });
    }
    this.signed.set(connectionId, { token, renewAt: now + key.expiresInSeconds * 800, fingerprint });
    return token;
  }

  forget(connectionId: string): void {
    this.signed.delete(connectionId);
  }
}
