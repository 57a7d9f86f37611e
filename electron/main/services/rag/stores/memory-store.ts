import type { JsonObject } from '../../engine/node-api';
import type { RagDocument, ScoredDocument } from '../documents';
import type { VectorStore } from './store';

export function cosineSimilarity(a: number[], b: number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * (b[i] ?? 0);
    normA += a[i]! * a[i]!;
    normB += (b[i] ?? 0) * (b[i] ?? 0);
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

const matches = (metadata: JsonObject, filter: JsonObject | undefined) => !filter || Object.entries(filter).every(([key, value]) => JSON.stringify(metadata[key]) === JSON.stringify(value));

/** n8n's in-memory vector store: documents and vectors in this process, ranked by cosine similarity. */
export class MemoryVectorStore implements VectorStore {
  private entries: { document: RagDocument; vector: number[] }[] = [];

  get size(): number {
    return this.entries.length;
  }

  async add(documents: RagDocument[], vectors: number[][]): Promise<void> {
    documents.forEach((document, index) => this.entries.push({ document, vector: vectors[index]! }));
  }

  async search(vector: number[], topK: number, filter?: JsonObject): Promise<ScoredDocument[]> {
    return this.entries
      .filter((entry) => matches(entry.document.metadata, filter))
      .map((entry) => ({ document: entry.document, score: cosineSimilarity(vector, entry.vector) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, topK);
  }

  async clear(): Promise<void> {
    this.entries = [];
  }
}

/**
 * The in-memory stores of this process, by workflow and memory key: what one execution inserts,
 * the next one (of the same workflow) finds, until the process ends, as in n8n.
 */
const stores = new Map<string, MemoryVectorStore>();

export function memoryStore(workflowId: string, key: string): MemoryVectorStore {
  const id = `${workflowId}__${key}`;
  let store = stores.get(id);
  if (!store) {
    store = new MemoryVectorStore();
    stores.set(id, store);
  }
  return store;
}
