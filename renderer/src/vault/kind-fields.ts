import type { SecretKind } from '../../../shared/secrets/secret-kinds';

export interface FieldSpec {
  name: string;
  label: string;
  /** Masked input; redacted and never shown again once saved. */
  secret: boolean;
  control: 'text' | 'password' | 'pem' | 'select' | 'list';
  optional?: boolean;
  options?: readonly string[];
  placeholder?: string;
  hint?: string;
}

export const KIND_LABELS: Record<SecretKind, string> = {
  secret: 'Secret string',
  api_key: 'API key',
  basic: 'Username and password',
  oauth2: 'OAuth2 token set',
  certificate: 'Client certificate (mTLS)',
  ssh_key: 'SSH private key',
  jwt_key: 'JWT signing key',
};

const PEM_KEY = '-----BEGIN PRIVATE KEY-----';

/** The form each kind of record gets: the same fields as its schema in `shared/secrets/secret-kinds.ts`. */
export const KIND_FIELDS: Record<SecretKind, readonly FieldSpec[]> = {
  secret: [{ name: 'value', label: 'Value', secret: true, control: 'password' }],
  api_key: [{ name: 'key', label: 'API key', secret: true, control: 'password' }],
  basic: [
    { name: 'username', label: 'Username', secret: false, control: 'text' },
    { name: 'password', label: 'Password', secret: true, control: 'password' },
  ],
  oauth2: [
    { name: 'accessToken', label: 'Access token', secret: true, control: 'password' },
    { name: 'refreshToken', label: 'Refresh token', secret: true, control: 'password', optional: true },
    { name: 'tokenType', label: 'Token type', secret: false, control: 'text', optional: true, placeholder: 'Bearer' },
    { name: 'expiresAt', label: 'Expires at', secret: false, control: 'text', optional: true, placeholder: '2030-01-31T12:00:00Z' },
    { name: 'scopes', label: 'Scopes', secret: false, control: 'list', optional: true, placeholder: 'repo read:org', hint: 'Separated by spaces.' },
  ],
  certificate: [
    { name: 'certificate', label: 'Certificate (PEM)', secret: false, control: 'pem', placeholder: '-----BEGIN CERTIFICATE-----' },
    { name: 'privateKey', label: 'Private key (PEM)', secret: true, control: 'pem', placeholder: PEM_KEY },
    { name: 'passphrase', label: 'Key passphrase', secret: true, control: 'password', optional: true },
    { name: 'ca', label: 'CA certificate (PEM)', secret: false, control: 'pem', optional: true, hint: 'Only if the server uses a private CA.' },
  ],
  ssh_key: [
    { name: 'privateKey', label: 'Private key', secret: true, control: 'pem', placeholder: '-----BEGIN OPENSSH PRIVATE KEY-----' },
    { name: 'passphrase', label: 'Key passphrase', secret: true, control: 'password', optional: true },
    { name: 'publicKey', label: 'Public key', secret: false, control: 'text', optional: true, placeholder: 'ssh-ed25519 AAAA… you@host' },
  ],
  jwt_key: [
    { name: 'algorithm', label: 'Algorithm', secret: false, control: 'select', options: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'HS256', 'HS384', 'HS512'] },
    { name: 'privateKey', label: 'Private key (PEM) or HMAC secret', secret: true, control: 'pem', placeholder: PEM_KEY },
    { name: 'keyId', label: 'Key id (kid)', secret: false, control: 'text', optional: true },
    { name: 'issuer', label: 'Issuer (iss)', secret: false, control: 'text', optional: true },
    { name: 'subject', label: 'Subject (sub)', secret: false, control: 'text', optional: true },
    { name: 'audience', label: 'Audience (aud)', secret: false, control: 'text', optional: true },
  ],
};

/** The value object the contract takes, from what the form holds: empty optional fields left out. */
export function buildValue(kind: SecretKind, fields: Record<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = { kind };
  for (const spec of KIND_FIELDS[kind]) {
    const raw = fields[spec.name] ?? '';
    if (spec.control === 'list') {
      const items = raw.split(/[\s,]+/).filter(Boolean);
      if (items.length > 0) value[spec.name] = items;
    } else if (raw !== '' || !spec.optional) {
      value[spec.name] = spec.control === 'select' && raw === '' ? spec.options?.[0] : raw;
    }
  }
  return value;
}
