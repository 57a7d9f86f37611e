import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

const binaryPropertyName = z.string().min(1).default('data');

export const ExtractParameters = z.object({
  format: z.enum(['csv', 'json', 'text', 'base64']).default('csv'),
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
});

export const ConvertParameters = z.object({
  format: z.enum(['base64', 'text', 'json', 'csv']).default('json'),
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

export default definePlugin({
  id: 'files',
  name: 'Files',
  version: '1.0.0',
  description: "Reads and writes items' files: extract CSV, JSON or text from a file, make a file from items, read and write files on disk (n8n Extract from File, Convert to File, Read/Write Files).",
  category: 'Data',
  icon: 'file',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    { id: 'extract', name: 'Extract from file', description: "Reads an item's file as CSV rows, JSON, text or base64.", parameters: ExtractParameters, sideEffects: false },
    { id: 'convert', name: 'Convert to file', description: 'Makes a file from items (JSON, CSV) or from a field (text, base64).', parameters: ConvertParameters, sideEffects: false },
    { id: 'read', name: 'Read files from disk', description: 'One item per file matching the path, with the file attached (within ECHELON_FILE_ACCESS).', parameters: ReadParameters, sideEffects: false },
    { id: 'write', name: 'Write file to disk', description: "Writes each item's file to a path (within ECHELON_FILE_ACCESS).", parameters: WriteParameters },
  ],
  triggers: [],
});
