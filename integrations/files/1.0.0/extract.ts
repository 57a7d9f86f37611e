import type { z } from 'zod';
import { PdfError, extractPdfText } from '../../../electron/main/services/engine/files/pdf-text';
import { NodeError, type Item, type JsonObject, type NodeContext } from '../../../electron/main/services/engine/node-api';
import { itemBinary } from '../../../electron/main/services/engine/nodes/item-fields';
import type { JsonValue } from '../../../shared/workflow/document';
import { parseCsv } from './csv';
import type { ExtractParameters } from './manifest';
import { readSheet } from './spreadsheet';

/** What Extract from file makes of one item's file, by format (n8n's Extract from File operations). */

type Extract = z.infer<typeof ExtractParameters>;

function csvItems(content: string, params: Extract): JsonObject[] {
  const rows = parseCsv(content.replace(/^\uFEFF/, ''), params.delimiter);
  const header = params.headerRow ? (rows.shift() ?? []) : undefined;
  let body = rows.slice(params.fromLine);
  if (params.maxRowCount >= 0) body = body.slice(0, params.maxRowCount);
  return body.map((row) => (header ? Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])) : Object.fromEntries(row.map((value, i) => [`field${i + 1}`, value]))));
}

/** A PDF's text and information; the input's JSON and file kept as the node's Keep Source option says. */
async function pdfItem(item: Item, content: Buffer, params: Extract): Promise<Item> {
  let pdf: JsonObject;
  try {
    pdf = (await extractPdfText(content, { password: params.password, maxPages: params.maxPages, joinPages: params.joinPages })) as unknown as JsonObject;
  } catch (error) {
    if (error instanceof PdfError) throw new NodeError(error.message, error.code, true);
    throw error;
  }
  const json = params.keepSource === 'json' || params.keepSource === 'both' ? { ...structuredClone(item.json), ...JSON.parse(JSON.stringify(pdf)) } : JSON.parse(JSON.stringify(pdf));
  const binary = { ...item.binary };
  if (params.keepSource !== 'binary' && params.keepSource !== 'both') delete binary[params.binaryPropertyName];
  return Object.keys(binary).length > 0 ? { json, binary } : { json };
}

const isCsvFile = (item: Item, property: string) => {
  const ref = item.binary?.[property];
  return ref?.mimeType === 'text/csv' || (ref?.mimeType === 'text/plain' && /\.csv$/i.test(ref.fileName ?? ''));
};

export async function extractItems(ctx: NodeContext, item: Item, index: number): Promise<Item[] | Item> {
  const params = ctx.params<Extract>(index);
  const content = itemBinary(ctx, item, params.binaryPropertyName);
  const format = params.format === 'spreadsheet' ? (isCsvFile(item, params.binaryPropertyName) ? 'csv' : 'xlsx') : params.format;
  switch (format) {
    case 'csv':
      return csvItems(content.toString(params.encoding), params).map((json) => ({ json }));
    case 'pdf':
      return pdfItem(item, content, params);
    case 'xlsx':
    case 'xls':
    case 'ods':
    case 'rtf':
    case 'html':
      return readSheet(content, params).map((json) => ({ json }));
    case 'json': {
      let parsed: JsonValue;
      try {
        parsed = JSON.parse(content.toString(params.encoding)) as JsonValue;
      } catch (error) {
        throw new NodeError(`The file is not valid JSON: ${(error as Error).message}`, 'invalid_file', true);
      }
      return { json: { [params.destinationKey]: parsed } };
    }
    case 'text':
      return { json: { [params.destinationKey]: content.toString(params.encoding) } };
    default:
      return { json: { [params.destinationKey]: content.toString('base64') } };
  }
}
