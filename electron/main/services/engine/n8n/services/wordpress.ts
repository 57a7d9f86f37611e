import { type Mapper, type Params, action, obj, str } from './common';

/** n8n's WordPress node (posts, pages, users) as the wordpress integration. */

/** n8n's field names → the REST API's. */
const FIELD_NAMES: Record<string, string> = { authorId: 'author', commentStatus: 'comment_status', pingStatus: 'ping_status', featuredMediaId: 'featured_media', menuOrder: 'menu_order' };
const LIST_NAMES: Record<string, string> = { orderBy: 'orderby', excludedCategories: 'categories_exclude', excludedTags: 'tags_exclude' };

/** An ID: a number as such, an expression as written (it gives a number when run). */
const idOf = (value: Params[string] | undefined) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : (value ?? null));
const rename = (fields: Params, names: Record<string, string>): Params => Object.fromEntries(Object.entries(fields).map(([key, value]) => [names[key] ?? key, value]));

export const wordpress: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'post');
  if (resource !== 'post' && resource !== 'page' && resource !== 'user') return undefined;
  const kind = resource === 'page' ? 'Page' : 'Post';
  const at = (actionId: string, parameters: Params) => action(node, ctx, 'wordpress', 'WordPress', actionId, parameters);
  const options = obj(params.options);
  const context = str(options.context, 'view');
  const limit: Params = params.returnAll === true ? {} : { limit: Number(params.limit ?? 50) };
  switch (`${resource}:${str(params.operation, resource === 'user' ? 'get' : 'create')}`) {
    case 'post:create':
    case 'page:create':
      return at(`create${kind}`, { fields: { title: str(params.title), ...rename(obj(params.additionalFields), FIELD_NAMES) } });
    case 'post:update':
    case 'page:update':
      return at(`update${kind}`, { id: idOf(params[`${resource}Id`]), fields: rename(obj(params.updateFields), FIELD_NAMES) });
    case 'post:get':
    case 'page:get':
      return at(`get${kind}`, { id: idOf(params[`${resource}Id`]), context });
    case 'post:getAll':
    case 'page:getAll': {
      const { context: _context, search, status, ...filters } = options;
      return at(`list${kind}s`, { context, ...(search ? { search: str(search) } : {}), ...(status ? { status: str(status) } : {}), filters: rename(filters, LIST_NAMES), ...limit });
    }
    case 'post:delete':
    case 'page:delete':
      return at(`delete${kind}`, { id: idOf(params[`${resource}Id`]), force: options.force === true });
    case 'user:get':
      return at('getUser', { id: idOf(params.userId), context });
    case 'user:getAll':
      return at('listUsers', { context, ...(options.search ? { search: str(options.search) } : {}), ...limit });
    default:
      return undefined;
  }
};
