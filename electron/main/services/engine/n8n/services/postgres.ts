import type { JsonValue } from '../../../../../../shared/workflow/document';
import { type Mapper, type Params, action, byName, list, locator, names, obj, str, version } from './common';

/** n8n's Postgres node (v1 and v2) as the postgres integration. */

/** `a, b` or `={{ $json.a }}, {{ $json.b }}`: n8n's comma-separated query replacements, split outside expressions. */
function splitReplacements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('{{', i)) depth++;
    if (text.startsWith('}}', i)) depth = Math.max(0, depth - 1);
    if (text[i] === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += text[i];
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}


const PG_OPERATORS: Record<string, string> = { equal: '=', '=': '=', '!=': '!=', LIKE: 'like', '>': '>', '<': '<', '>=': '>=', '<=': '<=', 'IS NULL': 'is null', 'IS NOT NULL': 'is not null' };

export const postgres: Mapper = (node, params, ctx) => {
  const legacy = version(node) < 2;
  const operation = str(params.operation, 'insert');
  const table: Params = { schema: legacy ? str(params.schema, 'public') : locator(params.schema).value || 'public', table: legacy ? str(params.table) : locator(params.table).value };
  const pg = (actionId: string, parameters: Params) => action(node, ctx, 'postgres', 'PostgreSQL', actionId, parameters);
  const columns = obj(params.columns);
  const values: JsonValue = legacy ? byName(names(params.columns)) : str(columns.mappingMode) === 'autoMapInputData' || Object.keys(obj(columns.value)).length === 0 ? '{{ $json }}' : obj(columns.value);
  const where = list(obj(params.where).values).map((entry): Params => {
    const condition = obj(entry);
    const operator = PG_OPERATORS[str(condition.condition, 'equal')] ?? '=';
    return operator.startsWith('is ') ? { column: str(condition.column), operator } : { column: str(condition.column), operator, value: condition.value ?? '' };
  });
  const combine = str(params.combineConditions, 'AND') === 'OR' ? 'or' : 'and';
  switch (operation) {
    case 'executeQuery': {
      const replacement = legacy ? obj(params.additionalFields).queryParams : obj(params.options).queryReplacement;
      // v1 names item fields; v2 lists values (expressions or text).
      const parameters = legacy ? names(replacement).map((name) => `{{ $json[${JSON.stringify(name)}] }}`) : Array.isArray(replacement) ? replacement : splitReplacements(str(replacement));
      return pg('executeQuery', { query: str(params.query), parameters });
    }
    case 'insert':
      return pg('insert', { ...table, values });
    case 'update': {
      const match = legacy ? names(params.updateKey ?? 'id') : names(columns.matchingColumns);
      const updated = legacy ? byName([...match, ...names(params.columns)]) : values;
      return pg('update', { ...table, matchColumns: match, values: updated });
    }
    case 'upsert':
      return pg('upsert', { ...table, conflictColumns: legacy ? names(params.conflictColumns) : names(columns.matchingColumns), values });
    case 'select': {
      const sort = list(obj(params.sort).values).map((entry) => ({ column: str(obj(entry).column), direction: str(obj(entry).direction, 'ASC').toLowerCase() === 'desc' ? 'desc' : 'asc' }));
      const parameters: Params = { ...table, where, combine, orderBy: sort };
      if (params.returnAll !== true) parameters.limit = Number(params.limit ?? 50);
      return pg('select', parameters);
    }
    case 'deleteTable':
      if (str(params.deleteCommand, 'truncate') !== 'delete' || where.length === 0) {
        ctx.notes.push(`"${node.name}" truncates or drops a table; run that as an "Execute a query" node.`);
        return undefined;
      }
      return pg('delete', { ...table, where, combine });
    default:
      return undefined;
  }
};
