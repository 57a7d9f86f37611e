import type { JsonObject } from '../engine/node-api';
import type { RagDocument } from './documents';

/**
 * n8n's text splitters (LangChain's, which n8n uses unchanged): recursive character, character
 * and token. Chunks are merged the way LangChain merges them, so a document splits into the
 * same chunks, with the same `loc.lines` metadata, as in n8n.
 */

export type SplitterOptions =
  | { kind: 'recursive'; chunkSize: number; chunkOverlap: number; separators?: string[] }
  | { kind: 'character'; chunkSize: number; chunkOverlap: number; separator: string }
  | { kind: 'token'; chunkSize: number; chunkOverlap: number; encoding?: 'cl100k_base' | 'o200k_base' };

/** LangChain's default separators for the recursive splitter: paragraphs, lines, words, characters. */
export const RECURSIVE_SEPARATORS = ['\n\n', '\n', ' ', ''];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function splitOnSeparator(text: string, separator: string, keepSeparator: boolean): string[] {
  let splits: string[];
  if (separator) splits = keepSeparator ? text.split(new RegExp(`(?=${escapeRegExp(separator)})`)) : text.split(separator);
  else splits = text.split('');
  return splits.filter((split) => split !== '');
}

function joinChunk(parts: string[], separator: string): string | null {
  const text = parts.join(separator).trim();
  return text === '' ? null : text;
}

/** Greedy merge of small splits into chunks of at most `chunkSize`, carrying `chunkOverlap` over. */
function mergeSplits(splits: string[], separator: string, chunkSize: number, chunkOverlap: number): string[] {
  const chunks: string[] = [];
  const current: string[] = [];
  let total = 0;
  for (const split of splits) {
    const length = split.length;
    if (total + length + current.length * separator.length > chunkSize) {
      if (current.length > 0) {
        const chunk = joinChunk(current, separator);
        if (chunk !== null) chunks.push(chunk);
        while (total > chunkOverlap || (total + length + current.length * separator.length > chunkSize && total > 0)) {
          total -= current[0]!.length;
          current.shift();
        }
      }
    }
    current.push(split);
    total += length;
  }
  const chunk = joinChunk(current, separator);
  if (chunk !== null) chunks.push(chunk);
  return chunks;
}

function splitRecursive(text: string, separators: string[], chunkSize: number, chunkOverlap: number): string[] {
  const chunks: string[] = [];
  let separator = separators.at(-1) ?? '';
  let rest: string[] | undefined;
  for (let i = 0; i < separators.length; i++) {
    const candidate = separators[i]!;
    if (candidate === '') {
      separator = candidate;
      break;
    }
    if (text.includes(candidate)) {
      separator = candidate;
      rest = separators.slice(i + 1);
      break;
    }
  }
  let good: string[] = [];
  for (const split of splitOnSeparator(text, separator, true)) {
    if (split.length < chunkSize) {
      good.push(split);
      continue;
    }
    if (good.length > 0) {
      chunks.push(...mergeSplits(good, '', chunkSize, chunkOverlap));
      good = [];
    }
    if (!rest) chunks.push(split);
    else chunks.push(...splitRecursive(split, rest, chunkSize, chunkOverlap));
  }
  if (good.length > 0) chunks.push(...mergeSplits(good, '', chunkSize, chunkOverlap));
  return chunks;
}

type Encoder = { encode(text: string, allowedSpecial?: 'all' | string[], disallowedSpecial?: 'all' | string[]): number[]; decode(tokens: number[]): string };
const encoders = new Map<string, Promise<Encoder>>();

/** The tokenizer's ranks ship in the package (no download); loaded once, on first use. */
function encoder(encoding: 'cl100k_base' | 'o200k_base'): Promise<Encoder> {
  let loading = encoders.get(encoding);
  if (!loading) {
    loading = (async () => {
      const { Tiktoken } = await import('js-tiktoken/lite');
      const ranks = encoding === 'o200k_base' ? (await import('js-tiktoken/ranks/o200k_base')).default : (await import('js-tiktoken/ranks/cl100k_base')).default;
      return new Tiktoken(ranks) as Encoder;
    })();
    encoders.set(encoding, loading);
  }
  return loading;
}

async function splitTokens(text: string, chunkSize: number, chunkOverlap: number, encoding: 'cl100k_base' | 'o200k_base'): Promise<string[]> {
  const tokenizer = await encoder(encoding);
  const ids = tokenizer.encode(text, [], 'all');
  const chunks: string[] = [];
  let start = 0;
  while (start < ids.length) {
    if (start > 0) start -= chunkOverlap;
    const end = Math.min(start + chunkSize, ids.length);
    chunks.push(tokenizer.decode(ids.slice(start, end)));
    start = end;
  }
  return chunks;
}

function checkSizes(options: SplitterOptions): void {
  if (!(options.chunkSize > 0)) throw new Error(`The chunk size must be above 0 (it is ${options.chunkSize}).`);
  if (options.chunkOverlap < 0 || options.chunkOverlap >= options.chunkSize) {
    throw new Error(`The chunk overlap (${options.chunkOverlap}) must be at least 0 and smaller than the chunk size (${options.chunkSize}).`);
  }
}

export async function splitText(text: string, options: SplitterOptions): Promise<string[]> {
  checkSizes(options);
  if (options.kind === 'recursive') return splitRecursive(text, options.separators ?? RECURSIVE_SEPARATORS, options.chunkSize, options.chunkOverlap);
  if (options.kind === 'character') return mergeSplits(splitOnSeparator(text, options.separator, false), options.separator, options.chunkSize, options.chunkOverlap);
  return splitTokens(text, options.chunkSize, options.chunkOverlap, options.encoding ?? 'cl100k_base');
}

const newLines = (text: string, start = 0, end = text.length) => (text.slice(start, end).match(/\n/g) ?? []).length;

/** Splits each document into chunks, each keeping its metadata plus the lines it spans (`loc.lines`). */
export async function splitDocuments(documents: RagDocument[], options: SplitterOptions): Promise<RagDocument[]> {
  const out: RagDocument[] = [];
  for (const document of documents) {
    const text = document.pageContent;
    let line = 1;
    let previous: string | null = null;
    let previousIndex = -1;
    for (const chunk of await splitText(text, options)) {
      const index = text.indexOf(chunk, previousIndex + 1);
      if (previous === null) line += newLines(text, 0, index);
      else {
        const previousEnd = previousIndex + previous.length;
        if (previousEnd < index) line += newLines(text, previousEnd, index);
        else if (previousEnd > index) line -= newLines(text, index, previousEnd);
      }
      const count = newLines(chunk);
      const loc = document.metadata.loc !== null && typeof document.metadata.loc === 'object' && !Array.isArray(document.metadata.loc) ? { ...(document.metadata.loc as JsonObject) } : {};
      out.push({ pageContent: chunk, metadata: { ...document.metadata, loc: { ...loc, lines: { from: line, to: line + count } } } });
      line += count;
      previous = chunk;
      previousIndex = index;
    }
  }
  return out;
}
