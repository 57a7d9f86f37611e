import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

const binaryPropertyName = z.string().min(1).default('data');

const sheetFormats = ['xlsx', 'xls', 'ods', 'rtf', 'html'] as const;

export const ExtractParameters = z.object({
  /** `spreadsheet`: CSV when the file says so (its type or extension), otherwise whichever spreadsheet format the bytes are. */
  format: z.enum(['csv', 'json', 'text', 'base64', 'pdf', ...sheetFormats, 'spreadsheet']).default('csv'),
  binaryPropertyName,
  /** With json, text and base64: the field receiving the content. */
  destinationKey: z.string().min(1).default('data'),
  /** With csv. */
  delimiter: z.string().min(1).default(','),
  headerRow: z.boolean().default(true),
  /** With csv: rows to skip after the header, and the most rows to read (-1: all). */
  fromLine: z.number().int().min(0).default(0),
  maxRowCount: z.number().int().min(-1).default(-1),
  encoding: z.enum(['utf8', 'latin1', 'utf16le', 'ascii']).default('utf8'),
  /** With pdf: the password of an encrypted file. */
  password: z.string().default(''),
  /** With pdf: one text for the document, or one per page. */
  joinPages: z.boolean().default(true),
  /** With pdf: pages to read from the start (-1: all; 0: none, only the document's information, as in n8n). */
  maxPages: z.number().int().min(-1).default(-1),
  /** With pdf: what of the input item to keep: nothing, its JSON (merged under the PDF's fields), its file, or both. */
  keepSource: z.enum(['none', 'json', 'binary', 'both']).default('none'),
  /** With spreadsheets: the sheet to read (the first when empty). */
  sheetName: z.string().default(''),
  /** With spreadsheets: an A1 range ("A2:D20") or the row to start at (a number). */
  range: z.string().default(''),
  /** With spreadsheets: empty cells become "" instead of being left out. */
  includeEmptyCells: z.boolean().default(false),
  /** With spreadsheets: cell values as stored, not as formatted. */
  rawData: z.boolean().default(false),
  /** With spreadsheets: parse the file as a binary string (for files whose encoding SheetJS misreads). */
  readAsString: z.boolean().default(false),
});

export const ConvertParameters = z.object({
  format: z.enum(['base64', 'text', 'json', 'csv', ...sheetFormats]).default('json'),
  /** With base64 and text: the field holding the content. */
  sourceProperty: z.string().min(1).default('data'),
  binaryPropertyName,
  /** With json and csv: one file of all items, or one per item. */
  mode: z.enum(['once', 'each']).default('once'),
  fileName: z.string().default(''),
  mimeType: z.string().default(''),
  delimiter: z.string().min(1).default(','),
  headerRow: z.boolean().default(true),
  /** With json: indented. */
  format_json: z.boolean().default(false),
  /** With spreadsheets: the sheet's name, and whether the XLSX / ODS zip is compressed. */
  sheetName: z.string().default('Sheet'),
  compression: z.boolean().default(false),
});

export const ReadParameters = z.object({
  /** A file path or a glob (`*` and `**`) inside a folder ECHELON_FILE_ACCESS allows. */
  fileSelector: z.string().min(1),
  binaryPropertyName,
});

export const WriteParameters = z.object({
  fileName: z.string().min(1),
  binaryPropertyName,
  append: z.boolean().default(false),
});

const encoding = z.enum(['utf8', 'latin1', 'utf16le', 'ascii']).default('utf8');

export const MoveParameters = z.object({
  mode: z.enum(['binaryToJson', 'jsonToBinary']).default('binaryToJson'),
  /** File → JSON: the whole JSON becomes the parsed file; otherwise the content goes to `destinationKey`. */
  setAllData: z.boolean().default(true),
  /** JSON → file: the whole JSON becomes the file; otherwise the field `sourceKey`. */
  convertAllData: z.boolean().default(true),
  /** The binary property (file → JSON) or the field (JSON → file) to read. */
  sourceKey: z.string().min(1).default('data'),
  /** The field (file → JSON) or the binary property (JSON → file) to write. */
  destinationKey: z.string().min(1).default('data'),
  encoding,
  stripBOM: z.boolean().default(true),
  /** File → JSON, one field: parse the content as JSON. */
  jsonParse: z.boolean().default(false),
  /** File → JSON, one field: the content as base64, not text. */
  keepAsBase64: z.boolean().default(false),
  /** Keep the source (the file, or the JSON) on the item. */
  keepSource: z.boolean().default(false),
  /** JSON → file: write a string field as is, not JSON-encoded. */
  useRawData: z.boolean().default(false),
  /** JSON → file: the field holds base64 bytes. */
  dataIsBase64: z.boolean().default(false),
  addBOM: z.boolean().default(false),
  mimeType: z.string().default(''),
  fileName: z.string().default(''),
  /** JSON → file: name a file that has no name (file.json), as n8n's version 1.1 does. */
  nameFile: z.boolean().default(true),
});

export const CompressParameters = z.object({
  /** The item's files to compress: binary property names, comma-separated. */
  binaryPropertyName: z.string().min(1).default('data'),
  outputFormat: z.enum(['zip', 'gzip']).default('zip'),
  /** With zip: the archive's name and the binary property receiving it. */
  fileName: z.string().default('data.zip'),
  binaryPropertyOutput: z.string().min(1).default('data'),
  /** With gzip: each file goes to `<prefix><n>`. */
  outputPrefix: z.string().default('data'),
});

export const DecompressParameters = z.object({
  /** The item's .zip / .gz files: binary property names, comma-separated. */
  binaryPropertyName: z.string().min(1).default('data'),
  /** Each file found goes to `<prefix><n>`. */
  outputPrefix: z.string().default('file_'),
});

export default definePlugin({
  id: 'files',
  name: 'Files',
  version: '1.0.0',
  description: "Reads and writes items' files: extract CSV, JSON, text, PDF text or spreadsheet rows (XLSX, XLS, ODS, RTF, HTML tables) from a file, make a file or a spreadsheet from items, read and write files on disk (n8n Extract from File, Convert to File, Spreadsheet File, Read/Write Files).",
  category: 'Data',
  icon: 'file',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    { id: 'extract', name: 'Extract from file', description: "Reads an item's file as CSV or spreadsheet rows, JSON, text, a PDF's text and information, or base64.", parameters: ExtractParameters, sideEffects: false },
    { id: 'convert', name: 'Convert to file', description: 'Makes a file from items (JSON, CSV, XLSX, XLS, ODS, RTF, HTML) or from a field (text, base64).', parameters: ConvertParameters, sideEffects: false },
    { id: 'move', name: 'Move binary data', description: "Moves a file's content into the item's JSON, or the JSON into a file (n8n Move Binary Data).", parameters: MoveParameters, sideEffects: false },
    { id: 'compress', name: 'Compress files', description: "Zips an item's files into one archive, or gzips each (n8n Compression).", parameters: CompressParameters, sideEffects: false },
    { id: 'decompress', name: 'Decompress files', description: "Unzips or gunzips an item's .zip and .gz files into its binary properties.", parameters: DecompressParameters, sideEffects: false },
    { id: 'read', name: 'Read files from disk', description: 'One item per file matching the path, with the file attached (within ECHELON_FILE_ACCESS).', parameters: ReadParameters, sideEffects: false },
    { id: 'write', name: 'Write file to disk', description: "Writes each item's file to a path (within ECHELON_FILE_ACCESS).", parameters: WriteParameters },
  ],
  triggers: [],
});
