import { EchelonError, type ErrorCode } from '../contract/errors';
import { isSuccess, type HttpResponse } from './http';

function codeFor(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 429 || status >= 500) return 'unavailable';
  return 'invalid_input';
}

/** The most useful sentence an API put in its error body (`message`, `error.message`, `error_description`...). */
export function errorDetail(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 300) || undefined;
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['message', 'error_description', 'detail', 'error']) {
    const value = record[key];
    if (typeof value === 'string' && value) return value.slice(0, 300);
    if (value && typeof value === 'object' && typeof (value as Record<string, unknown>).message === 'string') {
      return ((value as Record<string, unknown>).message as string).slice(0, 300);
    }
  }
  if (Array.isArray(record.errors) && record.errors.length > 0) return errorDetail(record.errors[0]);
  return undefined;
}

/** Throws an EchelonError naming the HTTP status and the API's own explanation unless the response is a 2xx. */
export function expectOk(response: HttpResponse, what: string): HttpResponse {
  if (isSuccess(response)) return response;
  const raw = errorDetail(response.body);
  const detail = raw && !/[.!?]$/.test(raw) ? `${raw}.` : raw;
  const hint = response.status === 401 ? ' Check the connection\'s credentials.' : response.status === 429 ? ' The API is rate limiting this connection; try again later.' : '';
  throw new EchelonError(codeFor(response.status), `${what} failed with HTTP ${response.status}${detail ? `: ${detail}` : '.'}${hint}`);
}
