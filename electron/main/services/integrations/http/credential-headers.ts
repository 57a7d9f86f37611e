/** Never carried to another origin, and part of a cached answer's key, whoever set them. */
export const ALWAYS_SENSITIVE = ['authorization', 'proxy-authorization', 'cookie'];

/** Names APIs give credential headers: `X-API-Key`, `X-Auth-Token`, `Private-Token`, `Ocp-Apim-Subscription-Key`... */
const CREDENTIAL_NAME = /auth|token|secret|passw|session|credential|signature|api-?_?key|(^|-)key$/i;
/** Looks like one but identifies a call, not a caller. */
const NOT_A_CREDENTIAL = /idempotency/i;

/**
 * The headers of a request that carry a credential: the standard ones, those the caller says
 * it built from a credential (the HTTP node's auth header, a header using `secrets.`), those
 * named like credentials, and any whose value holds a secret the redactor knows. Names are
 * lower case.
 */
export function credentialHeaders(headers: Record<string, string>, declared: readonly string[], holdsSecret: (text: string) => boolean): string[] {
  const said = new Set(declared.map((name) => name.toLowerCase()));
  return Object.entries(headers)
    .filter(([name, value]) => ALWAYS_SENSITIVE.includes(name) || said.has(name) || (CREDENTIAL_NAME.test(name) && !NOT_A_CREDENTIAL.test(name)) || holdsSecret(value))
    .map(([name]) => name);
}
