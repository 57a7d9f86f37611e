import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The token cookie's name, one per port: browsers send a 127.0.0.1 cookie to every port of that
 * host, so two Echelons (or any other local server) never receive or overwrite each other's.
 */
export function tokenCookie(port: number): string {
  return `echelon_token_${port}`;
}

export type AccessVerdict =
  | { allowed: true; tokenFromQuery: boolean }
  | { allowed: false; status: 401 | 403; reason: string };

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The host:port of an http origin; anything else (https, null, garbage) has none. */
function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decides whether a request may reach Echelon: the Host must be our loopback address
 * (defeats DNS rebinding), a browser Origin must be ours (defeats cross-site requests),
 * and the token must be present in the query, the cookie or a bearer header.
 */
export function checkAccess(request: IncomingMessage, port: number, token: string): AccessVerdict {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  if (!allowedHosts.has(request.headers.host ?? '')) {
    return { allowed: false, status: 403, reason: 'Unexpected Host header' };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedHosts.has(originHost(origin) ?? '')) {
    return { allowed: false, status: 403, reason: 'Requests from another origin are refused' };
  }
  const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
  const fromQuery = url.searchParams.get('token');
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const given = fromQuery ?? bearer ?? cookie(request.headers.cookie, tokenCookie(port));
  if (!given || !sameSecret(given, token)) {
    return { allowed: false, status: 401, reason: 'Missing or wrong access token: open the URL that `echelon serve` printed' };
  }
  return { allowed: true, tokenFromQuery: fromQuery !== null };
}
