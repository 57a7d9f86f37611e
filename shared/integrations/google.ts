import type { AuthMethod } from './manifest';
import { EchelonError } from '../contract/errors';
import { errorDetail } from './http-errors';
import { isSuccess, type HttpRequest, type HttpResponse } from './http';

/**
 * What Google's integrations share: OAuth 2.0 with PKCE against Google's endpoints, asking for
 * offline access so a refresh token comes back (and `prompt=consent` so it does every time),
 * or a bearer token someone already holds.
 */
export function googleAuth(scopes: string[]): AuthMethod[] {
  return [
    {
      type: 'oauth2',
      flows: ['authorization_code'],
      authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      scopes,
      authorizationParams: { access_type: 'offline', prompt: 'consent' },
    },
    { type: 'bearer' },
  ];
}

const STATUS_CODES = { UNAUTHENTICATED: 'forbidden', PERMISSION_DENIED: 'forbidden', NOT_FOUND: 'not_found', INVALID_ARGUMENT: 'invalid_input', FAILED_PRECONDITION: 'invalid_input', RESOURCE_EXHAUSTED: 'unavailable', UNAVAILABLE: 'unavailable', ALREADY_EXISTS: 'conflict' } as const;

/** Google answers errors as `{ error: { code, message, status } }`: the failure names both. */
export function expectGoogleOk(response: HttpResponse, what: string): HttpResponse {
  if (isSuccess(response)) return response;
  const status = (response.body as { error?: { status?: string } } | undefined)?.error?.status;
  const detail = errorDetail(response.body) ?? `HTTP ${response.status}`;
  const code = (status && STATUS_CODES[status as keyof typeof STATUS_CODES]) || (response.status === 404 ? 'not_found' : response.status === 401 || response.status === 403 ? 'forbidden' : response.status >= 500 || response.status === 429 ? 'unavailable' : 'invalid_input');
  const hint = response.status === 401 ? ' Authorize the connection again.' : response.status === 403 ? ' Check that the Google account can open it and the connection has the scope.' : '';
  const said = `${detail}${status ? ` (${status})` : ''}`;
  throw new EchelonError(code, `${what} failed: ${said}${said.endsWith('.') ? '' : '.'}${hint}`);
}

/** A file's ID from its ID or any Google URL naming it (…/d/ID/edit, …/folders/ID, …?id=ID). */
export function googleIdOf(value: string): string {
  return /\/(?:d|folders)\/([A-Za-z0-9_-]+)/.exec(value)?.[1] ?? /[?&]id=([A-Za-z0-9_-]+)/.exec(value)?.[1] ?? value;
}

/** Sends a Google API call and answers its JSON body, or throws Google's error as `expectGoogleOk` words it. */
export async function googleJson<T = Record<string, unknown>>(send: (request: HttpRequest) => Promise<HttpResponse>, what: string, request: HttpRequest): Promise<T> {
  return (expectGoogleOk(await send(request), what).body ?? {}) as T;
}
