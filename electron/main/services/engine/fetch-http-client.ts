import type { HttpClient, HttpRequest, HttpResponse } from './ports';

/** Bodies above this fail rather than filling memory. */
const DEFAULT_MAX_BODY = 200 * 1024 * 1024;

/**
 * The engine's default HTTP client: Node's fetch, with `Idempotency-Key` on every request so
 * a call retried after a crash (same key) can be recognised by the server. The integrations
 * layer replaces it with its rate-limited, authenticated client.
 */
export class FetchHttpClient implements HttpClient {
  async request(request: HttpRequest): Promise<HttpResponse> {
    const headers = new Headers(request.headers);
    if (!headers.has('idempotency-key')) headers.set('idempotency-key', request.idempotencyKey);
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
      signal: request.signal,
      redirect: 'follow',
    });
    const limit = request.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > limit) {
      await response.body?.cancel();
      throw new Error(`The answer of ${request.url} is ${declared} bytes, more than the ${limit} allowed.`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body) {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > limit) throw new Error(`The answer of ${request.url} is more than the ${limit} bytes allowed.`);
        chunks.push(chunk);
      }
    }
    const body = Buffer.concat(chunks);
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => (responseHeaders[name] = value));
    return { status: response.status, statusText: response.statusText, headers: responseHeaders, body };
  }
}
