import { z } from 'zod';

/** What a vault record holds. Every kind has a primary field, used by `{{ secrets.NAME }}`. */
export const SecretKind = z.enum(['secret', 'api_key', 'basic', 'oauth2', 'certificate', 'ssh_key', 'jwt_key']);
export type SecretKind = z.infer<typeof SecretKind>;

const nonEmpty = z.string().min(1);

export const SecretValue = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('secret'), value: nonEmpty }),
  z.object({ kind: z.literal('api_key'), key: nonEmpty }),
  z.object({ kind: z.literal('basic'), username: z.string(), password: nonEmpty }),
  z.object({
    kind: z.literal('oauth2'),
    accessToken: nonEmpty,
    refreshToken: z.string().optional(),
    tokenType: z.string().default('Bearer'),
    /** ISO time the access token expires. */
    expiresAt: z.string().optional(),
    /** ISO time it was issued: with expiresAt, its lifetime, so a short-lived token is reused for part of it. */
    issuedAt: z.string().optional(),
    scopes: z.array(z.string()).default([]),
  }),
  z.object({ kind: z.literal('certificate'), certificate: nonEmpty, privateKey: nonEmpty, passphrase: z.string().optional(), ca: z.string().optional() }),
  z.object({ kind: z.literal('ssh_key'), privateKey: nonEmpty, passphrase: z.string().optional(), publicKey: z.string().optional() }),
  z.object({
    kind: z.literal('jwt_key'),
    /** PEM private key for RS/ES/PS algorithms, or the shared secret for HS ones. */
    privateKey: nonEmpty,
    algorithm: z.enum(['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'HS256', 'HS384', 'HS512']).default('RS256'),
    keyId: z.string().optional(),
    issuer: z.string().optional(),
    subject: z.string().optional(),
    audience: z.string().optional(),
  }),
]);
export type SecretValue = z.infer<typeof SecretValue>;

export const PRIMARY_FIELD: Record<SecretKind, string> = {
  secret: 'value',
  api_key: 'key',
  basic: 'password',
  oauth2: 'accessToken',
  certificate: 'certificate',
  ssh_key: 'privateKey',
  jwt_key: 'privateKey',
};

/** The fields of a kind that are secret (masked, redacted); the others (username, scopes) are not. */
export const SECRET_FIELDS: Record<SecretKind, readonly string[]> = {
  secret: ['value'],
  api_key: ['key'],
  basic: ['password'],
  oauth2: ['accessToken', 'refreshToken'],
  certificate: ['privateKey', 'passphrase'],
  ssh_key: ['privateKey', 'passphrase'],
  jwt_key: ['privateKey'],
};
