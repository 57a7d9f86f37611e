import { randomUUID } from 'node:crypto';
import type { JsonValue } from '../../../../../shared/workflow/document';
import type { JsonObject } from '../../engine/node-api';
import type { RagDocument, ScoredDocument } from '../documents';
import type { JsonSend, VectorStore } from './store';

interface QdrantPoint {
  id: string | number;
  score: number;
  payload?: { content?: string; metadata?: JsonObject } | null;
}

/**
 * A Qdrant collection over its REST API, laid out as LangChain's QdrantVectorStore (which n8n
 * uses) lays it out: each point's payload is `{ content, metadata }`, the collection is created
 * with cosine distance on the first insert, searches ask for the payload only.
 */
export class QdrantStore implements VectorStore {
  constructor(
    private readonly send: JsonSend,
    private readonly url: string,
    private readonly collection: string,
    private readonly apiKey: string | undefined,
  ) {}

  private request(method: string, path: string, body?: unknown): Promise<unknown> {
    return this.send({ method, url: `${this.url.replace(/\/+$/, '')}${path}`, headers: this.apiKey ? { 'api-key': this.apiKey } : {}, body });
  }

  private get path(): string {
    return `/collections/${encodeURIComponent(this.collection)}`;
  }

  private async ensureCollection(size: number): Promise<void> {
    const listed = (await this.request('GET', '/collections')) as { result?: { collections?: { name: string }[] } };
    if (listed.result?.collections?.some((collection) => collection.name === this.collection)) return;
    await this.request('PUT', this.path, { vectors: { size, distance: 'Cosine' } });
  }

  async add(documents: RagDocument[], vectors: number[][]): Promise<void> {
    if (documents.length === 0) return;
    await this.ensureCollection(vectors[0]!.length);
    const points = documents.map((document, index) => ({ id: randomUUID(), vector: vectors[index]!, payload: { content: document.pageContent, metadata: document.metadata } }));
    await this.request('PUT', `${this.path}/points?wait=true`, { points });
  }

  async search(vector: number[], topK: number, filter?: JsonObject): Promise<ScoredDocument[]> {
    const body: Record<string, JsonValue> = { vector, limit: topK, with_payload: ['metadata', 'content'], with_vector: false };
    if (filter && Object.keys(filter).length > 0) body.filter = filter;
    const answer = (await this.request('POST', `${this.path}/points/search`, body)) as { result?: QdrantPoint[] };
    return (answer.result ?? []).map((point) => ({ document: { pageContent: point.payload?.content ?? '', metadata: point.payload?.metadata ?? {} }, score: point.score }));
  }

  async clear(): Promise<void> {
    await this.request('POST', `${this.path}/points/delete?wait=true`, { filter: {} });
  }
}
