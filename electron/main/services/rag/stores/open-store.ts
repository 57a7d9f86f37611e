import type { JsonObject } from '../../engine/node-api';
import { memoryStore } from './memory-store';
import { PineconeStore } from './pinecone-store';
import { QdrantStore } from './qdrant-store';
import type { JsonSend, VectorStore } from './store';
import { SupabaseStore } from './supabase-store';

export type StoreSettings =
  | { kind: 'memory'; key: string }
  | { kind: 'qdrant'; url: string; collection: string }
  | { kind: 'pinecone'; index: string; namespace?: string; apiUrl: string }
  | { kind: 'supabase'; url: string; table: string; queryName: string };

export const STORE_LABELS: Record<StoreSettings['kind'], string> = { memory: 'The in-memory store', qdrant: 'Qdrant', pinecone: 'Pinecone', supabase: 'Supabase' };

export interface StoreAccess {
  workflowId: string;
  send: JsonSend;
  /** The store's API key, when the node has one. */
  key(): string | undefined;
}

/** The store a node's settings name, ready to add to and search. */
export function openStore(settings: StoreSettings, access: StoreAccess): VectorStore {
  const required = (what: string) => {
    const key = access.key();
    if (!key) throw new Error(`${what} needs its API key: set the node's "store" credential to the vault record that holds it.`);
    return key;
  };
  switch (settings.kind) {
    case 'memory':
      return memoryStore(access.workflowId, settings.key);
    case 'qdrant':
      return new QdrantStore(access.send, settings.url, settings.collection, access.key());
    case 'pinecone':
      return new PineconeStore(access.send, settings.apiUrl, settings.index, settings.namespace || undefined, required('Pinecone'));
    case 'supabase':
      return new SupabaseStore(access.send, settings.url, required('Supabase'), settings.table, settings.queryName);
  }
}

export type { JsonObject, VectorStore };
