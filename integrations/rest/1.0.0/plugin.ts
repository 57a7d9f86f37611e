import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectOk } from '../../../shared/integrations/http-errors';
import type { HttpBody, HttpResponse } from '../../../shared/integrations/http';
import { absoluteNext, collectPages, parseLinkHeader, readPath } from '../../../shared/integrations/pagination';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { RestConnection, RestRequestParams } from './manifest';

type Params = z.output<typeof RestRequestParams>;
type Config = z.output<typeof RestConnection>;
type Context = ActionContext<Config>;

function itemsOf(body: unknown, path: string, url: string): unknown[] {
  const items = readPath(body, path);
  if (!Array.isArray(items)) throw new EchelonError('invalid_input', `The response of ${url} has no list at "${path || '(the body)'}": set itemsPath to where the items are.`);
  return items;
}

async function send(params: Params, ctx: Context, url: string, query: Params['query'], pageOf?: string): Promise<HttpResponse> {
  const response = await ctx.request({
    method: params.method,
    url,
    headers: { ...ctx.connection?.config.headers, ...params.headers },
    query,
    body: params.body.type === 'none' ? undefined : (params.body as HttpBody),
    timeoutMs: params.timeoutSeconds ? params.timeoutSeconds * 1000 : undefined,
    cacheTtlMs: params.cacheTtlSeconds !== undefined ? params.cacheTtlSeconds * 1000 : undefined,
    pageOf,
  });
  return params.failOnError ? expectOk(response, `${params.method} ${new URL(response.url).pathname}`) : response;
}

const isUrl = (value: string) => /^https?:\/\//i.test(value);

export default defineIntegrationCode({
  actions: {
    async request(params: Params, ctx: Context) {
      const pagination = params.pagination;
      if (pagination.mode === 'none') {
        const response = await send(params, ctx, params.url, params.query);
        return { status: response.status, headers: response.headers, body: response.body, fromCache: response.fromCache };
      }
      let last: HttpResponse | undefined;
      const pageAt = (next: string | undefined): Promise<HttpResponse> => {
        if (next === undefined) return send(params, ctx, params.url, params.query);
        // A page a response named (a Link target, a cursor that is a URL) carries its own query,
        // and is checked against the origin of the first page as asked for.
        if (pagination.mode === 'link' || isUrl(next)) return send(params, ctx, next, {}, params.url);
        return send(params, ctx, params.url, { ...params.query, [pagination.cursorParam]: next });
      };
      const result = await collectPages(
        async (next) => {
          last = await pageAt(next);
          const items = itemsOf(last.body, pagination.itemsPath, params.url);
          if (pagination.mode === 'link') return { items, next: absoluteNext(parseLinkHeader(last.headers.link).next, last.url), bytes: last.size };
          const cursor = readPath(last.body, pagination.cursorPath);
          return { items, next: typeof cursor === 'string' || typeof cursor === 'number' ? String(cursor) : undefined, bytes: last.size };
        },
        pagination.maxPages,
        pagination.maxTotalMegabytes * 1024 * 1024,
      );
      return { status: last!.status, headers: last!.headers, items: result.items, pages: result.pages, more: result.more };
    },

    async ping(_params: Record<string, never>, ctx: Context) {
      const config = ctx.connection?.config;
      if (!config?.baseUrl) throw new EchelonError('invalid_input', 'Set the base URL of the connection to test it.', { path: 'config.baseUrl' });
      const response = await ctx.request({ method: 'GET', url: config.healthPath || config.baseUrl, headers: config.headers, cacheTtlMs: 0 });
      if (response.status >= 400) expectOk(response, `GET ${new URL(response.url).pathname}`);
      return { status: response.status };
    },
  },
});
