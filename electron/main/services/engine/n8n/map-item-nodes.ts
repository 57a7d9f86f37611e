import type { JsonValue } from '../../../../../shared/workflow/document';
import { list, obj, str, V, type MappedNode, type Mapper, type Params } from './map-helpers';

/** n8n's item-list nodes (Split Out, Aggregate, Limit, Sort, Remove Duplicates, Rename Keys, Stop and Error, and Item Lists) → the `items` plugin. */

const item = (action: string, parameters: Params): MappedNode => ({ type: `items.${action}`, version: V, parameters, outputs: ['main'] });
const dots = (params: Params) => obj(params.options).disableDotNotation !== true;
/** A list of field names given as text ("a, b") or as n8n's fixedCollection rows. */
const names = (value: JsonValue | undefined, row: string, field: string): string[] => {
  if (typeof value === 'string') return value.split(',').map((part) => part.trim()).filter(Boolean);
  return list(obj(value)[row]).map((entry) => str(obj(entry)[field])).filter(Boolean);
};

const splitOut: Mapper = (_node, params) => {
  const include = str(params.include, 'noOtherFields');
  const parameters: Params = {
    field: str(params.fieldToSplitOut),
    include: include === 'allOtherFields' ? 'all' : include === 'selectedOtherFields' ? 'selected' : 'none',
    includeFields: names(params.fieldsToInclude, 'fieldToInclude', 'fieldName'),
    dotNotation: dots(params),
  };
  const destination = str(obj(params.options).destinationFieldName);
  if (destination) parameters.destinationField = destination;
  return item('splitOut', parameters);
};

const aggregate: Mapper = (_node, params) => {
  const options = obj(params.options);
  const all = str(params.aggregate, 'aggregateIndividualFields') === 'aggregateAllItemData';
  const fields = list(obj(params.fieldsToAggregate).fieldToAggregate).map((entry) => {
    const row = obj(entry);
    const field: Params = { field: str(row.fieldToAggregate) };
    if (row.renameField === true && str(row.outputFieldName)) field.outputField = str(row.outputFieldName);
    return field;
  });
  return item('aggregate', {
    mode: all ? 'all' : 'fields',
    fields: fields.filter((field) => field.field !== ''),
    destinationField: str(params.destinationFieldName, 'data'),
    mergeLists: options.mergeLists === true,
    keepMissing: options.keepMissing === true,
    dotNotation: options.disableDotNotation !== true,
  });
};

const limit: Mapper = (_node, params) => item('limit', { maxItems: Number(params.maxItems ?? 1), keep: str(params.keep, 'firstItems') === 'lastItems' ? 'last' : 'first' });

const sort: Mapper = (node, params, ctx) => {
  const type = str(params.type, 'simple');
  if (type === 'code') {
    ctx.notes.push(`"${node.name}" sorts with code; Echelon's Sort orders by fields: use a Code step instead.`);
    return undefined;
  }
  const fields = list(obj(params.sortFieldsUi).sortField).map((entry) => ({ field: str(obj(entry).fieldName), order: str(obj(entry).order, 'ascending') === 'descending' ? 'descending' : 'ascending' }));
  return item('sort', { mode: type === 'random' ? 'random' : 'fields', fields: fields.filter((field) => field.field !== ''), dotNotation: dots(params) });
};

const removeDuplicates: Mapper = (node, params, ctx) => {
  if (str(params.operation, 'removeDuplicateInputItems') !== 'removeDuplicateInputItems') {
    ctx.notes.push(`"${node.name}" removes items seen in earlier executions, which Echelon's Remove Duplicates does not keep track of yet.`);
    return undefined;
  }
  const compare = str(params.compare, 'allFields');
  if (compare === 'allFieldsExcept') return item('removeDuplicates', { compare: 'allExcept', fields: names(params.fieldsToExclude, 'fields', 'fieldName'), dotNotation: dots(params) });
  if (compare === 'selectedFields') return item('removeDuplicates', { compare: 'selected', fields: names(params.fieldsToCompare, 'fields', 'fieldName'), dotNotation: dots(params) });
  return item('removeDuplicates', { compare: 'all', fields: [], dotNotation: dots(params) });
};

const renameKeys: Mapper = (_node, params) =>
  item('renameKeys', { keys: list(obj(params.keys).key).map((entry) => ({ from: str(obj(entry).currentKey), to: str(obj(entry).newKey) })).filter((pair) => pair.from && pair.to) });

const stopAndError: Mapper = (_node, params) => {
  if (str(params.errorType, 'errorMessage') === 'errorObject') return item('stop', { errorObject: params.errorObject ?? '{}' });
  return item('stop', { message: str(params.errorMessage, 'Stopped by the workflow') });
};

/** Item Lists (n8n's older all-in-one node): each operation as the node it became. */
const itemLists: Mapper = (node, params, ctx) => {
  const operation = str(params.operation, 'splitOutItems');
  const by: Record<string, Mapper> = { splitOutItems: splitOut, aggregateItems: aggregate, limit, sort, removeDuplicates };
  const mapper = by[operation];
  if (!mapper) {
    ctx.notes.push(`"${node.name}" is an Item Lists "${operation}" operation, which has no Echelon equivalent yet.`);
    return undefined;
  }
  return mapper(node, params, ctx);
};

export const ITEM_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.splitOut': splitOut,
  'n8n-nodes-base.aggregate': aggregate,
  'n8n-nodes-base.limit': limit,
  'n8n-nodes-base.sort': sort,
  'n8n-nodes-base.removeDuplicates': removeDuplicates,
  'n8n-nodes-base.renameKeys': renameKeys,
  'n8n-nodes-base.stopAndError': stopAndError,
  'n8n-nodes-base.itemLists': itemLists,
};
