import type * as client from 'openid-client';
import { loadOpenId } from './openid';
import { EchelonError, type Connection } from '../../../../../../shared/contract';
import type { ConnectionEventSink } from '../../connections/connection-events';
import type { ConnectionCredentials } from '../connection-credentials';
import { describeGrantError, oauthConfiguration, type OAuth2Settings } from './oauth-config';
import { renewalDue, scopesOf, toTokenSet, type OAuthTokenSet } from './token-set';

export interface OAuth2TokensOptions {
  /** Refresh this long before the access token expires. */
  refreshSkewMs?: number;
  now?: () => number;
}

/**
 * Access tokens for OAuth 2.0 connections: read from the vault, refreshed shortly before they
 * expire (or when an API answers 401), with a single refresh in flight per connection, and
 * written back to the vault. Client-credentials connections fetch a new token the same way.
 */
export class OAuth2Tokens {
  private readonly inFlight = new Map<string, Promise<OAuthTokenSet>>();
  private readonly configs = new Map<string, { key: string; config: Promise<client.Configuration> }>();
  private readonly skewMs: number;
  private readonly now: () => number;

  constructor(
    private readonly credentials: ConnectionCredentials,
    private readonly events: ConnectionEventSink,
    options: OAuth2TokensOptions = {},
  ) {
    this.skewMs = options.refreshSkewMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The openid-client configuration, discovered once per connection settings. */
  configuration(connection: Connection, auth: OAuth2Settings): Promise<client.Configuration> {
    const key = JSON.stringify([auth.issuer, auth.authorizationUrl, auth.tokenUrl, auth.clientId, auth.clientSecret]);
    const cached = this.configs.get(connection.id);
    if (cached?.key === key) return cached.config;
    const clientSecret = auth.clientSecret ? this.credentials.reveal(connection, auth.clientSecret, 'clientSecret') : undefined;
    const config = oauthConfiguration(auth, clientSecret);
    this.configs.set(connection.id, { key, config });
    config.catch(() => this.configs.delete(connection.id));
    return config;
  }

  /** `Authorization` header value; `rejected` is the token an API just refused, to renew it once. */
  async authorization(connection: Connection, auth: OAuth2Settings, rejected?: string): Promise<{ header: string; accessToken: string }> {
    let tokens = this.credentials.oauthTokens(connection, auth);
    if (!tokens && auth.flow === 'authorization_code') {
      throw new EchelonError('forbidden', `Connection "${connection.name}" is not authorized yet: click Authorize to sign in with the provider.`);
    }
    const stale = !tokens || renewalDue(tokens, this.skewMs, this.now()) || (rejected !== undefined && tokens.accessToken === rejected);
    if (stale) tokens = await this.renew(connection, auth, rejected);
    return { header: `${tokens!.tokenType} ${tokens!.accessToken}`, accessToken: tokens!.accessToken };
  }

  /** Stores the tokens an authorization returned. */
  store(connection: Connection, auth: OAuth2Settings, response: client.TokenEndpointResponse): OAuthTokenSet {
    const tokens = toTokenSet(response, undefined, scopesOf(auth.scopes), this.now());
    this.credentials.writeOAuthTokens(connection, auth, tokens);
    return tokens;
  }

  private renew(connection: Connection, auth: OAuth2Settings, rejected: string | undefined): Promise<OAuthTokenSet> {
    let pending = this.inFlight.get(connection.id);
    if (!pending) {
      pending = this.fetchTokens(connection, auth, rejected).finally(() => this.inFlight.delete(connection.id));
      this.inFlight.set(connection.id, pending);
    }
    return pending;
  }

  private async fetchTokens(connection: Connection, auth: OAuth2Settings, rejected: string | undefined): Promise<OAuthTokenSet> {
    const current = this.credentials.oauthTokens(connection, auth);
    // Another caller renewed it while this one waited: use theirs.
    if (current && !renewalDue(current, this.skewMs, this.now()) && current.accessToken !== rejected) return current;
    const config = await this.configuration(connection, auth);
    const scopes = scopesOf(auth.scopes);
    const { clientCredentialsGrant, refreshTokenGrant } = await loadOpenId();
    let response: client.TokenEndpointResponse;
    try {
      if (auth.flow === 'client_credentials') {
        const parameters: Record<string, string> = {};
        if (scopes.length > 0) parameters.scope = scopes.join(' ');
        if (auth.audience) parameters.audience = auth.audience;
        response = await clientCredentialsGrant(config, parameters);
      } else {
        if (!current?.refreshToken) {
          throw new EchelonError('forbidden', `The access token of "${connection.name}" expired and the provider gave no refresh token: click Authorize to sign in again.`);
        }
        response = await refreshTokenGrant(config, current.refreshToken);
      }
    } catch (error) {
      const { message, invalidGrant } = describeGrantError(error);
      const what = auth.flow === 'client_credentials' ? 'token request' : 'token refresh';
      const advice = invalidGrant || auth.flow === 'authorization_code' ? 'Authorize the connection again.' : 'Check the client ID and secret.';
      const text = `The provider refused the ${what} (${message}). ${advice}`;
      this.events.authFailed(connection.id, text);
      throw new EchelonError('forbidden', text, { cause: error });
    }
    const tokens = toTokenSet(response, current, scopes, this.now());
    this.credentials.writeOAuthTokens(connection, auth, tokens);
    const lifetime = tokens.expiresAt ? ` (valid for ${Math.round((Date.parse(tokens.expiresAt) - this.now()) / 1000)} s)` : '';
    this.events.record(connection.id, 'info', 'auth', auth.flow === 'client_credentials' ? `Obtained an access token${lifetime}.` : `Refreshed the access token${lifetime}.`);
    return tokens;
  }

  forget(connectionId: string): void {
    this.configs.delete(connectionId);
  }
}
