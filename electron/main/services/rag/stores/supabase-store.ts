import type { JsonObject } from '../../engine/node-api';
import type { RagDocument, ScoredDocument } from '../documents';
import type { JsonSend, VectorStore } from './store';

/**
 * A Supabase table through PostgREST, as LangChain's SupabaseVectorStore (which n8n uses) reads
 * and writes it: rows `{ content, embedding, metadata }` in the table (`documents` by default),
 * searches through the `match_documents(query_embedding, match_count, filter)` function that
 * Supabase's guide creates, answering `{ content, metadata, similarity }` rows.
 */
export class SupabaseStore implements VectorStore {
  constructor(
    private readonly send: JsonSend,
    private readonly url: string,
    private readonly key: string,
    private readonly table: string,
    private readonly queryName: string,
  ) {}

  private request(method: string, path: string, body: unknown, prefer?: string): Promise<unknown> {
    const headers: Record<string, string> = { apikey: this.key, authorization: `Bearer ${this.key}` };
    if (prefer) headers.prefer = prefer;
    return this.send({ method, url: `${this.url.replace(/\/+$/, '')}/rest/v1${path}`, headers, body });
  }

  async add(documents: RagDocument[], vectors: number[][]): Promise<void> {
    for (let start = 0; start < documents.length; start += 500) {
      const rows = documents.slice(start, start + 500).map((document, offset) => ({ content: document.pageContent, embedding: vectors[start + offset]!, metadata: document.metadata }));
      await this.request('POST', `/${encodeURIComponent(this.table)}?select=id`, rows, 'return=representation');
    }
  }

  async search(vector: number[], topK: number, filter?: JsonObject): Promise<ScoredDocument[]> {
    const body: Record<string, unknown> = { query_embedding: vector, match_count: topK };
    if (filter && Object.keys(filter).length > 0) body.filter = filter;
    const rows = (await this.request('POST', `/rpc/${encodeURIComponent(this.queryName)}`, body)) as { content?: string; metadata?: JsonObject; similarity?: number }[];
    if (!Array.isArray(rows)) throw new Error(`Supabase's ${this.queryName} did not answer with rows: is it the match function from Supabase's vector guide?`);
    return rows.map((row) => ({ document: { pageContent: row.content ?? '', metadata: row.metadata ?? {} }, score: row.similarity ?? 0 }));
  }

  async clear(): Promise<void> {
    await this.request('DELETE', `/${encodeURIComponent(this.table)}?id=not.is.null`, undefined);
  }
}
