import { EchelonError } from '../../../../../shared/contract';
import type { HttpResponse, ParsedHttpRequest } from '../../../../../shared/integrations/http';

/** Larger bodies are refused rather than held in memory whole. */
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

const TEXTUAL = /^(text\/|application\/(.*\+)?(json|xml|javascript|x-www-form-urlencoded|graphql))/i;
const JSON_TYPE = /^application\/(.*\+)?json/i;

async function readCapped(body: ReadableStream<Uint8Array> | null, url: string, maxBytes: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      throw new EchelonError('unavailable', `The response from ${new URL(url).host} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; ask for less (a page at a time).`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Reads a body as its content type says (or as the caller asked): JSON, text, base64 or raw bytes. */
export async function decodeBody(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  url: string,
  responseType: ParsedHttpRequest['responseType'],
  maxBytes = MAX_RESPONSE_BYTES,
): Promise<Pick<HttpResponse, 'body' | 'bodyEncoding' | 'size'>> {
  const bytes = await readCapped(body, url, maxBytes);
  return { ...decode(bytes, contentType, responseType), size: bytes.length };
}

function decode(bytes: Buffer, contentType: string, responseType: ParsedHttpRequest['responseType']): Pick<HttpResponse, 'body' | 'bodyEncoding'> {
  if (responseType === 'bytes') return { body: bytes, bodyEncoding: 'bytes' };
  if (bytes.length === 0) return { body: null, bodyEncoding: 'empty' };
  if (responseType === 'base64' || (responseType === 'auto' && contentType && !TEXTUAL.test(contentType))) {
    return { body: bytes.toString('base64'), bodyEncoding: 'base64' };
  }
  const text = bytes.toString('utf8');
  if (responseType === 'json' || (responseType === 'auto' && JSON_TYPE.test(contentType))) {
    try {
      return { body: JSON.parse(text), bodyEncoding: 'json' };
    } catch {
      // A server that labels non-JSON as JSON: the text is still worth returning.
      return { body: text, bodyEncoding: 'text' };
    }
  }
  return { body: text, bodyEncoding: 'text' };
}
