import { z } from 'zod';

/**
 * An HTTP call as services, workflows and plugin code describe it to the integrations layer,
 * which adds the connection's auth, rate limit and cache before sending it.
 */
export const HttpMethod = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
export type HttpMethod = z.infer<typeof HttpMethod>;

const QueryValue = z.union([z.string(), z.number(), z.boolean()]);

const MultipartPart = z.union([
  z.object({ name: z.string().min(1), value: z.string() }),
  z.object({
    name: z.string().min(1),
    filename: z.string().min(1),
    contentType: z.string().default('application/octet-stream'),
    /** The file's bytes, base64-encoded, so the request stays plain JSON. */
    base64: z.string(),
  }),
]);

export const HttpBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('json'), value: z.unknown() }),
  z.object({ type: z.literal('form'), value: z.record(z.string(), QueryValue) }),
  z.object({ type: z.literal('multipart'), parts: z.array(MultipartPart) }),
  z.object({ type: z.literal('text'), value: z.string(), contentType: z.string().default('text/plain; charset=utf-8') }),
  /** Raw bytes, for callers in the main process (workflow steps); never sent over the contract. */
  z.object({ type: z.literal('bytes'), value: z.instanceof(Uint8Array), contentType: z.string().default('application/octet-stream') }),
]);
export type HttpBody = z.input<typeof HttpBody>;

export const HttpRequest = z.object({
  method: HttpMethod.default('GET'),
  /** Absolute, or relative to the connection's `baseUrl`. */
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).default({}),
  /** Added to the URL's query; an array repeats the parameter. */
  query: z.record(z.string(), z.union([QueryValue, z.array(QueryValue)])).default({}),
  body: HttpBody.optional(),
  timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
  /** Caches a successful GET/HEAD for this long; `0` bypasses the cache even when the connection enables it. */
  cacheTtlMs: z.number().int().min(0).optional(),
  /** How to read the response body: by its content type (default), as text / base64, or (in-process callers) raw bytes. */
  responseType: z.enum(['auto', 'json', 'text', 'base64', 'bytes']).default('auto'),
  /** Largest body read into memory (default 20 MB); workflow steps that spill to files allow more. */
  maxResponseBytes: z.number().int().min(1).optional(),
  /** A CA certificate (PEM) trusted for this call besides the system ones (and the connection's). */
  ca: z.string().optional(),
  /** Headers the caller built from a credential: never carried to another origin, never cached for another caller. */
  credentialHeaders: z.array(z.string()).default([]),
  /**
   * The first page of the listing this request continues (a Link target, a cursor URL a
   * response named), as it was asked for (relative to the base URL, like `url`), not where a
   * redirect led: credentials go along only to its origin; another origin is refused, or
   * called without them when the connection allows.
   */
  pageOf: z.string().optional(),
});
export type HttpRequest = z.input<typeof HttpRequest>;
export type ParsedHttpRequest = z.output<typeof HttpRequest>;

export const HttpResponse = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  /** Parsed JSON, text, or base64 text, as `bodyEncoding` says. */
  body: z.unknown(),
  bodyEncoding: z.enum(['json', 'text', 'base64', 'bytes', 'empty']),
  url: z.string(),
  durationMs: z.number(),
  fromCache: z.boolean(),
  /** How many times it was sent (more than one after a 429 or 503 with Retry-After). */
  attempts: z.number().int(),
  /** Bytes of the body as received (after decompression). */
  size: z.number().int().optional(),
});
export type HttpResponse = z.infer<typeof HttpResponse>;

export function isSuccess(response: Pick<HttpResponse, 'status'>): boolean {
  return response.status >= 200 && response.status < 300;
}
