import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

const Pair = z.object({ name: z.string().min(1), value: z.unknown() });

export const HttpParameters = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET'),
  url: z.string().min(1),
  query: z.array(Pair).default([]),
  headers: z.array(Pair).default([]),
  bodyType: z.enum(['none', 'json', 'form', 'text', 'multipart', 'binary']).default('none'),
  /** With `json`: any JSON (or a JSON text). */
  jsonBody: z.unknown().optional(),
  /** With `form`: sent as application/x-www-form-urlencoded. */
  formBody: z.array(Pair).default([]),
  textBody: z.string().optional(),
  /** With `multipart`: fields, each a value or (with `binaryProperty`) the item's file of that property. */
  multipartBody: z.array(z.object({ name: z.string().min(1), value: z.unknown().optional(), binaryProperty: z.string().optional() })).default([]),
  /** With `binary`: the item's file sent as the whole body, with its own content type. */
  binaryProperty: z.string().min(1).default('data'),
  /** Uses the `auth` credential: a bearer token, a basic login, or a secret sent in `headerName`. */
  authentication: z.enum(['none', 'bearer', 'basic', 'header']).default('none'),
  headerName: z.string().min(1).default('X-API-Key'),
  responseFormat: z.enum(['auto', 'json', 'text', 'binary']).default('auto'),
  /** Status, headers and body instead of the body alone. */
  fullResponse: z.boolean().default(false),
  /** A JSON array answer becomes one item per element, as in n8n. */
  splitArrays: z.boolean().default(true),
  /** Treat 4xx/5xx as a normal answer instead of a failure. */
  ignoreHttpErrors: z.boolean().default(false),
  /** How long the server has to answer; past it the call fails as a timeout, which the node's retries may cure. */
  timeoutMs: z.number().int().min(1).max(3_600_000).default(300_000),
  caCertificate: z
    .string()
    .meta({ title: 'CA certificate (PEM)', description: 'Trust this CA besides the system ones: for a self-signed or internal server.', 'x-multiline': true })
    .optional(),
});

export default definePlugin({
  id: 'http-request',
  name: 'HTTP request',
  version: '1.0.0',
  description: 'Calls any HTTP API, once per item, with an Idempotency-Key so retries are recognised.',
  category: 'Actions',
  icon: 'globe',
  type: 'core',
  auth: [{ type: 'none' }, { type: 'bearer' }, { type: 'basic' }],
  actions: [
    {
      id: 'send',
      name: 'HTTP request',
      description: 'Sends a request; the answer becomes the item (or items, for a JSON array).',
      parameters: HttpParameters,
      sideEffects: true,
      // The Idempotency-Key stays the same, so a server that honours it sees the retry as a repeat.
      recovery: 'retry',
      credentials: [{ name: 'auth', description: 'Token, login or API key for the authentication chosen', required: false }],
    },
  ],
  triggers: [],
});
