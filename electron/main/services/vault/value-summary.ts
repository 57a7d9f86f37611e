import { X509Certificate } from 'node:crypto';
import type { SecretValue } from '../../../../shared/secrets/secret-kinds';

function certificateFacts(pem: string): string {
  try {
    const certificate = new X509Certificate(pem);
    const cn = /CN=([^\n,]+)/.exec(certificate.subject)?.[1] ?? certificate.subject.split('\n')[0];
    return `${cn} · expires ${new Date(certificate.validTo).toISOString().slice(0, 10)}`;
  } catch {
    return 'certificate';
  }
}

/**
 * The non-secret facts of a value, stored in plain text beside the ciphertext so a list can
 * show them while locked: user names, expiry, scopes, algorithms. Never a secret field.
 */
export function summarize(value: SecretValue): string {
  switch (value.kind) {
    case 'secret':
    case 'api_key':
      return '';
    case 'basic':
      return value.username ? `user ${value.username}` : '';
    case 'oauth2':
      return [
        value.tokenType,
        value.expiresAt ? `expires ${value.expiresAt}` : undefined,
        value.scopes.length > 0 ? `scopes ${value.scopes.join(' ')}` : undefined,
        value.refreshToken ? 'refreshable' : undefined,
      ]
        .filter(Boolean)
        .join(' · ');
    case 'certificate':
      return certificateFacts(value.certificate);
    case 'ssh_key': {
      // "ssh-ed25519 AAAA… alice@laptop": the type and the comment, not the key body.
      const [type, , comment] = value.publicKey?.trim().split(/\s+/) ?? [];
      return type ? [type, comment].filter(Boolean).join(' ') : 'private key';
    }
    case 'jwt_key':
      return [value.algorithm, value.keyId ? `kid ${value.keyId}` : undefined, value.issuer ? `iss ${value.issuer}` : undefined].filter(Boolean).join(' · ');
  }
}
