import { randomUUID } from 'node:crypto';
import type { JsonValue } from '../../../../../shared/workflow/document';
import type { JsonObject } from '../../engine/node-api';
import type { RagDocument, ScoredDocument } from '../documents';
import type { JsonSend, VectorStore } from './store';

const API_VERSION = '2025-01';
/** LangChain's PineconeStore keeps the text in this metadata field. */
const TEXT_KEY = 'text';

/** Pinecone metadata is flat: nested objects become dotted keys, nulls go, lists other than strings become JSON text (as LangChain stores them). */
export function flattenMetadata(metadata: JsonObject, prefix = ''): Record<string, string | number | boolean | string[]> {
  const flat: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(metadata)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) flat[name] = value.every((entry) => typeof entry === 'string') ? (value as string[]) : JSON.stringify(value);
    else if (typeof value === 'object') Object.assign(flat, flattenMetadata(value, name));
    else flat[name] = value;
  }
  return flat;
}

/**
 * A Pinecone index over its REST API: the control plane gives the index's host, the data plane
 * upserts and queries; records are laid out as LangChain's PineconeStore (which n8n uses) does.
 */
export class PineconeStore implements VectorStore {
  private host: string | undefined;

  constructor(
    private readonly send: JsonSend,
    /** The control plane, https://api.pinecone.io (a stand-in's in tests). */
    private readonly apiUrl: string,
    private readonly index: string,
    private readonly namespace: string | undefined,
    private readonly apiKey: string,
  ) {}

  private headers(): Record<string, string> {
    return { 'Api-Key': this.apiKey, 'X-Pinecone-API-Version': API_VERSION };
  }

  private async dataPlane(path: string, body: unknown): Promise<unknown> {
    if (!this.host) {
      const described = (await this.send({ method: 'GET', url: `${this.apiUrl.replace(/\/+$/, '')}/indexes/${encodeURIComponent(this.index)}`, headers: this.headers() })) as { host?: string };
      if (!described.host) throw new Error(`Pinecone did not say where the index "${this.index}" is served: check the index name.`);
      const scheme = new URL(this.apiUrl).protocol;
      this.host = /^https?:\/\//.test(described.host) ? described.host : `${scheme}//${described.host}`;
    }
    return this.send({ method: 'POST', url: `${this.host.replace(/\/+$/, '')}${path}`, headers: this.headers(), body });
  }

  private withNamespace(body: Record<string, JsonValue>): Record<string, JsonValue> {
    return this.namespace ? { ...body, namespace: this.namespace } : body;
  }

  async add(documents: RagDocument[], vectors: number[][]): Promise<void> {
    // Pinecone takes at most 1,000 records (and 2 MB) per upsert.
    for (let start = 0; start < documents.length; start += 100) {
      const records = documents.slice(start, start + 100).map((document, offset) => ({
        id: randomUUID(),
        values: vectors[start + offset]!,
        metadata: { ...flattenMetadata(document.metadata), [TEXT_KEY]: document.pageContent },
      }));
      await this.dataPlane('/vectors/upsert', this.withNamespace({ vectors: records }));
    }
  }

  async search(vector: number[], topK: number, filter?: JsonObject): Promise<ScoredDocument[]> {
    const body: Record<string, JsonValue> = { vector, topK, includeMetadata: true, includeValues: false };
    if (filter && Object.keys(filter).length > 0) body.filter = filter;
    const answer = (await this.dataPlane('/query', this.withNamespace(body))) as { matches?: { score?: number; metadata?: JsonObject }[] };
    return (answer.matches ?? []).map((match) => {
      const { [TEXT_KEY]: text, ...metadata } = match.metadata ?? {};
      return { document: { pageContent: typeof text === 'string' ? text : '', metadata }, score: match.score ?? 0 };
    });
  }

  async clear(): Promise<void> {
    await this.dataPlane('/vectors/delete', this.withNamespace({ deleteAll: true }));
  }
}
