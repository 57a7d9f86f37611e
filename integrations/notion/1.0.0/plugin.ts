import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { errorDetail } from '../../../shared/integrations/http-errors';
import { isSuccess, type HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { PollRequest, PollResult } from '../../../shared/integrations/service-triggers';
import type { AppendBlocksParams, Block, BlockChildrenParams, CreatePageParams, GetDatabaseParams, GetPageParams, ListUsersParams, NotionConnection, PageInDatabaseParams, PageRef, QueryParams, SearchParams, UpdatePageParams, UserRef } from './manifest';
import { notionId, simplify, simplifyBlock, toNotionBlock, toNotionProperty, type NotionPage } from './notion-shapes';

type Context = ActionContext<z.output<typeof NotionConnection>>;
type Json = Record<string, unknown>;
interface Listing<T = Json> {
  results: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/** The API version this plugin speaks (sent as Notion-Version on every call). */
const NOTION_VERSION = '2022-06-28';
/** Notion takes at most 100 blocks per request. */
const BLOCKS_PER_CALL = 100;

/** Notion errors come as `{ object: "error", status, code, message }`. */
async function call<T = Json>(ctx: Context, what: string, request: HttpRequest): Promise<T> {
  const response = await ctx.request({ ...request, headers: { 'notion-version': NOTION_VERSION, ...request.headers } });
  if (isSuccess(response)) return response.body as T;
  const body = response.body as { code?: string; message?: string } | undefined;
  const message = body?.message ?? errorDetail(response.body) ?? `HTTP ${response.status}`;
  const code = response.status === 401 || response.status === 403 ? 'forbidden' : response.status === 404 ? 'not_found' : response.status === 409 || response.status === 429 || response.status >= 500 ? 'unavailable' : 'invalid_input';
  const hint =
    response.status === 401
      ? ' Check the integration token of the connection.'
      : response.status === 404
        ? ' Check the ID, and that the page or database is shared with the integration (its ••• menu → Connections).'
        : '';
  throw new EchelonError(code, `Notion ${what} failed: ${message}${body?.code ? ` (${body.code})` : ''}.${hint}`);
}

/** Every entry of a paginated listing, up to `limit`; `page` asks for one page from a cursor. */
async function all<T = Json>(limit: number | undefined, page: (cursor: string | undefined, size: number) => Promise<Listing<T>>): Promise<T[]> {
  const results: T[] = [];
  let cursor: string | undefined;
  do {
    const listing = await page(cursor, Math.min(100, limit === undefined ? 100 : limit - results.length));
    results.push(...listing.results);
    cursor = listing.has_more && listing.next_cursor ? listing.next_cursor : undefined;
  } while (cursor && (limit === undefined || results.length < limit));
  return results.slice(0, limit);
}

const filterOf = (filter: Json | string | undefined): Json | undefined => {
  if (typeof filter !== 'string') return filter && Object.keys(filter).length > 0 ? filter : undefined;
  if (filter.trim() === '') return undefined;
  try {
    return JSON.parse(filter) as Json;
  } catch {
    throw new EchelonError('invalid_input', 'The filter is not valid JSON: write a Notion filter object, e.g. {"property":"Status","status":{"equals":"Done"}}.', { path: 'params.filter' });
  }
};

const query = (ctx: Context, databaseId: string, body: Json, limit?: number) =>
  all<NotionPage>(limit, (cursor, size) => call(ctx, 'database query', { method: 'POST', url: `v1/databases/${encodeURIComponent(notionId(databaseId))}/query`, body: { type: 'json', value: { ...body, page_size: size, ...(cursor ? { start_cursor: cursor } : {}) } } }));

const children = (ctx: Context, blockId: string, limit?: number) =>
  all(limit, (cursor, size) => call<Listing>(ctx, 'block children', { url: `v1/blocks/${encodeURIComponent(blockId)}/children`, query: { page_size: size, ...(cursor ? { start_cursor: cursor } : {}) } }));

const icon = (value: string) => (/^https?:\/\//.test(value) ? { type: 'external', external: { url: value } } : { type: 'emoji', emoji: value });
const shaped = (object: Json, simple: boolean, plainNames = false) => (simple ? simplify(object, plainNames) : object);

async function append(ctx: Context, blockId: string, blocks: Block[]): Promise<Json[]> {
  const added: Json[] = [];
  for (let start = 0; start < blocks.length; start += BLOCKS_PER_CALL) {
    const listing = await call<Listing>(ctx, 'append blocks', { method: 'PATCH', url: `v1/blocks/${encodeURIComponent(blockId)}/children`, body: { type: 'json', value: { children: blocks.slice(start, start + BLOCKS_PER_CALL).map(toNotionBlock) } } });
    added.push(...listing.results);
  }
  return added;
}

/** What the trigger remembers: the minute it has read up to, and the pages (with their edit time) it saw in that minute. */
interface Cursor {
  after: string;
  seen: string[];
}

/** Notion keeps created and edited times to the minute: the trigger reads from the start of a minute and drops what it has seen. */
const minuteOf = (time: number | string) => new Date(Math.floor(new Date(time).getTime() / 60_000) * 60_000).toISOString();

export default defineIntegrationCode({
  actions: {
    async queryDatabase(params: z.output<typeof QueryParams>, ctx: Context) {
      const filter = filterOf(params.filter);
      const pages = await query(ctx, params.databaseId, { ...(filter ? { filter } : {}), ...(params.sorts.length > 0 ? { sorts: params.sorts } : {}) }, params.limit);
      return pages.map((page) => shaped(page as unknown as Json, params.simple, params.plainNames));
    },
    async getDatabase(params: z.output<typeof GetDatabaseParams>, ctx: Context) {
      return shaped(await call(ctx, 'get database', { url: `v1/databases/${encodeURIComponent(notionId(params.databaseId))}` }), params.simple);
    },
    async getPage(params: z.output<typeof GetPageParams>, ctx: Context) {
      return shaped(await call(ctx, 'get page', { url: `v1/pages/${encodeURIComponent(notionId(params.pageId))}` }), params.simple, params.plainNames);
    },
    async createPage(params: z.output<typeof CreatePageParams>, ctx: Context) {
      if (!params.databaseId === !params.parentPageId) throw new EchelonError('invalid_input', 'Give either a database (for a database page) or a parent page, not both.', { path: 'params.databaseId' });
      const properties: Json = Object.fromEntries(params.properties.map((property) => [property.name, toNotionProperty(property)]));
      let parent: Json;
      if (params.databaseId) {
        const databaseId = notionId(params.databaseId);
        parent = { database_id: databaseId };
        if (params.title !== undefined) {
          // The title goes into the database's title property, whatever it is called.
          const database = await call<{ properties: Record<string, { type: string }> }>(ctx, 'get database', { url: `v1/databases/${encodeURIComponent(databaseId)}` });
          const titleName = Object.entries(database.properties).find(([, property]) => property.type === 'title')?.[0] ?? 'title';
          properties[titleName] = toNotionProperty({ name: titleName, type: 'title', value: params.title });
        }
      } else {
        parent = { page_id: notionId(params.parentPageId!) };
        properties.title = toNotionProperty({ name: 'title', type: 'title', value: params.title ?? '' });
      }
      const page = await call<NotionPage>(ctx, 'create page', {
        method: 'POST',
        url: 'v1/pages',
        body: { type: 'json', value: { parent, properties, children: params.blocks.slice(0, BLOCKS_PER_CALL).map(toNotionBlock), ...(params.icon ? { icon: icon(params.icon) } : {}) } },
      });
      await append(ctx, page.id, params.blocks.slice(BLOCKS_PER_CALL));
      return shaped(page as unknown as Json, params.simple, params.plainNames);
    },
    async updatePage(params: z.output<typeof UpdatePageParams>, ctx: Context) {
      const properties = Object.fromEntries(params.properties.map((property) => [property.name, toNotionProperty(property)]));
      const page = await call(ctx, 'update page', {
        method: 'PATCH',
        url: `v1/pages/${encodeURIComponent(notionId(params.pageId))}`,
        body: { type: 'json', value: { properties, ...(params.icon ? { icon: icon(params.icon) } : {}), ...(params.archived !== undefined ? { archived: params.archived } : {}) } },
      });
      return shaped(page, params.simple, params.plainNames);
    },
    async archivePage(params: z.output<typeof PageRef>, ctx: Context) {
      return simplify(await call(ctx, 'archive page', { method: 'PATCH', url: `v1/pages/${encodeURIComponent(notionId(params.pageId))}`, body: { type: 'json', value: { archived: true } } }));
    },
    async appendBlocks(params: z.output<typeof AppendBlocksParams>, ctx: Context) {
      const blockId = notionId(params.blockId);
      return { id: blockId, blocks: await append(ctx, blockId, params.blocks) };
    },
    async getBlockChildren(params: z.output<typeof BlockChildrenParams>, ctx: Context) {
      const rootId = notionId(params.blockId);
      const blocks: Json[] = [];
      // Depth first, each child right after its parent, as n8n lists them; a child page's content stays in that page.
      const walk = async (parentId: string, parentTag?: string) => {
        for (const block of await children(ctx, parentId, params.limit === undefined ? undefined : params.limit - blocks.length)) {
          if (params.limit !== undefined && blocks.length >= params.limit) return;
          blocks.push(parentTag ? { object: block.object, parent_id: parentTag, ...block } : block);
          if (params.nested && block.has_children && block.type !== 'child_page') await walk(String(block.id), String(block.id));
        }
      };
      await walk(rootId);
      return params.simple ? blocks.map((block) => simplifyBlock(block, rootId)) : blocks;
    },
    async search(params: z.output<typeof SearchParams>, ctx: Context) {
      const body: Json = { ...(params.query ? { query: params.query } : {}), ...(params.object !== 'any' ? { filter: { property: 'object', value: params.object } } : {}), ...(params.sortDirection ? { sort: { timestamp: 'last_edited_time', direction: params.sortDirection } } : {}) };
      const found = await all(params.limit, (cursor, size) => call<Listing>(ctx, 'search', { method: 'POST', url: 'v1/search', body: { type: 'json', value: { ...body, page_size: size, ...(cursor ? { start_cursor: cursor } : {}) } } }));
      return found.map((object) => shaped(object, params.simple));
    },
    async listUsers(params: z.output<typeof ListUsersParams>, ctx: Context) {
      return all(params.limit, (cursor, size) => call<Listing>(ctx, 'list users', { url: 'v1/users', query: { page_size: size, ...(cursor ? { start_cursor: cursor } : {}) } }));
    },
    async getUser(params: z.output<typeof UserRef>, ctx: Context) {
      return call(ctx, 'get user', { url: `v1/users/${encodeURIComponent(params.userId)}` });
    },
    async getMe(_params: Record<string, never>, ctx: Context) {
      return call(ctx, 'get bot user', { url: 'v1/users/me' });
    },
  },
  triggers: {
    pageInDatabase: {
      /**
       * Pages created (or edited) since the cursor's minute, oldest first. The first check only
       * marks the start, remembering what that minute already holds; a sample is the newest page.
       */
      async poll(params: z.output<typeof PageInDatabaseParams>, ctx: Context, request: PollRequest): Promise<PollResult> {
        const stamp = params.event === 'pageAdded' ? 'created_time' : 'last_edited_time';
        const key = (page: NotionPage) => `${page.id}@${page[stamp]}`;
        const since = (after: string, limit?: number, direction = 'ascending') => query(ctx, params.databaseId, { filter: { timestamp: stamp, [stamp]: { on_or_after: after } }, sorts: [{ timestamp: stamp, direction }] }, limit);
        if (request.sample) {
          const latest = await query(ctx, params.databaseId, { sorts: [{ timestamp: stamp, direction: 'descending' }] }, 1);
          return { items: latest.map((page) => shaped(page as unknown as Json, params.simple, params.plainNames)), cursor: request.cursor };
        }
        const cursor = request.cursor as Cursor | undefined;
        if (!cursor) {
          const after = minuteOf(Date.now());
          return { items: [], cursor: { after, seen: (await since(after)).map(key) } satisfies Cursor };
        }
        const fresh = (await since(cursor.after)).filter((page) => !cursor.seen.includes(key(page)));
        if (fresh.length === 0) return { items: [], cursor };
        const after = minuteOf(fresh.reduce((latest, page) => Math.max(latest, new Date(page[stamp]).getTime()), 0));
        const seen = after === cursor.after ? [...cursor.seen, ...fresh.map(key)] : fresh.filter((page) => minuteOf(page[stamp]) === after).map(key);
        return { items: fresh.map((page) => shaped(page as unknown as Json, params.simple, params.plainNames)), cursor: { after, seen } satisfies Cursor };
      },
    },
  },
});
