import type { TokenEndpointResponse } from 'openid-client';
import type { SecretValue } from '../../../../../../shared/secrets/secret-kinds';

export type OAuthTokenSet = Extract<SecretValue, { kind: 'oauth2' }>;

/** A token endpoint's answer as the vault's OAuth 2.0 record, keeping the refresh token when none is reissued. */
export function toTokenSet(response: TokenEndpointResponse, previous: OAuthTokenSet | undefined, requestedScopes: string[], now = Date.now()): OAuthTokenSet {
  const tokenType = !response.token_type || response.token_type.toLowerCase() === 'bearer' ? 'Bearer' : response.token_type;
  return {
    kind: 'oauth2',
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    tokenType,
    expiresAt: typeof response.expires_in === 'number' ? new Date(now + response.expires_in * 1000).toISOString() : undefined,
    issuedAt: typeof response.expires_in === 'number' ? new Date(now).toISOString() : undefined,
    scopes: typeof response.scope === 'string' ? response.scope.split(' ').filter(Boolean) : (previous?.scopes ?? requestedScopes),
  };
}

/** Of a token's lifetime, the last quarter at most is spent renewing it ahead of expiry. */
const RENEW_FRACTION = 0.25;

/**
 * True when the token should be renewed: it expires within `skewMs`, or, for a token whose
 * whole lifetime is not much longer than that, within the last quarter of its lifetime, so a
 * 30-second token is reused for 22 seconds instead of being fetched again on every call.
 */
export function renewalDue(tokens: OAuthTokenSet, skewMs: number, now = Date.now()): boolean {
  if (!tokens.expiresAt) return false;
  const expiresAt = Date.parse(tokens.expiresAt);
  const lifetime = tokens.issuedAt ? expiresAt - Date.parse(tokens.issuedAt) : Number.NaN;
  const margin = Number.isFinite(lifetime) && lifetime > 0 ? Math.min(skewMs, lifetime * RENEW_FRACTION) : skewMs;
  return expiresAt - now <= margin;
}

export function scopesOf(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}
