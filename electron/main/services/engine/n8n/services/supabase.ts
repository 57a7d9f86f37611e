import { type Mapper, type Params, action, list, names, obj, str } from './common';

/** n8n's Supabase node (rows) as the supabase integration. */

const OPERATORS = new Set(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'is']);

function filtersOf(params: Params): Params {
  if (str(params.filterType, 'manual') === 'string') return { filterString: str(params.filterString) };
  const filters = list(obj(params.filters).conditions).map((entry) => {
    const condition = obj(entry);
    const operator = str(condition.condition, 'eq');
    // n8n's full-text condition names its flavour (fts, plfts…) apart.
    return { column: str(condition.keyName), operator: operator === 'fullText' ? str(condition.searchFunction, 'fts') : OPERATORS.has(operator) ? operator : 'eq', value: condition.keyValue ?? null };
  });
  return { filters, match: str(params.matchType, 'anyFilter') === 'allFilters' ? 'all' : 'any' };
}

/** The row to write: the whole item (less the inputs to ignore), or the fields listed. */
function rowOf(params: Params): Params {
  if (str(params.dataToSend, 'defineBelow') === 'autoMapInputData') {
    const ignore = names(params.inputsToIgnore);
    return { row: '{{ $json }}', ...(ignore.length > 0 ? { ignore } : {}) };
  }
  return { row: Object.fromEntries(list(obj(params.fieldsUi).fieldValues).map((entry) => [str(obj(entry).fieldId), obj(entry).fieldValue ?? null])) };
}

export const supabase: Mapper = (node, params, ctx) => {
  if (str(params.resource, 'row') !== 'row') return undefined;
  const table: Params = { table: str(params.tableId).trim(), ...(params.useCustomSchema === true && params.schema ? { schema: str(params.schema) } : {}) };
  const at = (actionId: string, parameters: Params) => action(node, ctx, 'supabase', 'Supabase', actionId, { ...table, ...parameters });
  switch (str(params.operation, 'create')) {
    case 'create':
      return at('create', rowOf(params));
    case 'get': {
      // n8n's Get names columns and values only: each one is an equality.
      const filters = list(obj(params.filters).conditions).map((entry) => ({ column: str(obj(entry).keyName), operator: 'eq', value: obj(entry).keyValue ?? null }));
      return at('get', { filters, match: 'all' });
    }
    case 'getAll':
      return at('getAll', { ...filtersOf(params), ...(params.returnAll === true ? {} : { limit: Number(params.limit ?? 50) }) });
    case 'update':
      return at('update', { ...filtersOf(params), ...rowOf(params) });
    case 'delete':
      return at('delete', filtersOf(params));
    default:
      return undefined;
  }
};
