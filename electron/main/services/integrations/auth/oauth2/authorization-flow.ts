import type * as client from 'openid-client';
import { loadOpenId } from './openid';
import { EchelonError } from '../../../../../../shared/contract';
import type { BrowserOpener } from '../browser-opener';
import { startLoopbackCallback } from './loopback-server';
import { describeGrantError } from './oauth-config';

export interface AuthorizationRequest {
  config: client.Configuration;
  scopes: string[];
  audience?: string;
  /** What the provider wants besides the standard parameters (Google: `access_type=offline`); never overrides them. */
  extraParameters?: Record<string, string>;
  /** Gives up after this long without an answer from the browser. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface PendingAuthorization {
  authorizationUrl: string;
  /** Resolves with the token endpoint's answer once the code is exchanged. */
  tokens: Promise<client.TokenEndpointResponse>;
  cancel(): void;
}

/**
 * The OAuth 2.0 authorization code flow with PKCE (S256) for a native app: the system
 * browser opens the provider's page, which sends it back to a loopback redirect on
 * 127.0.0.1 with the code, exchanged here for tokens. `state` ties the answer to this request.
 */
export async function beginAuthorization(request: AuthorizationRequest, browser: BrowserOpener): Promise<PendingAuthorization> {
  const client = await loadOpenId();
  const loopback = await startLoopbackCallback();
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const parameters: Record<string, string> = {
    ...request.extraParameters,
    redirect_uri: loopback.redirectUri,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  };
  if (request.scopes.length > 0) parameters.scope = request.scopes.join(' ');
  if (request.audience) parameters.audience = request.audience;
  let authorizationUrl: string;
  try {
    authorizationUrl = client.buildAuthorizationUrl(request.config, parameters).href;
  } catch (error) {
    await loopback.close();
    throw new EchelonError('invalid_input', `Cannot start the authorization: ${(error as Error).message}. Set the authorization URL of the connection.`, { path: 'auth.authorizationUrl' });
  }

  let cancel: (reason: EchelonError) => void = () => {};
  const cancelled = new Promise<never>((_, reject) => (cancel = reject));
  cancelled.catch(() => {});
  const timer = setTimeout(() => cancel(new EchelonError('timeout', `No answer from the browser within ${Math.round(request.timeoutMs / 1000)} s: click Authorize to try again.`)), request.timeoutMs);
  const onAbort = () => cancel(new EchelonError('cancelled', 'The authorization was cancelled.'));
  request.signal?.addEventListener('abort', onAbort, { once: true });

  let tokens: client.TokenEndpointResponse | undefined;
  const exchanged = loopback.handle(async (url) => {
    const error = url.searchParams.get('error');
    if (error) {
      const description = url.searchParams.get('error_description');
      throw new EchelonError('forbidden', `The provider did not authorize Echelon (${error}${description ? `: ${description}` : ''}).`);
    }
    try {
      tokens = await client.authorizationCodeGrant(request.config, url, { pkceCodeVerifier: verifier, expectedState: state });
    } catch (grantError) {
      throw new EchelonError('forbidden', `The provider refused the authorization code (${describeGrantError(grantError).message}).`, { cause: grantError });
    }
  });
  const result = Promise.race([exchanged, cancelled])
    .then(() => tokens!)
    .finally(() => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      void loopback.close();
    });
  // Callers may only look at `tokens` later; the rejection is theirs to handle, not unhandled here.
  result.catch(() => {});

  try {
    await browser.open(authorizationUrl);
  } catch (error) {
    cancel(new EchelonError('unavailable', `Could not open the browser: ${(error as Error).message}`));
    throw error;
  }
  return { authorizationUrl, tokens: result, cancel: () => cancel(new EchelonError('cancelled', 'The authorization was replaced or cancelled.')) };
}
