import type { FormData } from 'undici';
import type { ParsedHttpRequest } from '../../../../../shared/integrations/http';
import { undici } from './undici';

export interface EncodedBody {
  body: string | Uint8Array | URLSearchParams | FormData | undefined;
  /** The content type to send unless the caller set one (multipart sets its own boundary). */
  contentType?: string;
}

/** Turns a request's JSON / form / multipart / text / bytes body into what goes on the wire. */
export function encodeBody(body: ParsedHttpRequest['body']): EncodedBody {
  if (!body) return { body: undefined };
  switch (body.type) {
    case 'json':
      return { body: JSON.stringify(body.value ?? null), contentType: 'application/json' };
    case 'form':
      return {
        body: new URLSearchParams(Object.entries(body.value).map(([key, value]): [string, string] => [key, String(value)])),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 'multipart': {
      const form = new (undici().FormData)();
      for (const part of body.parts) {
        if ('filename' in part) form.append(part.name, new Blob([Buffer.from(part.base64, 'base64')], { type: part.contentType }), part.filename);
        else form.append(part.name, part.value);
      }
      return { body: form };
    }
    case 'text':
      return { body: body.value, contentType: body.contentType };
    case 'bytes':
      return { body: body.value, contentType: body.contentType };
  }
}
