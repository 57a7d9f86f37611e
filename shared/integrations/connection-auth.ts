import { z } from 'zod';
import { findSecretRefs, type SecretRef } from '../secrets/secret-ref';
import type { AuthMethod } from './manifest';

/**
 * How one connection authenticates. Fields marked secret hold a vault reference
 * (`{{ secrets.NAME }}`) once stored; in the connection dialog they may hold a new value,
 * which the main process writes to the vault and replaces by its reference.
 */
export const AuthType = z.enum(['none', 'api_key', 'bearer', 'basic', 'oauth2', 'mtls', 'jwt', 'ssh_key']);
export type AuthType = z.infer<typeof AuthType>;

const secret = (title: string, description?: string) =>
  z.string().trim().min(1, `${title} is required`).meta({ title, description, 'x-secret': true });
const optionalSecret = (title: string, description?: string) => z.string().trim().meta({ title, description, 'x-secret': true }).optional();
const text = (title: string, description?: string) => z.string().trim().meta({ title, description }).optional();
const pem = (title: string, description?: string) => z.string().trim().meta({ title, description, 'x-multiline': true }).optional();

export const JwtAlgorithm = z.enum(['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'HS256', 'HS384', 'HS512']);

/** Every kind of connection may trust a private CA: a self-signed or internal server is reachable whatever the auth. */
const serverCa = () => pem('Server CA (PEM)', 'Trust this CA for the server, besides the system ones.');

export const NoneAuth = z.object({ type: z.literal('none'), ca: serverCa() });
export const ApiKeyAuth = z.object({
  type: z.literal('api_key'),
  key: secret('API key'),
  in: z.enum(['header', 'query']).meta({ title: 'Send it in' }).optional(),
  name: text('Header or parameter name'),
  ca: serverCa(),
});
export const BearerAuth = z.object({ type: z.literal('bearer'), token: secret('Token'), ca: serverCa() });
export const BasicAuth = z.object({ type: z.literal('basic'), username: text('Username'), password: secret('Password'), ca: serverCa() });
export const OAuth2Auth = z.object({
  type: z.literal('oauth2'),
  flow: z.enum(['authorization_code', 'client_credentials']).meta({ title: 'Flow' }),
  clientId: z.string().trim().min(1, 'Client ID is required').meta({ title: 'Client ID' }),
  clientSecret: optionalSecret('Client secret', 'Leave empty for a public client (PKCE only).'),
  issuer: text('Issuer', 'An OpenID issuer URL: its discovery document names the endpoints.'),
  authorizationUrl: text('Authorization URL'),
  tokenUrl: text('Token URL'),
  scopes: text('Scopes', 'Space-separated.'),
  audience: text('Audience', 'Sent as `audience` to providers that need it.'),
  /** The vault record holding the token set; set by Echelon after authorization, never typed in. */
  token: z.string().optional(),
  ca: serverCa(),
});
export const MtlsAuth = z.object({
  type: z.literal('mtls'),
  certificate: pem('Client certificate (PEM)', 'Not needed when the private key field names a vault certificate record.'),
  privateKey: secret('Private key (PEM)', 'Or a vault certificate record: {{ secrets.NAME }}.'),
  passphrase: optionalSecret('Key passphrase'),
  ca: serverCa(),
});
export const JwtAuth = z.object({
  type: z.literal('jwt'),
  privateKey: secret('Signing key', 'A PEM private key, or the shared secret for HS algorithms; or a vault JWT key record.'),
  algorithm: JwtAlgorithm.meta({ title: 'Algorithm' }).optional(),
  keyId: text('Key ID (kid)'),
  issuer: text('Issuer (iss)'),
  subject: text('Subject (sub)'),
  audience: text('Audience (aud)'),
  expiresInSeconds: z.number().int().min(30).max(86_400).meta({ title: 'Lifetime (seconds)' }).optional(),
  ca: serverCa(),
});
export const SshKeyAuth = z.object({
  type: z.literal('ssh_key'),
  username: text('Username', 'The account to log in as on the server.'),
  privateKey: secret('Private key', 'OpenSSH or PEM format; or a vault SSH key record: {{ secrets.NAME }}.').meta({ 'x-multiline': true }),
  passphrase: optionalSecret('Key passphrase', 'Only for an encrypted key that is not in a vault record with its passphrase.'),
});

export const AuthSettings = z.discriminatedUnion('type', [NoneAuth, ApiKeyAuth, BearerAuth, BasicAuth, OAuth2Auth, MtlsAuth, JwtAuth, SshKeyAuth]);
export type AuthSettings = z.infer<typeof AuthSettings>;

const VARIANTS = { none: NoneAuth, api_key: ApiKeyAuth, bearer: BearerAuth, basic: BasicAuth, oauth2: OAuth2Auth, mtls: MtlsAuth, jwt: JwtAuth, ssh_key: SshKeyAuth } as const;

/** The fields of each auth type that hold a secret: stored in the vault, never in a table. */
export const AUTH_SECRET_FIELDS: Record<AuthType, readonly string[]> = {
  none: [],
  api_key: ['key'],
  bearer: ['token'],
  basic: ['password'],
  oauth2: ['clientSecret'],
  mtls: ['privateKey', 'passphrase'],
  jwt: ['privateKey'],
  ssh_key: ['privateKey', 'passphrase'],
};

export const AUTH_LABELS: Record<AuthType, string> = {
  none: 'No authentication',
  api_key: 'API key',
  bearer: 'Bearer token',
  basic: 'Username and password',
  oauth2: 'OAuth 2.0',
  mtls: 'Client certificate (mTLS)',
  jwt: 'Signed JWT',
  ssh_key: 'SSH key',
};

/** The vault reference a secret field holds, or undefined when it holds a value typed in. */
export function vaultReference(value: string | undefined): SecretRef | undefined {
  const trimmed = value?.trim() ?? '';
  const refs = findSecretRefs(trimmed);
  return refs.length === 1 && refs[0]!.text === trimmed ? refs[0] : undefined;
}

/** The connection dialog's form for one of a manifest's auth methods, with its defaults filled in. */
export function authFormSchema(method: AuthMethod): z.ZodObject {
  const variant = VARIANTS[method.type] as z.ZodObject;
  const base = variant.omit({ type: true } as never) as z.ZodObject;
  switch (method.type) {
    case 'api_key':
      return base.extend({
        in: ApiKeyAuth.shape.in.unwrap().default(method.in),
        name: z.string().trim().min(1).meta({ title: method.in === 'query' ? 'Parameter name' : 'Header name' }).default(method.name),
      });
    case 'oauth2':
      return (base.omit({ token: true } as never) as z.ZodObject).extend({
        flow: z.enum(method.flows as [string, ...string[]]).meta({ title: 'Flow' }).default(method.flows[0]!),
        ...(method.issuer ? { issuer: text('Issuer').default(method.issuer) } : {}),
        ...(method.authorizationUrl ? { authorizationUrl: text('Authorization URL').default(method.authorizationUrl) } : {}),
        ...(method.tokenUrl ? { tokenUrl: text('Token URL').default(method.tokenUrl) } : {}),
        ...(method.scopes.length > 0 ? { scopes: text('Scopes', 'Space-separated.').default(method.scopes.join(' ')) } : {}),
      });
    case 'jwt':
      return base.extend({
        algorithm: JwtAlgorithm.meta({ title: 'Algorithm' }).default('RS256'),
        expiresInSeconds: z.number().int().min(30).max(86_400).meta({ title: 'Lifetime (seconds)' }).default(300),
      });
    default:
      return base;
  }
}
