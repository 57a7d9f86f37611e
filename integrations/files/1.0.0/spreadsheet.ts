import * as XLSX from '@e965/xlsx';
import { NodeError, type JsonObject } from '../../../electron/main/services/engine/node-api';
import type { JsonValue } from '../../../shared/workflow/document';

/**
 * Spreadsheets (XLSX, XLS, ODS, RTF and HTML tables) read and written with SheetJS, the
 * library n8n's Extract from File, Convert to File and Spreadsheet File nodes use, with the
 * same options, so rows, headers and cell values come out as they do in n8n.
 */

export type SheetFormat = 'xlsx' | 'xls' | 'ods' | 'rtf' | 'html';

export const SHEET_MIME: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  rtf: 'application/rtf',
  html: 'text/html',
};

export interface SheetReadOptions {
  sheetName: string;
  /** A1 range ("A2:C10") or the first row to read (a number). */
  range: string;
  headerRow: boolean;
  includeEmptyCells: boolean;
  rawData: boolean;
  readAsString: boolean;
}

/** Rows of one sheet: objects keyed by the header row, or `{ row: [...] }` without one. */
export function readSheet(content: Buffer, options: SheetReadOptions): JsonObject[] {
  let workbook: XLSX.WorkBook;
  try {
    workbook = options.readAsString ? XLSX.read(content.toString('binary'), { type: 'binary', raw: options.rawData }) : XLSX.read(content, { type: 'buffer', raw: options.rawData });
  } catch (error) {
    throw new NodeError(`The file is not a spreadsheet SheetJS can read (${(error as Error).message}).`, 'invalid_file', true);
  }
  if (workbook.SheetNames.length === 0) throw new NodeError('The spreadsheet has no sheets.', 'invalid_file', true);
  const sheetName = options.sheetName || workbook.SheetNames[0]!;
  if (!workbook.SheetNames.includes(sheetName)) throw new NodeError(`The spreadsheet has no sheet called "${sheetName}" (it has ${workbook.SheetNames.map((name) => `"${name}"`).join(', ')}).`, 'invalid_parameters', true);
  const toJson: XLSX.Sheet2JSONOpts = {};
  if (options.range) toJson.range = /^\d+$/.test(options.range.trim()) ? Number.parseInt(options.range, 10) : options.range;
  if (options.includeEmptyCells) toJson.defval = '';
  if (!options.headerRow) toJson.header = 1;
  const rows = XLSX.utils.sheet_to_json<JsonValue>(workbook.Sheets[sheetName]!, toJson);
  return rows.map((row) => (options.headerRow ? (row as JsonObject) : { row }));
}

/** `{ a: { b: 1 }, c: [2] }` → `{ "a.b": 1, "c.0": 2 }`, as n8n flattens items into sheet rows. */
function flatten(data: JsonObject, into: Record<string, unknown> = {}, prefix = ''): Record<string, unknown> {
  for (const [key, value] of Object.entries(data)) {
    if (value !== null && typeof value === 'object') flatten(value as JsonObject, into, `${prefix}${key}.`);
    else into[`${prefix}${key}`] = value;
  }
  return into;
}

export interface SheetWriteOptions {
  headerRow: boolean;
  sheetName: string;
  compression: boolean;
}

export function writeSheet(rows: JsonObject[], format: SheetFormat, options: SheetWriteOptions): Buffer {
  const sheet = XLSX.utils.json_to_sheet(
    rows.map((row) => flatten(row)),
    options.headerRow ? undefined : { skipHeader: true },
  );
  const name = options.sheetName || 'Sheet';
  const workbook: XLSX.WorkBook = { SheetNames: [name], Sheets: { [name]: sheet } };
  return XLSX.write(workbook, { bookType: format, bookSST: false, type: 'buffer', compression: options.compression && (format === 'xlsx' || format === 'ods') }) as Buffer;
}
