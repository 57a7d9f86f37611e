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
    scopes: typeof response.scope === 'string' ? response.scope.split(' ').filter(Boolean) : (previous?.scopes ?? requestedScopes),
  };
}

/** True when the token expires within `skewMs` (or has no expiry it can trust). */
export function expiresWithin(tokens: OAuthTokenSet, skewMs: number, now = Date.now()): boolean {
  if (!tokens.expiresAt) return false;
  return Date.parse(tokens.expiresAt) - now <= skewMs;
}

export function scopesOf(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}
