import { describe, expect, it } from 'vitest';
import type { BinaryRef, Item } from '../../electron/main/services/engine/node-api';
import { loadDocuments } from '../../electron/main/services/rag/document-loaders';
import { MemoryVectorStore } from '../../electron/main/services/rag/stores/memory-store';
import { flattenMetadata } from '../../electron/main/services/rag/stores/pinecone-store';
import { splitDocuments, type SplitterOptions } from '../../electron/main/services/rag/text-splitters';
import { makePdf } from '../helpers/pdf';

const TEXT =
  '# Echelon\n\nEchelon runs workflows on your desktop. It keeps secrets in a vault.\nIt supervises MCP servers.\n\nAgents call tools through the gateway, and every call is journalled with its latency and result. Workflows import from n8n.';

const chunks = async (text: string, options: SplitterOptions) =>
  (await splitDocuments([{ pageContent: text, metadata: { source: 'blob' } }], options)).map((document) => {
    const lines = (document.metadata.loc as { lines: { from: number; to: number } }).lines;
    return [document.pageContent, lines.from, lines.to];
  });

// Expected chunks and line ranges were produced by LangChain's own splitters (@langchain/textsplitters 1.0.2, which n8n uses) on the same texts.
describe('text splitters', () => {
  it('split recursively by paragraphs, lines and words with overlap, as LangChain does', async () => {
    expect(await chunks(TEXT, { kind: 'recursive', chunkSize: 30, chunkOverlap: 5 })).toEqual([
      ['# Echelon', 1, 1],
      ['Echelon runs workflows on', 3, 3],
      ['on your desktop. It keeps', 3, 3],
      ['secrets in a vault.', 3, 3],
      ['It supervises MCP servers.', 4, 4],
      ['Agents call tools through the', 6, 6],
      ['the gateway, and every call', 6, 6],
      ['call is journalled with its', 6, 6],
      ['its latency and result.', 6, 6],
      ['Workflows import from n8n.', 6, 6],
    ]);
    // n8n's default chunking (1,000 characters, 200 overlapping) keeps a short text whole.
    expect(await chunks(TEXT, { kind: 'recursive', chunkSize: 1000, chunkOverlap: 200 })).toEqual([[TEXT, 1, 6]]);
  });

  it('split on a character separator and by tokens (cl100k_base, shipped with the package)', async () => {
    const text = 'Line one\nLine two is a little longer than the first\n\n\nParagraph after blank lines with enough words to split across chunks of small size.';
    expect(await chunks(text, { kind: 'character', separator: ' ', chunkSize: 20, chunkOverlap: 4 })).toEqual([
      ['Line one\nLine two is', 1, 2],
      ['is a little longer', 2, 2],
      ['than the', 2, 2],
      ['first\n\n\nParagraph', 2, 5],
      ['after blank lines', 5, 5],
      ['with enough words to', 5, 5],
      ['to split across', 5, 5],
      ['chunks of small', 5, 5],
      ['size.', 5, 5],
    ]);
    expect(await chunks(TEXT, { kind: 'token', chunkSize: 12, chunkOverlap: 3 })).toEqual([
      ['# Echelon\n\nEchelon runs workflows on your', 1, 3],
      [' workflows on your desktop. It keeps secrets in a vault.\n', 3, 4],
      [' a vault.\nIt supervises MCP servers.\n\nAgents call tools', 3, 6],
      ['Agents call tools through the gateway, and every call is j', 6, 6],
      [' call is journalled with its latency and result. Work', 6, 6],
      [' result. Workflows import from n8n.', 6, 6],
    ]);
  });

  it('refuse an overlap as large as the chunk', async () => {
    await expect(chunks(TEXT, { kind: 'recursive', chunkSize: 100, chunkOverlap: 100 })).rejects.toThrow('The chunk overlap (100) must be at least 0 and smaller than the chunk size (100).');
  });
});

describe('document loaders', () => {
  const files = new Map<string, Buffer>();
  const file = (name: string, mimeType: string, data: Buffer | string): BinaryRef => {
    const bytes = Buffer.from(data);
    files.set(name, bytes);
    return { file: name, mimeType, fileName: name, fileSize: bytes.length };
  };
  const load = (item: Item, options: Parameters<typeof loadDocuments>[0]['options'], extra: Partial<Parameters<typeof loadDocuments>[0]> = {}) =>
    loadDocuments({ item, options, readBinary: (ref) => files.get(ref.file)!, ...extra });

  it('read an item\'s JSON as its string values, numbered by line, with the user\'s metadata on each', async () => {
    const documents = await load({ json: { title: 'Refunds', body: 'Within 30 days.', pages: 2, tags: ['billing'] } }, { source: 'json', mode: 'allInputData' }, { metadata: { team: 'support' } });
    expect(documents).toEqual([
      { pageContent: 'Refunds', metadata: { source: 'blob', blobType: 'application/json', line: 1, team: 'support' } },
      { pageContent: 'Within 30 days.', metadata: { source: 'blob', blobType: 'application/json', line: 2, team: 'support' } },
      { pageContent: 'billing', metadata: { source: 'blob', blobType: 'application/json', line: 3, team: 'support' } },
    ]);
    const text = await load({ json: {} }, { source: 'json', mode: 'expressionData', text: 'One text.' });
    expect(text).toEqual([{ pageContent: 'One text.', metadata: { source: 'blob', blobType: 'text/plain' } }]);
  });

  it('read files: CSV rows, PDF pages with the PDF\'s info, text split into chunks; a wrong loader says which to choose', async () => {
    const csv = await load({ json: {}, binary: { data: file('people.csv', 'text/csv', 'name,city\nAda, London\nGrace,Arlington\n') } }, { source: 'binary', mode: 'binaryAll', loader: 'auto' });
    expect(csv).toEqual([
      { pageContent: 'name: Ada\ncity: London', metadata: { source: 'blob', blobType: 'text/csv', line: 1 } },
      { pageContent: 'name: Grace\ncity: Arlington', metadata: { source: 'blob', blobType: 'text/csv', line: 2 } },
    ]);
    const pdf = await load({ json: {}, binary: { data: file('guide.pdf', 'application/pdf', makePdf([['Page one text'], ['Page two text']], { Title: 'Guide' })) } }, { source: 'binary', mode: 'binaryField', field: 'data', loader: 'pdfLoader' });
    expect(pdf.map((document) => [document.pageContent, (document.metadata.loc as { pageNumber: number }).pageNumber])).toEqual([
      ['Page one text', 1],
      ['Page two text', 2],
    ]);
    expect(pdf[0]!.metadata.pdf).toMatchObject({ totalPages: 2, info: { Title: 'Guide' } });
    const text = await load(
      { json: {}, binary: { notes: file('notes.txt', 'text/plain', 'first paragraph here\n\nsecond paragraph here') } },
      { source: 'binary', mode: 'binaryField', field: 'notes', loader: 'textLoader' },
      { splitter: { kind: 'recursive', chunkSize: 25, chunkOverlap: 0 } },
    );
    expect(text.map((document) => document.pageContent)).toEqual(['first paragraph here', 'second paragraph here']);
    expect(text[1]!.metadata).toEqual({ source: 'blob', blobType: 'text/plain', loc: { lines: { from: 3, to: 3 } } });
    await expect(load({ json: {}, binary: { data: file('a.csv', 'text/csv', 'a\n1') } }, { source: 'binary', mode: 'binaryAll', loader: 'pdfLoader' })).rejects.toThrow('The file is text/csv, which the pdfLoader does not read: choose the csvLoader.');
    await expect(load({ json: {} }, { source: 'binary', mode: 'binaryField', field: 'missing', loader: 'auto' })).rejects.toThrow('The item has no file in "missing"');
  });
});

describe('vector stores', () => {
  it('find the nearest documents first by cosine similarity, within a metadata filter', async () => {
    const store = new MemoryVectorStore();
    await store.add(
      [
        { pageContent: 'east', metadata: { side: 'a' } },
        { pageContent: 'north-east', metadata: { side: 'b' } },
        { pageContent: 'north', metadata: { side: 'a' } },
      ],
      [
        [1, 0],
        [1, 1],
        [0, 1],
      ],
    );
    const found = await store.search([1, 0.1], 3);
    expect(found.map((entry) => entry.document.pageContent)).toEqual(['east', 'north-east', 'north']);
    expect(found[0]!.score).toBeCloseTo(1 / Math.hypot(1, 0.1), 6);
    expect((await store.search([1, 0.1], 3, { side: 'a' })).map((entry) => entry.document.pageContent)).toEqual(['east', 'north']);
  });

  it('flatten metadata for Pinecone as LangChain does', () => {
    expect(flattenMetadata({ source: 'blob', loc: { lines: { from: 1, to: 3 } }, tags: ['a', 'b'], mixed: [1, 'x'], empty: null })).toEqual({
      source: 'blob',
      'loc.lines.from': 1,
      'loc.lines.to': 3,
      tags: ['a', 'b'],
      mixed: '[1,"x"]',
    });
  });
});
