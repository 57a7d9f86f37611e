import type { JsonValue } from '../../../../../../shared/workflow/document';
import type { N8nNode } from '../import-n8n';
import { type MapContext, type Mapper, type Params, action, list, locator, obj, pollSchedule, str, version } from './common';

/** n8n's Google Sheets node (v1 to v4) as the google-sheets integration. */

/** The tab a Google Sheets node works on: by name, or by the name n8n cached for a gid picked from the list. */
function sheetName(node: N8nNode, params: Params, ctx: MapContext): string {
  if (version(node) < 3) return str(params.range, 'Sheet1').split('!')[0]!.replace(/^'|'$/g, '') || 'Sheet1';
  const sheet = locator(params.sheetName);
  if (sheet.mode === 'name' || (sheet.mode !== 'list' && sheet.mode !== 'id' && sheet.mode !== 'url')) return sheet.value || 'Sheet1';
  if (sheet.name) return sheet.name;
  ctx.notes.push(`"${node.name}" names its sheet by id (${sheet.value}): set the sheet's name on the node.`);
  return 'Sheet1';
}

const EXTRA_DATA: Record<string, string> = { insertInNewColumn: 'add', ignoreIt: 'ignore', error: 'error' };

export const googleSheets: Mapper = (node, params, ctx) => {
  const options = obj(params.options);
  const legacy = version(node) < 3;
  const resource = str(params.resource, 'sheet');
  const operation = str(params.operation, 'read');
  const spreadsheetId = legacy ? str(params.sheetId) : locator(params.documentId).value;
  if (resource === 'spreadsheet') {
    if (operation !== 'create') return undefined;
    const sheets = list(obj(params.sheetsUi).sheetValues).map((sheet) => str(obj(sheet).title)).filter(Boolean);
    return action(node, ctx, 'google-sheets', 'Google Sheets', 'createSpreadsheet', { title: str(params.title), sheets });
  }
  const location = obj(obj(options.locationDefine).values);
  const base: Params = { spreadsheetId, sheet: sheetName(node, params, ctx) };
  const headerRow = Number(location.headerRow ?? (legacy ? obj(options).headerRow : undefined) ?? 1);
  if (headerRow > 1) base.headerRow = headerRow;
  const columns = obj(params.columns);
  // Mapped automatically (and in v1-v2 always), the whole input item is the row.
  const mapped = obj(columns.value);
  const values: JsonValue = legacy || str(columns.mappingMode) === 'autoMapInputData' || Object.keys(mapped).length === 0 ? '{{ $json }}' : mapped;
  const writing: Params = {
    valueInputOption: str(options.cellFormat ?? (legacy ? (options.valueInputMode as JsonValue) : undefined), 'USER_ENTERED') === 'RAW' ? 'RAW' : 'USER_ENTERED',
    newColumns: EXTRA_DATA[str(options.handlingExtraData, 'insertInNewColumn')] ?? 'add',
  };
  const matchColumn = legacy ? str(params.key, 'id') : str(list(columns.matchingColumns)[0] ?? params.columnToMatchOn);
  switch (operation) {
    case 'read':
    case 'lookup': {
      const filter = legacy ? { lookupColumn: params.lookupColumn, lookupValue: params.lookupValue } : obj(list(obj(params.filtersUI).values)[0]);
      const read: Params = { ...base };
      if (filter.lookupColumn !== undefined && str(filter.lookupColumn)) {
        read.lookupColumn = str(filter.lookupColumn);
        read.lookupValue = filter.lookupValue ?? '';
        read.returnFirstMatch = legacy ? obj(options).returnAllMatches !== true : str(options.returnAllMatches, 'returnFirstMatch') === 'returnFirstMatch';
      }
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'readRows', read);
    }
    case 'append':
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'appendRow', { ...base, values, ...writing });
    case 'update':
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'updateRow', { ...base, matchColumn, values, ...writing });
    case 'appendOrUpdate':
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'appendOrUpdateRow', { ...base, matchColumn, values, ...writing });
    case 'clear': {
      const what = str(params.clear, 'wholeSheet');
      const range = what === 'specificRange' ? str(params.range) : undefined;
      if (what !== 'wholeSheet' && what !== 'specificRange') {
        ctx.notes.push(`"${node.name}" clears ${what}; Echelon clears a range: set it on the node.`);
      }
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'clear', range ? { ...base, range } : base);
    }
    case 'delete': {
      if (str(params.toDelete, 'rows') !== 'rows') return undefined;
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'deleteRows', { ...base, startRow: Number(params.startIndex ?? 2), count: Number(params.numberToDelete ?? 1) });
    }
    default:
      return undefined;
  }
};

/** n8n's Google Sheets Trigger: rows added, updated, or both ("any update"), polled. */
export const googleSheetsTrigger: Mapper = (node, params, ctx) => {
  const options = obj(params.options);
  const range = obj(obj(options.dataLocationOnSheet).values);
  const event = str(params.event, 'anyUpdate');
  const columnsToWatch = list(options.columnsToWatch).map((column) => str(column));
  return action(node, ctx, 'google-sheets', 'Google Sheets', 'rowChanges', {
    spreadsheetId: locator(params.documentId).value,
    // The trigger names its sheet as the node's version 3 and later do.
    sheet: sheetName({ ...node, typeVersion: 4 }, params, ctx),
    ...(str(range.rangeDefinition) === 'specifyRange' && range.headerRow !== undefined ? { headerRow: Number(range.headerRow) } : {}),
    event: event === 'rowAdded' ? 'rowAdded' : event === 'rowUpdate' ? 'rowUpdated' : 'rowAddedOrUpdated',
    ...(columnsToWatch.length > 0 ? { columnsToWatch } : {}),
    poll: pollSchedule(params),
  });
};
