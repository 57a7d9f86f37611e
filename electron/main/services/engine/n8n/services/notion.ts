import type { JsonValue } from '../../../../../../shared/workflow/document';
import { type Mapper, type Params, action, list, locator, obj, pollSchedule, str, version } from './common';

/** n8n's Notion node (v1–v2.2) and trigger as the notion integration. */

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
const splitKey = (key: JsonValue | undefined) => {
  const [name = '', type = ''] = str(key).split('|');
  return { name, type };
};
/** Rich text given piece by piece (n8n's "rich text" switch): its text pieces joined. */
const richPieces = (entry: Params) => list(obj(entry.text).text).map((piece) => str(obj(piece).text)).join('');

/** One of n8n's property rows (`{ key: "Name|type", titleValue… }`) as the integration's { name, type, value }. */
function property(entry: Params): Params | undefined {
  const { name, type } = splitKey(entry.key);
  if (!name || !type) return undefined;
  const row = (value: JsonValue | undefined, extra: Params = {}): Params => ({ name, type, value: value ?? null, ...extra });
  switch (type) {
    case 'title':
      return row(entry.title);
    case 'rich_text':
      return row(entry.richText === true ? richPieces(entry) : entry.textContent);
    case 'phone_number':
      return row(entry.phoneValue);
    case 'date':
      return entry.range === true ? row(entry.dateStart, { end: str(entry.dateEnd) }) : row(entry.date);
    case 'files':
      return row(list(obj(entry.fileUrls).fileUrl).map((file) => str(obj(file).url)));
    default:
      return row(entry[`${camel(type)}Value`]);
  }
}
const properties = (params: Params) => list(obj(params.propertiesUi).propertyValues).flatMap((entry) => property(obj(entry)) ?? []);

const blocks = (params: Params) =>
  list(obj(params.blockUi).blockValues).map((entry) => {
    const block = obj(entry);
    const type = str(block.type, 'paragraph');
    return { type, text: type === 'image' ? str(block.url) : block.richText === true ? richPieces(block) : str(block.textContent), ...(type === 'to_do' ? { checked: block.checked === true } : {}) };
  });

/** One of n8n's filter conditions as a Notion filter (API 2022-06-28 names). */
function condition(entry: Params): Params {
  const { name, type } = splitKey(entry.key);
  const test = str(entry.condition);
  const value: JsonValue = ['is_empty', 'is_not_empty'].includes(test)
    ? true
    : ['past_week', 'past_month', 'past_year', 'next_week', 'next_month', 'next_year'].includes(test)
      ? {}
      : type === 'date'
        ? (entry.date ?? null)
        : type === 'last_edited_time'
          ? (entry.lastEditedTime ?? null)
          : (entry[`${camel(type)}Value`] ?? null);
  if (type === 'formula') {
    const returns = str(entry.returnType, 'text');
    return { property: name, formula: { [returns]: { [test]: ['is_empty', 'is_not_empty'].includes(test) ? true : (entry[`${camel(returns)}Value`] ?? null) } } };
  }
  return { property: name, [type === 'boolean' ? 'checkbox' : type === 'text' ? 'rich_text' : type]: { [test]: value } };
}

/** The getAll filter: v2's manual conditions or JSON, v1's single or and/or conditions. */
function filterOf(params: Params, legacy: boolean): Params | string | undefined {
  if (legacy) {
    const filter = obj(obj(params.options).filter);
    if (filter.singleCondition) return condition(obj(filter.singleCondition));
    const multiple = obj(obj(filter.multipleCondition).condition);
    for (const join of ['and', 'or']) if (list(multiple[join]).length > 0) return { [join]: list(multiple[join]).map((entry) => condition(obj(entry))) };
    return undefined;
  }
  const type = str(params.filterType, 'none');
  if (type === 'json') return str(params.filterJson);
  if (type !== 'manual') return undefined;
  const conditions = list(obj(params.filters).conditions).map((entry) => condition(obj(entry)));
  if (conditions.length === 0) return undefined;
  if (conditions.length === 1) return conditions[0];
  return { [str(params.matchType, 'anyFilter') === 'allFilters' ? 'and' : 'or']: conditions };
}

const sorts = (options: Params) =>
  list(obj(options.sort).sortValue).map((entry) => {
    const sort = obj(entry);
    const { name } = splitKey(sort.key);
    return { [sort.timestamp === true ? 'timestamp' : 'property']: name, direction: str(sort.direction, 'ascending') };
  });

const limitOf = (params: Params): Params => (params.returnAll === true ? {} : { limit: Number(params.limit ?? 50) });
const iconOf = (options: Params): Params => (str(options.icon) ? { icon: str(options.icon) } : {});

export const notion: Mapper = (node, params, ctx) => {
  const legacy = version(node) < 2;
  const resource = str(params.resource, 'page');
  const simple: Params = { simple: params.simple !== false, ...(legacy ? { plainNames: true } : {}) };
  const options = obj(params.options);
  const at = (actionId: string, parameters: Params) => action(node, ctx, 'notion', 'Notion', actionId, parameters);
  const id = (value: JsonValue | undefined) => locator(value).value;
  switch (`${resource}:${str(params.operation, resource === 'databasePage' || resource === 'page' ? 'create' : resource === 'block' ? 'append' : 'get')}`) {
    case 'databasePage:create':
      return at('createPage', { databaseId: id(params.databaseId), ...(params.title !== undefined ? { title: str(params.title) } : {}), properties: properties(params), blocks: blocks(params), ...iconOf(options), ...simple });
    case 'databasePage:update':
      return at('updatePage', { pageId: id(params.pageId), properties: properties(params), ...iconOf(options), ...simple });
    case 'databasePage:get':
    case 'page:get':
      return at('getPage', { pageId: id(params.pageId), ...simple });
    case 'databasePage:getAll': {
      const filter = filterOf(params, legacy);
      const sort = sorts(options);
      return at('queryDatabase', { databaseId: id(params.databaseId), ...(filter !== undefined ? { filter } : {}), ...(sort.length > 0 ? { sorts: sort } : {}), ...limitOf(params), ...simple });
    }
    case 'page:create':
      return at('createPage', { parentPageId: id(params.pageId), title: str(params.title), blocks: blocks(params), ...iconOf(options), ...simple });
    case 'page:archive':
      return at('archivePage', { pageId: id(params.pageId) });
    case 'page:search':
    case 'database:search': {
      const filter = obj(obj(options.filter).filters);
      const object = resource === 'database' ? 'database' : str(filter.value, 'any');
      const sort = obj(obj(options.sort).sortValue);
      return at('search', { query: str(params.text), object: object === 'page' || object === 'database' ? object : 'any', ...(sort.direction ? { sortDirection: str(sort.direction) } : {}), ...limitOf(params), ...simple });
    }
    case 'database:get':
      return at('getDatabase', { databaseId: id(params.databaseId), ...simple });
    case 'database:getAll':
      return at('search', { object: 'database', ...limitOf(params), ...simple });
    case 'block:append':
      return at('appendBlocks', { blockId: id(params.blockId), blocks: blocks(params) });
    case 'block:getAll':
      // Version 2.2 simplifies blocks unless told not to; before, n8n gave Notion's blocks.
      return at('getBlockChildren', { blockId: id(params.blockId), nested: params.fetchNestedBlocks === true, simple: version(node) >= 2.2 && params.simplifyOutput !== false, ...limitOf(params) });
    case 'user:get':
      return at('getUser', { userId: str(params.userId) });
    case 'user:getAll':
      return at('listUsers', limitOf(params));
    default:
      return undefined;
  }
};

export const notionTrigger: Mapper = (node, params, ctx) =>
  action(node, ctx, 'notion', 'Notion', 'pageInDatabase', {
    databaseId: locator(params.databaseId).value,
    event: str(params.event, 'pageAddedToDatabase') === 'pagedUpdatedInDatabase' ? 'pageUpdated' : 'pageAdded',
    simple: params.simple !== false,
    poll: pollSchedule(params),
  });
