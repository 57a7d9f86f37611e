import type { JsonObject } from '../../engine/node-api';
import type { RagDocument, ScoredDocument } from '../documents';

/** What every vector store does: keep documents with their vectors, and find the nearest to a vector. */
export interface VectorStore {
  add(documents: RagDocument[], vectors: number[][]): Promise<void>;
  /** The `topK` nearest documents, nearest first; `filter` matches metadata (in the store's own filter language). */
  search(vector: number[], topK: number, filter?: JsonObject): Promise<ScoredDocument[]>;
  /** Empties the store (n8n's "clear store" / "clear namespace" options). */
  clear(): Promise<void>;
}

/** A JSON request to a vendor's REST API, through the engine's HTTP client (CA, redaction, limits). */
export type JsonSend = (request: { method: string; url: string; headers?: Record<string, string>; body?: unknown }) => Promise<unknown>;

/** What a store's error answer says, with what to check: Qdrant puts it in `status.error`, the others where `errorDetail` looks. */
export function storeErrorMessage(label: string, status: number, method: string, url: string, body: unknown, detailOf: (body: unknown) => string | undefined): string {
  const qdrantError = (body as { status?: { error?: unknown } } | null)?.status?.error;
  const detail = detailOf(body) ?? (typeof qdrantError === 'string' ? qdrantError : typeof body === 'string' ? body.slice(0, 300) : '');
  const hint = status === 401 || status === 403 ? ' Check the API key in the node\'s "store" credential.' : status === 404 ? ' Check the collection, index or table name.' : '';
  return `${label} answered HTTP ${status} to ${method} ${new URL(url).pathname}${detail ? `: ${detail}` : ''}.${hint}`;
}
