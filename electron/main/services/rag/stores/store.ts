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
