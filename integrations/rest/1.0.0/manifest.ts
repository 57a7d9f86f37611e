import { z } from 'zod';
import { HttpMethod } from '../../../shared/integrations/http';
import { definePlugin } from '../../../shared/integrations/manifest';

export const RestConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'Base URL', description: 'Relative URLs in requests are joined to it.' }).optional(),
  headers: z.record(z.string(), z.string()).meta({ title: 'Default headers', description: 'Sent with every request of this connection.' }).default({}),
  healthPath: z.string().meta({ title: 'Health check path', description: 'GET this path (relative to the base URL) to test the connection.' }).default(''),
});

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

export const RestBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('json'), value: z.unknown() }),
  z.object({ type: z.literal('form'), value: z.record(z.string(), Scalar) }),
  z.object({
    type: z.literal('multipart'),
    parts: z.array(
      z.union([
        z.object({ name: z.string().min(1), value: z.string() }),
        z.object({ name: z.string().min(1), filename: z.string().min(1), contentType: z.string().default('application/octet-stream'), base64: z.string() }),
      ]),
    ),
  }),
  z.object({ type: z.literal('text'), value: z.string(), contentType: z.string().default('text/plain; charset=utf-8') }),
]);

/** All pages together may not pass this many megabytes (the default cap keeps memory bounded). */
const MaxTotalMegabytes = z.number().int().min(1).max(1024).default(50);

export const RestPagination = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({
    mode: z.literal('cursor'),
    /** Query parameter the cursor is sent in (`cursor`, `after`, `page_token`). */
    cursorParam: z.string().min(1).default('cursor'),
    /** Where the next cursor is in the response body (`meta.next_cursor`); a cursor that is a URL is fetched as the next page. */
    cursorPath: z.string().min(1),
    itemsPath: z.string().default(''),
    maxPages: z.number().int().min(1).max(1000).default(10),
    maxTotalMegabytes: MaxTotalMegabytes,
  }),
  z.object({ mode: z.literal('link'), itemsPath: z.string().default(''), maxPages: z.number().int().min(1).max(1000).default(10), maxTotalMegabytes: MaxTotalMegabytes }),
]);

export const RestRequestParams = z.object({
  method: HttpMethod.default('GET'),
  url: z.string().min(1).meta({ description: 'Absolute, or relative to the connection\'s base URL.' }),
  headers: z.record(z.string(), z.string()).default({}),
  query: z.record(z.string(), z.union([Scalar, z.array(Scalar)])).default({}),
  body: RestBody.default({ type: 'none' }),
  pagination: RestPagination.default({ mode: 'none' }),
  /** Fail on a non-2xx status (default), or return it as the output. */
  failOnError: z.boolean().default(true),
  timeoutSeconds: z.number().int().min(1).max(600).optional(),
  cacheTtlSeconds: z.number().int().min(0).max(86_400).optional(),
});

export default definePlugin({
  id: 'rest',
  name: 'HTTP / REST',
  version: '1.0.0',
  description: 'Call any HTTP API: method, headers, query, JSON / form / multipart bodies, cursor or Link-header pagination.',
  category: 'Developer tools',
  icon: 'globe',
  type: 'api',
  auth: [
    { type: 'none' },
    { type: 'api_key', in: 'header', name: 'X-API-Key' },
    { type: 'bearer' },
    { type: 'basic' },
    { type: 'oauth2', flows: ['authorization_code', 'client_credentials'], scopes: [] },
    { type: 'mtls' },
    { type: 'jwt' },
  ],
  connection: RestConnection,
  healthCheck: { action: 'ping' },
  actions: [
    {
      id: 'request',
      name: 'HTTP request',
      description: 'Send a request and return the status, headers and body (or every page\'s items).',
      parameters: RestRequestParams,
      recovery: 'retry',
    },
    { id: 'ping', name: 'Ping', description: 'GET the health check path; succeeds on a 2xx or 3xx.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});
