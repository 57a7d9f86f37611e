import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { errorDetail } from '../../../shared/integrations/http-errors';
import { isSuccess, type HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { CreateParams, DeleteParams, ItemRef, ListParams, ListUsersParams, UpdateParams, UserRef, WordpressConnection } from './manifest';

type Context = ActionContext<z.output<typeof WordpressConnection>>;
type Json = Record<string, unknown>;
type Query = Record<string, string | number | boolean | string[]>;

const API = 'wp-json/wp/v2';

/** WordPress errors come as `{ code, message, data: { status } }`. */
async function call<T = Json>(ctx: Context, what: string, request: HttpRequest): Promise<{ body: T; totalPages: number }> {
  const response = await ctx.request(request);
  if (isSuccess(response)) return { body: response.body as T, totalPages: Number(response.headers['x-wp-totalpages'] ?? 1) };
  const body = response.body as { code?: string; message?: string } | undefined;
  const code = response.status === 401 || response.status === 403 ? 'forbidden' : response.status === 404 ? 'not_found' : response.status === 429 || response.status >= 500 ? 'unavailable' : 'invalid_input';
  const hint = response.status === 401 ? ' Check the username and application password of the connection (Users → Profile → Application Passwords).' : response.status === 404 && !body?.code ? ' Check the site URL: its REST API should answer at /wp-json.' : '';
  throw new EchelonError(code, `WordPress ${what} failed: ${body?.message ?? errorDetail(response.body) ?? `HTTP ${response.status}`}${body?.code ? ` (${body.code})` : ''}.${hint}`);
}

/** Every page of a listing (100 a page, the most WordPress gives), up to `limit`. */
async function list(ctx: Context, what: string, path: string, query: Query, limit?: number): Promise<Json[]> {
  const found: Json[] = [];
  for (let page = 1; ; page++) {
    const { body, totalPages } = await call<Json[]>(ctx, what, { url: `${API}/${path}`, query: { ...query, per_page: Math.min(100, limit ?? 100), page } });
    found.push(...body);
    if (page >= totalPages || (limit !== undefined && found.length >= limit)) return found.slice(0, limit);
  }
}

function listQuery(params: z.output<typeof ListParams>): Query {
  const query: Query = { context: params.context };
  for (const [key, value] of Object.entries(params.filters)) if (value !== undefined && value !== null && value !== '') query[key] = Array.isArray(value) ? value.join(',') : String(value);
  if (params.search) query.search = params.search;
  if (params.status) query.status = params.status;
  return query;
}

/** List, get, create, update and delete for posts or pages. */
const resource = (path: 'posts' | 'pages', noun: string) => ({
  list: (params: z.output<typeof ListParams>, ctx: Context) => list(ctx, `listing ${noun}s`, path, listQuery(params), params.limit),
  get: async (params: z.output<typeof ItemRef>, ctx: Context) => (await call(ctx, `getting ${noun} ${params.id}`, { url: `${API}/${path}/${params.id}`, query: { context: params.context } })).body,
  create: async (params: z.output<typeof CreateParams>, ctx: Context) => (await call(ctx, `creating a ${noun}`, { method: 'POST', url: `${API}/${path}`, body: { type: 'json', value: params.fields } })).body,
  update: async (params: z.output<typeof UpdateParams>, ctx: Context) => {
    if (Object.keys(params.fields).length === 0) throw new EchelonError('invalid_input', `Give at least one field of the ${noun} to change.`, { path: 'params.fields' });
    return (await call(ctx, `updating ${noun} ${params.id}`, { method: 'POST', url: `${API}/${path}/${params.id}`, body: { type: 'json', value: params.fields } })).body;
  },
  delete: async (params: z.output<typeof DeleteParams>, ctx: Context) => (await call(ctx, `deleting ${noun} ${params.id}`, { method: 'DELETE', url: `${API}/${path}/${params.id}`, query: params.force ? { force: true } : {} })).body,
});
const posts = resource('posts', 'post');
const pages = resource('pages', 'page');

export default defineIntegrationCode({
  actions: {
    listPosts: posts.list,
    getPost: posts.get,
    createPost: posts.create,
    updatePost: posts.update,
    deletePost: posts.delete,
    listPages: pages.list,
    getPage: pages.get,
    createPage: pages.create,
    updatePage: pages.update,
    deletePage: pages.delete,
    async listUsers(params: z.output<typeof ListUsersParams>, ctx: Context) {
      return list(ctx, 'listing users', 'users', { context: params.context, ...(params.search ? { search: params.search } : {}) }, params.limit);
    },
    async getUser(params: z.output<typeof UserRef>, ctx: Context) {
      return (await call(ctx, `getting user ${params.id}`, { url: `${API}/users/${params.id}`, query: { context: params.context } })).body;
    },
    async getMe(_params: Record<string, never>, ctx: Context) {
      return (await call(ctx, 'checking the sign-in', { url: `${API}/users/me` })).body;
    },
  },
});
