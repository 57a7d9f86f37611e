import { z } from 'zod';
import { googleAuth } from '../../../shared/integrations/google';
import { definePlugin } from '../../../shared/integrations/manifest';
import { DEFAULT_POLL, PollSchedule } from '../../../shared/integrations/service-triggers';

export const SheetsConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'API URL' }).default('https://sheets.googleapis.com'),
});

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Row = z.record(z.string(), z.unknown()).meta({ description: 'Column header → value; objects are written as JSON.' });

export const SheetRef = z.object({
  spreadsheetId: z.string().trim().min(1).meta({ title: 'Spreadsheet', description: 'Its ID, or its URL (https://docs.google.com/spreadsheets/d/ID/edit).' }),
  sheet: z.string().min(1).default('Sheet1').meta({ title: 'Sheet', description: 'The tab\'s name.' }),
  headerRow: z.number().int().min(1).default(1).meta({ description: 'The row holding the column names.' }),
});

const Writing = z.object({
  valueInputOption: z.enum(['USER_ENTERED', 'RAW']).default('USER_ENTERED').meta({ description: 'USER_ENTERED parses values as if typed in (formulas, dates); RAW stores them as they are.' }),
  newColumns: z.enum(['add', 'ignore', 'error']).default('add').meta({ description: 'What to do with a field no column is named after.' }),
});

export const ReadRowsParams = SheetRef.extend({
  lookupColumn: z.string().optional().meta({ description: 'Only rows whose value in this column…' }),
  lookupValue: Cell.optional().meta({ description: '…equals this.' }),
  returnFirstMatch: z.boolean().default(false),
});
export const AppendRowParams = SheetRef.extend({ values: Row }).extend(Writing.shape);
export const UpdateRowParams = SheetRef.extend({
  matchColumn: z.string().min(1).meta({ description: 'The column that finds the row(s) to update; `values` holds the value to match.' }),
  values: Row,
}).extend(Writing.shape);
export const AppendOrUpdateParams = UpdateRowParams;
export const DeleteRowsParams = SheetRef.extend({
  startRow: z.number().int().min(1).meta({ description: 'The first row to delete (1 is the sheet\'s first row).' }),
  count: z.number().int().min(1).default(1),
});
export const RowChangesParams = SheetRef.extend({
  event: z.enum(['rowAdded', 'rowUpdated', 'rowAddedOrUpdated']).default('rowAdded'),
  columnsToWatch: z.array(z.string()).default([]).meta({ description: 'Updates count only in these columns (any column when empty).' }),
  poll: PollSchedule.default(DEFAULT_POLL),
});
export const ClearParams = SheetRef.extend({ range: z.string().optional().meta({ description: 'A1 range inside the sheet (A2:F); the whole sheet when empty.' }) });
export const CreateSpreadsheetParams = z.object({
  title: z.string().min(1),
  sheets: z.array(z.string().min(1)).default([]).meta({ description: 'Tab names; Google makes "Sheet1" when empty.' }),
});

export default definePlugin({
  id: 'google-sheets',
  name: 'Google Sheets',
  version: '1.0.0',
  description: 'Read, append, update and delete rows of a Google Sheet by column name, through the Sheets API v4.',
  category: 'Productivity',
  icon: 'sheet',
  type: 'api',
  auth: googleAuth(['https://www.googleapis.com/auth/spreadsheets']),
  connection: SheetsConnection,
  // Google allows 60 requests per minute per user per project.
  rateLimit: { requestsPerSecond: 1, burst: 10 },
  healthCheck: { action: 'check' },
  actions: [
    { id: 'readRows', name: 'Get rows', description: 'Every row below the header as an item keyed by column name, or those matching a column.', parameters: ReadRowsParams, sideEffects: false, output: 'items' },
    { id: 'appendRow', name: 'Append a row', description: 'Adds a row after the last one, fields matched to columns by name.', parameters: AppendRowParams, recovery: 'wait' },
    { id: 'updateRow', name: 'Update rows', description: 'Updates the rows whose match column holds the given value.', parameters: UpdateRowParams, output: 'items' },
    { id: 'appendOrUpdateRow', name: 'Append or update a row', description: 'Updates the rows matching a column, or appends one when none does.', parameters: AppendOrUpdateParams, output: 'items' },
    { id: 'deleteRows', name: 'Delete rows', description: 'Deletes rows by number, the rows below moving up.', parameters: DeleteRowsParams, recovery: 'wait' },
    { id: 'clear', name: 'Clear', description: 'Empties a range or the whole sheet, keeping its formatting.', parameters: ClearParams },
    { id: 'check', name: 'Check the connection', description: 'Asks the Sheets API for a spreadsheet that does not exist: "not found" proves the token works.', parameters: z.object({}), sideEffects: false },
    { id: 'createSpreadsheet', name: 'Create a spreadsheet', description: 'A new spreadsheet with the named tabs.', parameters: CreateSpreadsheetParams, recovery: 'wait' },
  ],
  triggers: [{ id: 'rowChanges', name: 'On new or changed rows', description: 'Rows added at the end of the sheet (or changed) since the last check, with their row numbers.', parameters: RowChangesParams }],
});
