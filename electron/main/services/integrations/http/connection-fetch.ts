import type { Agent } from 'undici';
import { EchelonError } from '../../../../../shared/contract';
import type { AuthApplier } from '../auth/auth-applier';
import type { ConnectionLookup } from './integration-client';
import type { TlsAgents } from './tls-agents';
import { loadUndici } from './undici';

/** The WHATWG fetch signature SDK clients take (`fetch` option). */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A `fetch` bound to one connection, for clients that stream their answer (the AI SDK's LLM
 * providers read server-sent events as they arrive, which `IntegrationClient.request` would
 * buffer). The connection's credentials are applied here, read from the vault at each call,
 * and only ever sent to the connection's own origin: a URL elsewhere is refused.
 */
export function connectionFetch(lookup: ConnectionLookup, auth: AuthApplier, pools: { plain: () => Agent; tls: TlsAgents }, connectionId: string): FetchFunction {
  return async (input, init = {}) => {
    const connection = lookup.connection(connectionId);
    if (connection.status === 'disconnected') throw new EchelonError('unavailable', `Connection "${connection.name}" is disconnected: test it to reconnect.`);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const base = typeof connection.config.baseUrl === 'string' ? new URL(connection.config.baseUrl) : undefined;
    if (!base || base.origin !== url.origin) {
      throw new EchelonError('forbidden', `Connection "${connection.name}" sends its credentials to ${base?.origin ?? 'its base URL'} only, not to ${url.origin}.`);
    }
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    const manifest = lookup.manifest(connection);
    const method = manifest?.auth.find((candidate) => candidate.type === connection.auth.type);
    const applied = await auth.apply(connection, method, url, headers);
    const { fetch: undiciFetch } = await loadUndici();
    const response = await undiciFetch(applied.url, {
      method: init.method,
      headers: applied.headers,
      body: init.body as string | undefined,
      signal: init.signal ?? undefined,
      // The connection's client certificate and CAs go on its own pool, shared with its other requests.
      dispatcher: applied.tls ? pools.tls.get(connection.id, applied.tls) : pools.plain(),
      redirect: 'error',
    });
    return response as unknown as Response;
  };
}
