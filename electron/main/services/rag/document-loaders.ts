import { parseCsv } from '../../../../integrations/files/1.0.0/csv';
import { extractPdfText } from '../engine/files/pdf-text';
import type { BinaryRef, Item, JsonObject } from '../engine/node-api';
import type { JsonValue } from '../../../../shared/workflow/document';
import type { RagDocument } from './documents';
import { splitDocuments, type SplitterOptions } from './text-splitters';

/**
 * n8n's document loaders (the Default Data Loader, and the older JSON and binary input loaders):
 * an item's JSON, a text from an expression, or an item's file becomes documents, with
 * LangChain's loader metadata (`source`, `blobType`, `line`, `pdf`, `loc`), then the splitter's
 * chunks, then the user's metadata on each.
 */

export type BinaryLoader = 'auto' | 'textLoader' | 'csvLoader' | 'jsonLoader' | 'pdfLoader' | 'docxLoader' | 'epubLoader';

export type LoaderOptions =
  | { source: 'json'; mode: 'allInputData'; pointers?: string }
  | { source: 'json'; mode: 'expressionData'; text: string }
  | { source: 'binary'; mode: 'binaryAll' | 'binaryField'; field?: string; loader: BinaryLoader; pointers?: string; csvColumn?: string; csvSeparator?: string; splitPages?: boolean };

const LOADER_TYPES: Record<Exclude<BinaryLoader, 'auto'>, string> = {
  pdfLoader: 'application/pdf',
  csvLoader: 'text/csv',
  epubLoader: 'application/epub+zip',
  docxLoader: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  textLoader: 'text/plain',
  jsonLoader: 'application/json',
};

/** LangChain's loaders give each of several documents its 1-based `line`; a lone document gets none. */
function numbered(texts: string[], metadata: JsonObject): RagDocument[] {
  return texts.map((pageContent, index) => ({ pageContent, metadata: texts.length === 1 ? { ...metadata } : { ...metadata, line: index + 1 } }));
}

/** A JSON Pointer (RFC 6901) read; undefined when it does not resolve. */
function pointerGet(value: JsonValue, pointer: string): JsonValue | undefined {
  if (pointer === '') return value;
  let current: JsonValue | undefined = value;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}

/** Every string in the value, depth first (LangChain's JSONLoader: numbers and booleans are not text). */
function strings(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function jsonTexts(value: JsonValue, pointers: string | undefined): string[] {
  const list = (pointers ?? '').split(',').map((pointer) => pointer.trim());
  return list.flatMap((pointer) => strings(pointerGet(value, pointer)));
}

function csvTexts(text: string, separator: string, column: string | undefined): string[] {
  const [header = [], ...rows] = parseCsv(text, separator || ',').filter((row) => row.some((cell) => cell !== ''));
  if (column && !header.includes(column)) throw new Error(`The CSV has no column "${column}" (its columns: ${header.join(', ')}).`);
  return rows.map((row) =>
    column ? (row[header.indexOf(column)] ?? '') : header.map((name, index) => `${name.trim()}: ${(row[index] ?? '').trim()}`).join('\n'),
  );
}

async function pdfDocuments(bytes: Uint8Array, metadata: JsonObject, splitPages: boolean): Promise<RagDocument[]> {
  const pdf = await extractPdfText(bytes, { joinPages: false });
  const pages = Array.isArray(pdf.text) ? pdf.text : [pdf.text];
  const info = { version: pdf.version, info: (pdf.info ?? {}) as JsonObject, metadata: (pdf.metadata ?? null) as JsonValue, totalPages: pdf.numpages };
  if (!splitPages) return [{ pageContent: pages.join('\n\n'), metadata: { ...metadata, pdf: info } }];
  return pages.map((pageContent, index) => ({ pageContent, metadata: { ...metadata, pdf: info, loc: { pageNumber: index + 1 } } }));
}

async function binaryDocuments(ref: BinaryRef, bytes: Buffer, options: Extract<LoaderOptions, { source: 'binary' }>): Promise<RagDocument[]> {
  const mimeType = ref.mimeType.split(';')[0]!.trim();
  if (options.loader !== 'auto' && options.loader !== 'textLoader' && LOADER_TYPES[options.loader] !== mimeType) {
    const needed = Object.entries(LOADER_TYPES).find(([, type]) => type === mimeType)?.[0];
    throw new Error(`The file is ${mimeType}, which the ${options.loader} does not read${needed ? `: choose the ${needed}` : ''}.`);
  }
  const metadata: JsonObject = { source: 'blob', blobType: mimeType };
  const text = () => bytes.toString('utf8');
  switch (options.loader === 'textLoader' ? 'text/plain' : mimeType) {
    case 'application/pdf':
      return pdfDocuments(bytes, metadata, options.splitPages ?? true);
    case 'text/csv':
      return numbered(csvTexts(text(), options.csvSeparator ?? ',', options.csvColumn || undefined), metadata);
    case 'application/json':
      return numbered(jsonTexts(JSON.parse(text().trim()) as JsonValue, options.pointers), metadata);
    case LOADER_TYPES.docxLoader:
    case LOADER_TYPES.epubLoader:
      throw new Error(`Reading ${mimeType} files into documents is not supported yet: convert the file to text or PDF first (for example with Extract from File).`);
    default:
      return numbered([text()], metadata);
  }
}

export interface LoadRequest {
  item: Item;
  options: LoaderOptions;
  /** The text splitter, when the loader splits (n8n's Default Data Loader splits by default). */
  splitter?: SplitterOptions;
  /** The user's metadata, added to every chunk. */
  metadata?: JsonObject;
  readBinary(ref: BinaryRef): Buffer;
}

/** One item's documents, split and with the user's metadata, as n8n's loaders make them. */
export async function loadDocuments(request: LoadRequest): Promise<RagDocument[]> {
  const { item, options } = request;
  let documents: RagDocument[];
  if (options.source === 'json') {
    documents =
      options.mode === 'expressionData'
        ? numbered([options.text], { source: 'blob', blobType: 'text/plain' })
        : numbered(jsonTexts(JSON.parse(JSON.stringify(item.json)) as JsonValue, options.pointers), { source: 'blob', blobType: 'application/json' });
  } else {
    const fields = options.mode === 'binaryField' ? [options.field || 'data'] : Object.keys(item.binary ?? {});
    documents = [];
    for (const field of fields) {
      const ref = item.binary?.[field];
      if (!ref) throw new Error(options.mode === 'binaryField' ? `The item has no file in "${field}": name the field that holds it.` : 'The item has no file to load.');
      documents.push(...(await binaryDocuments(ref, request.readBinary(ref), options)));
    }
  }
  if (request.splitter) documents = await splitDocuments(documents, request.splitter);
  if (request.metadata && Object.keys(request.metadata).length > 0) documents = documents.map((document) => ({ ...document, metadata: { ...document.metadata, ...request.metadata } }));
  return documents;
}
