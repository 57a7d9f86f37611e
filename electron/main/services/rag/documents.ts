import type { JsonObject } from '../engine/node-api';

/** A piece of text and what is known about it (LangChain's Document, as n8n passes it around). */
export interface RagDocument {
  pageContent: string;
  metadata: JsonObject;
}

/** A document found by a search, with its similarity to the query (higher is nearer). */
export interface ScoredDocument {
  document: RagDocument;
  score: number;
}
