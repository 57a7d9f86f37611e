import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectGoogleOk, googleIdOf } from '../../../shared/integrations/google';
import type { HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import { columnLetters, sheetRange } from './a1';
import { createHash } from 'node:crypto';
import type { PollRequest, PollResult } from '../../../shared/integrations/service-triggers';
import type { AppendRowParams, ClearParams, CreateSpreadsheetParams, DeleteRowsParams, ReadRowsParams, RowChangesParams, SheetRef, SheetsConnection, UpdateRowParams } from './manifest';

type Context = ActionContext<z.output<typeof SheetsConnection>>;
type Ref = z.output<typeof SheetRef>;
type Cell = string | number | boolean | null;
type Row = Record<string, unknown>;

async function call(ctx: Context, what: string, request: HttpRequest): Promise<Record<string, unknown>> {
  const response = expectGoogleOk(await ctx.request(request), `Google Sheets ${what}`);
  return (response.body ?? {}) as Record<string, unknown>;
}

const valuesUrl = (ref: Ref, range: string, suffix = '') => `v4/spreadsheets/${encodeURIComponent(googleIdOf(ref.spreadsheetId))}/values/${encodeURIComponent(range)}${suffix}`;

/** The sheet as the API renders it: numbers as numbers, dates as the sheet shows them. */
async function readGrid(ctx: Context, ref: Ref): Promise<Cell[][]> {
  const body = await call(ctx, 'read', {
    url: valuesUrl(ref, sheetRange(ref.sheet, `A${ref.headerRow}:ZZZ`)),
    query: { valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'FORMATTED_STRING', majorDimension: 'ROWS' },
  });
  return (body.values as Cell[][] | undefined) ?? [];
}

/** A cell's value for a field: objects as JSON, absent fields left blank. */
function toCell(value: unknown): Cell {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return value as Cell;
}

/** The data rows as items, by header, each with its row number (blank rows left out). */
function rowsOf(grid: Cell[][], headerRow: number): Row[] {
  const header = (grid[0] ?? []).map(String);
  const rows: Row[] = [];
  for (const [index, cells] of grid.slice(1).entries()) {
    if (cells.length === 0) continue;
    const row: Row = { row_number: headerRow + 1 + index };
    header.forEach((name, at) => name && (row[name] = cells[at] ?? ''));
    rows.push(row);
  }
  return rows;
}

const sameCell = (a: unknown, b: unknown) => String(a ?? '') === String(b ?? '');

/** The header with any new fields added as columns (or refused), per `newColumns`. */
function headerFor(header: string[], values: Row, newColumns: 'add' | 'ignore' | 'error'): string[] {
  const missing = Object.keys(values).filter((key) => !header.includes(key));
  if (missing.length === 0 || newColumns === 'ignore') return header;
  if (newColumns === 'error') throw new EchelonError('invalid_input', `The sheet has no column named ${missing.map((key) => `"${key}"`).join(', ')}: add it, or set "new columns" to add or ignore.`, { path: 'params.values' });
  return [...header, ...missing];
}

async function writeHeader(ctx: Context, ref: Ref, header: string[], valueInputOption: string): Promise<void> {
  await call(ctx, 'header update', {
    method: 'PUT',
    url: valuesUrl(ref, sheetRange(ref.sheet, `A${ref.headerRow}:${columnLetters(header.length - 1)}${ref.headerRow}`)),
    query: { valueInputOption },
    body: { type: 'json', value: { majorDimension: 'ROWS', values: [header] } },
  });
}

/** The row's cells in header order, and the row as an item (only the sheet's columns). */
function rowFor(header: string[], values: Row, base: Cell[] = []): { cells: Cell[]; item: Row } {
  const cells = header.map((column, index) => (column in values ? toCell(values[column]) : (base[index] ?? '')));
  const item: Row = {};
  header.forEach((column, index) => column && (item[column] = cells[index]));
  return { cells, item };
}

type Write = z.output<typeof UpdateRowParams>;

/** Updates the rows matching `matchColumn`; the rows changed, as items. */
async function updateMatching(ctx: Context, params: Write, grid: Cell[][]): Promise<Row[]> {
  const header = headerFor((grid[0] ?? []).map(String), params.values, params.newColumns);
  if (!header.includes(params.matchColumn)) throw new EchelonError('invalid_input', `The sheet has no column "${params.matchColumn}" to match rows by; its columns: ${header.join(', ') || 'none (the header row is empty)'}.`, { path: 'params.matchColumn' });
  const key = params.values[params.matchColumn];
  if (key === undefined) throw new EchelonError('invalid_input', `Give the value of "${params.matchColumn}" in the values: it finds the row(s) to update.`, { path: 'params.values' });
  const column = header.indexOf(params.matchColumn);
  const updates: { range: string; values: Cell[][] }[] = [];
  const items: Row[] = [];
  grid.slice(1).forEach((cells, index) => {
    if (!sameCell(cells[column], key)) return;
    const rowNumber = params.headerRow + 1 + index;
    const { cells: updated, item } = rowFor(header, params.values, cells);
    updates.push({ range: sheetRange(params.sheet, `A${rowNumber}:${columnLetters(header.length - 1)}${rowNumber}`), values: [updated] });
    items.push({ ...item, row_number: rowNumber });
  });
  if (updates.length === 0) return [];
  if (header.length > (grid[0]?.length ?? 0)) await writeHeader(ctx, params, header, params.valueInputOption);
  await call(ctx, 'update', {
    method: 'POST',
    url: `v4/spreadsheets/${encodeURIComponent(googleIdOf(params.spreadsheetId))}/values:batchUpdate`,
    body: { type: 'json', value: { valueInputOption: params.valueInputOption, data: updates.map((update) => ({ ...update, majorDimension: 'ROWS' })) } },
  });
  return items;
}

async function append(ctx: Context, params: z.output<typeof AppendRowParams>, grid: Cell[][]): Promise<Row> {
  const current = (grid[0] ?? []).map(String);
  const header = headerFor(current, params.values, params.newColumns);
  if (header.length === 0) throw new EchelonError('invalid_input', 'Nothing to append: the values are empty and the sheet has no header row.', { path: 'params.values' });
  if (header.length > current.length) await writeHeader(ctx, params, header, params.valueInputOption);
  const { cells, item } = rowFor(header, params.values);
  const body = await call(ctx, 'append', {
    method: 'POST',
    url: valuesUrl(params, sheetRange(params.sheet, `A${params.headerRow}:${columnLetters(header.length - 1)}`), ':append'),
    query: { valueInputOption: params.valueInputOption, insertDataOption: 'INSERT_ROWS' },
    body: { type: 'json', value: { majorDimension: 'ROWS', values: [cells] } },
  });
  // "'Sheet1'!A5:C5": the row the API wrote to.
  const written = /!\$?[A-Z]+\$?(\d+)/.exec(String((body.updates as { updatedRange?: string } | undefined)?.updatedRange ?? ''))?.[1];
  return written ? { ...item, row_number: Number(written) } : item;
}

/** What the row trigger remembers: each data row's fingerprint (of the watched columns), by row number. */
interface RowsCursor {
  rows: Record<number, string>;
}
const fingerprint = (row: Row, columns: string[]) => createHash('sha1').update(JSON.stringify(columns.length > 0 ? columns.map((column) => row[column] ?? '') : Object.entries(row))).digest('base64url');

export default defineIntegrationCode({
  actions: {
    async readRows(params: z.output<typeof ReadRowsParams>, ctx: Context) {
      const grid = await readGrid(ctx, params);
      const header = (grid[0] ?? []).map(String);
      const column = params.lookupColumn;
      if (column === undefined) return rowsOf(grid, params.headerRow);
      if (!header.includes(column)) throw new EchelonError('invalid_input', `The sheet has no column "${column}"; its columns: ${header.join(', ') || 'none'}.`, { path: 'params.lookupColumn' });
      const matching = rowsOf(grid, params.headerRow).filter((row) => sameCell(row[column], params.lookupValue));
      return params.returnFirstMatch ? matching.slice(0, 1) : matching;
    },
    async appendRow(params: z.output<typeof AppendRowParams>, ctx: Context) {
      return append(ctx, params, await readGrid(ctx, params));
    },
    async updateRow(params: Write, ctx: Context) {
      return updateMatching(ctx, params, await readGrid(ctx, params));
    },
    async appendOrUpdateRow(params: Write, ctx: Context) {
      const grid = await readGrid(ctx, params);
      const updated = grid.length > 0 && (grid[0] ?? []).map(String).includes(params.matchColumn) ? await updateMatching(ctx, params, grid) : [];
      return updated.length > 0 ? updated : [await append(ctx, params, grid)];
    },
    async deleteRows(params: z.output<typeof DeleteRowsParams>, ctx: Context) {
      const id = encodeURIComponent(googleIdOf(params.spreadsheetId));
      const meta = await call(ctx, 'spreadsheet get', { url: `v4/spreadsheets/${id}`, query: { fields: 'sheets.properties(sheetId,title)' } });
      const sheets = ((meta.sheets as { properties: { sheetId: number; title: string } }[] | undefined) ?? []).map((sheet) => sheet.properties);
      const sheet = sheets.find((candidate) => candidate.title === params.sheet);
      if (!sheet) throw new EchelonError('not_found', `The spreadsheet has no sheet "${params.sheet}"; it has: ${sheets.map((candidate) => candidate.title).join(', ')}.`, { path: 'params.sheet' });
      await call(ctx, 'delete rows', {
        method: 'POST',
        url: `v4/spreadsheets/${id}:batchUpdate`,
        body: { type: 'json', value: { requests: [{ deleteDimension: { range: { sheetId: sheet.sheetId, dimension: 'ROWS', startIndex: params.startRow - 1, endIndex: params.startRow - 1 + params.count } } }] } },
      });
      return { deleted: params.count, startRow: params.startRow };
    },
    async clear(params: z.output<typeof ClearParams>, ctx: Context) {
      const body = await call(ctx, 'clear', { method: 'POST', url: valuesUrl(params, sheetRange(params.sheet, params.range), ':clear'), body: { type: 'json', value: {} } });
      return { clearedRange: body.clearedRange ?? null };
    },
    async check(_params: Record<string, never>, ctx: Context) {
      // The Sheets API has no "who am I": a 404 for a spreadsheet nobody has shows the token was accepted.
      const response = await ctx.request({ url: 'v4/spreadsheets/echelon-connection-check', query: { fields: 'spreadsheetId' } });
      if (response.status !== 404) expectGoogleOk(response, 'Google Sheets check');
      return { ok: true };
    },
    async createSpreadsheet(params: z.output<typeof CreateSpreadsheetParams>, ctx: Context) {
      const body = await call(ctx, 'create', {
        method: 'POST',
        url: 'v4/spreadsheets',
        body: { type: 'json', value: { properties: { title: params.title }, ...(params.sheets.length > 0 ? { sheets: params.sheets.map((title) => ({ properties: { title } })) } : {}) } },
      });
      const sheets = ((body.sheets as { properties: { sheetId: number; title: string } }[] | undefined) ?? []).map((sheet) => ({ sheetId: sheet.properties.sheetId, title: sheet.properties.title }));
      return { spreadsheetId: body.spreadsheetId, url: body.spreadsheetUrl, title: params.title, sheets };
    },
  },
  triggers: {
    rowChanges: {
      /**
       * Rows whose number the last check did not see (added), or whose watched values changed
       * (updated), in sheet order. The first check only takes the fingerprints; a sample is the last row.
       */
      async poll(params: z.output<typeof RowChangesParams>, ctx: Context, request: PollRequest): Promise<PollResult> {
        const rows = rowsOf(await readGrid(ctx, params), params.headerRow);
        if (request.sample) return { items: rows.slice(-1), cursor: request.cursor };
        const seen = (request.cursor as RowsCursor | undefined)?.rows;
        const now: Record<number, string> = Object.fromEntries(rows.map((row) => [row.row_number as number, fingerprint(row, params.columnsToWatch)]));
        if (!seen) return { items: [], cursor: { rows: now } satisfies RowsCursor };
        const wantsAdded = params.event !== 'rowUpdated';
        const wantsUpdated = params.event !== 'rowAdded';
        const items = rows.filter((row) => {
          const before = seen[row.row_number as number];
          return before === undefined ? wantsAdded : wantsUpdated && before !== now[row.row_number as number];
        });
        return { items, cursor: { rows: now } satisfies RowsCursor };
      },
    },
  },
});
