import type * as client from 'openid-client';
import { loadOpenId, openIdIfLoaded } from './openid';
import { EchelonError } from '../../../../../../shared/contract';
import type { AuthSettings } from '../../../../../../shared/integrations/connection-auth';

export type OAuth2Settings = Extract<AuthSettings, { type: 'oauth2' }>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function parseUrl(value: string, field: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new EchelonError('invalid_input', `"${value}" is not a URL: set the ${field} of the connection.`, { path: `auth.${field}` });
  }
}

/** Plain HTTP is accepted only on this machine (a local provider); anything remote must use HTTPS. */
function checkTransport(url: URL, field: string): boolean {
  if (url.protocol === 'https:') return false;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return true;
  throw new EchelonError('invalid_input', `The ${field} ${url.origin} must use https (plain http is accepted for 127.0.0.1 only).`, { path: `auth.${field}` });
}

/**
 * The openid-client configuration of a connection: from the issuer's discovery document when
 * an issuer is named, else from the authorization and token URLs given.
 */
export async function oauthConfiguration(auth: OAuth2Settings, clientSecret: string | undefined): Promise<client.Configuration> {
  const client = await loadOpenId();
  const clientAuth = clientSecret ? client.ClientSecretBasic(clientSecret) : client.None();
  const metadata = clientSecret ? { client_secret: clientSecret } : undefined;
  if (auth.issuer) {
    const issuer = parseUrl(auth.issuer, 'issuer');
    const insecure = checkTransport(issuer, 'issuer');
    try {
      return await client.discovery(issuer, auth.clientId, metadata, clientAuth, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
    } catch (error) {
      throw new EchelonError('unavailable', `Could not read the OpenID configuration of ${issuer.origin}: ${(error as Error).message}`, { path: 'auth.issuer', cause: error });
    }
  }
  if (!auth.tokenUrl) throw new EchelonError('invalid_input', 'Set the token URL (or an issuer) of the OAuth 2.0 connection.', { path: 'auth.tokenUrl' });
  const tokenUrl = parseUrl(auth.tokenUrl, 'tokenUrl');
  let insecure = checkTransport(tokenUrl, 'tokenUrl');
  let authorizationUrl: URL | undefined;
  if (auth.authorizationUrl) {
    authorizationUrl = parseUrl(auth.authorizationUrl, 'authorizationUrl');
    insecure = checkTransport(authorizationUrl, 'authorizationUrl') || insecure;
  }
  const config = new client.Configuration(
    { issuer: (authorizationUrl ?? tokenUrl).origin, token_endpoint: tokenUrl.href, authorization_endpoint: authorizationUrl?.href },
    auth.clientId,
    metadata,
    clientAuth,
  );
  if (insecure) client.allowInsecureRequests(config);
  return config;
}

/** Why the provider refused a grant, as the provider put it. */
export function describeGrantError(error: unknown): { message: string; invalidGrant: boolean } {
  const client = openIdIfLoaded();
  if (client && (error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError)) {
    const description = error.error_description ? `: ${error.error_description}` : '';
    return { message: `${error.error}${description}`, invalidGrant: error.error === 'invalid_grant' };
  }
  if (client && error instanceof client.WWWAuthenticateChallengeError) {
    // A 401 from the token endpoint (a wrong client secret) carries its reason in the challenge.
    const parameters = error.cause[0]?.parameters ?? {};
    const code = parameters.error ?? `HTTP ${error.status}`;
    return { message: `${code}${parameters.error_description ? `: ${parameters.error_description}` : ''}`, invalidGrant: code === 'invalid_grant' };
  }
  if (error instanceof EchelonError) return { message: error.message, invalidGrant: false };
  return { message: (error as Error).message ?? String(error), invalidGrant: false };
}
