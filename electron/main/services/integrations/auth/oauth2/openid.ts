import type * as OpenId from 'openid-client';

let loaded: typeof OpenId | undefined;

/** openid-client, loaded by the first OAuth 2.0 call: most CLI commands make none, and loading it costs each ~0.1 s. */
export async function loadOpenId(): Promise<typeof OpenId> {
  return (loaded ??= await import('openid-client'));
}

/** openid-client if an OAuth call loaded it; before that no error can be one of its own. */
export function openIdIfLoaded(): typeof OpenId | undefined {
  return loaded;
}
