import type { JsonValue } from '../../../../../../shared/workflow/document';
import { type Mapper, type Params, action, byName, list, locator, names, obj, str, version } from './common';

/** n8n's Airtable node (v1 and v2) as the airtable integration. */

export const airtable: Mapper = (node, params, ctx) => {
  const legacy = version(node) < 2;
  const resource = str(params.resource, 'record');
  if (resource !== 'record') return undefined;
  const operation = str(params.operation, legacy ? 'read' : 'search');
  const table: Params = legacy ? { base: str(params.application), table: str(params.table) } : { base: locator(params.base).value, table: locator(params.table).value };
  const at = (actionId: string, parameters: Params) => action(node, ctx, 'airtable', 'Airtable', actionId, parameters);
  const options = obj(legacy ? params.additionalOptions : params.options);
  const typecast: Params = options.typecast === true ? { typecast: true } : {};
  const columns = obj(params.columns);
  // Mapped automatically (or in v1 with every field), the whole item is the record.
  const fields: JsonValue = legacy
    ? params.addAllFields === false
      ? byName(names(params.fields))
      : '{{ $json }}'
    : str(columns.mappingMode) === 'autoMapInputData' || Object.keys(obj(columns.value)).length === 0
      ? '{{ $json }}'
      : obj(columns.value);
  switch (operation) {
    case 'search':
    case 'list': {
      const parameters: Params = { ...table };
      const formula = legacy ? options.filterByFormula : params.filterByFormula;
      if (formula) parameters.filterByFormula = str(formula);
      if (options.view) parameters.view = str(locator(options.view).value);
      if (options.fields !== undefined) parameters.fields = names(options.fields);
      const sort = list(obj(legacy ? options.sort : params.sort).property).map((entry) => ({ field: str(obj(entry).field), direction: str(obj(entry).direction, 'asc') === 'desc' ? 'desc' : 'asc' }));
      if (sort.length > 0) parameters.sort = sort;
      if (params.returnAll === false) parameters.limit = Number(params.limit ?? 100);
      return at('search', parameters);
    }
    case 'get':
    case 'read':
      return at('get', { ...table, id: str(params.id) });
    case 'create':
    case 'append':
      return at('create', { ...table, fields, ...typecast });
    case 'update': {
      const match = legacy ? ['id'] : names(columns.matchingColumns);
      if (match.length === 1 && match[0] === 'id') return at('update', { ...table, id: legacy ? str(params.id) : '{{ $json.id }}', fields, ...typecast });
      return at('upsert', { ...table, fields, mergeOn: match, ...typecast });
    }
    case 'upsert':
      return at('upsert', { ...table, fields, mergeOn: names(columns.matchingColumns), ...typecast });
    case 'deleteRecord':
    case 'delete':
      return at('delete', { ...table, id: str(params.id) });
    default:
      return undefined;
  }
};
