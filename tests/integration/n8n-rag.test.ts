import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { startLlmProvider, standInEmbedding, type LlmProvider } from '../fixtures/llm-provider';
import { startPineconeApi, type PineconeApi } from '../fixtures/pinecone-api';
import { startQdrantApi, type QdrantApi } from '../fixtures/qdrant-api';
import { agentsHost, connectProvider, type AgentsHost } from '../helpers/agents';
import { chain, node } from '../helpers/engine';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/n8n');
const QDRANT_KEY = 'qdrant-key-0123';
const PINECONE_KEY = 'pcsk-standin-4567';

let t: AgentsHost;
let provider: LlmProvider;
let qdrant: QdrantApi;
let pinecone: PineconeApi;

beforeAll(async () => {
  [provider, qdrant, pinecone] = await Promise.all([startLlmProvider(), startQdrantApi({ apiKey: QDRANT_KEY }), startPineconeApi({ apiKey: PINECONE_KEY, index: 'handbook', dimension: 64 })]);
  t = await agentsHost();
  await connectProvider(t, provider, 'openai-compatible', 'OpenAi account');
  const accessor = { kind: 'test', id: 'n8n-rag' } as const;
  t.host.vault.set({ name: 'QDRANTAPI_ACCOUNT', value: { kind: 'secret', value: QDRANT_KEY } }, accessor);
  t.host.vault.set({ name: 'PINECONEAPI_ACCOUNT', value: { kind: 'secret', value: PINECONE_KEY } }, accessor);
});

afterAll(async () => {
  await t?.host.dispose();
  await Promise.all([provider?.close(), qdrant?.close(), pinecone?.close()]);
});

type Json = Record<string, unknown>;
const items = (execution: { output: { value: unknown } }) => (execution.output.value as { json: Json }[]).map((item) => item.json);

/** Imports an n8n export, pointing its stores at the stand-ins (the URL n8n kept in its credential). */
async function importFixture(file: string, stores: { qdrant?: string; pinecone?: string } = {}) {
  const imported = await t.call('workflows.import', { text: fs.readFileSync(path.join(FIXTURES, file), 'utf8') });
  expect(imported.unsupported).toEqual([]);
  const { document } = await t.call('workflows.get', { id: imported.id });
  for (const entry of document.nodes) {
    const retriever = entry.parameters.retriever as Json | undefined;
    const tools = (entry.parameters.vectorStoreTools ?? []) as Json[];
    for (const store of [entry.parameters.store, retriever?.store, ...tools.map((tool) => tool.store)] as (Json | undefined)[]) {
      if (store?.kind === 'qdrant') store.url = stores.qdrant;
      if (store?.kind === 'pinecone') store.apiUrl = stores.pinecone;
    }
  }
  await t.call('workflows.save', { id: imported.id, document });
  return { ...imported, document };
}

async function run(id: string, input?: unknown) {
  const result = await t.call('workflows.run', { id, input: input as never, wait: true });
  expect(result.execution!.error?.message).toBeUndefined();
  return result.execution!;
}

const ARTICLES = [
  { id: 'a1', title: 'Refunds', text: 'Refunds are paid within 30 days of a return.\n\nA refund goes back to the card that paid.' },
  { id: 'a2', title: 'Shipping', text: 'Parcels ship from Lyon every weekday morning.' },
];

describe('n8n RAG workflows against the stand-ins', () => {
  it('ingests into Qdrant through the loader, splitter and embeddings, then searches it nearest first (corpus-shaped import)', async () => {
    const ingest = await importFixture('rag-qdrant-ingest.json', { qdrant: qdrant.url });
    const insertNode = ingest.document.nodes.find((entry) => entry.type === 'vector-store.insert')!;
    expect(insertNode).toMatchObject({
      credentials: { store: { secret: 'QDRANTAPI_ACCOUNT' } },
      parameters: { embeddings: { provider: 'OpenAi account', model: 'text-embedding-3-small' }, loader: { mode: 'expressionData', text: '{{ $json.text }}' }, splitter: { kind: 'recursive', chunkSize: 60, chunkOverlap: 0 } },
    });
    const inserted = items(await run(ingest.id, { articles: ARTICLES }));
    expect(inserted).toEqual([
      { metadata: { source: 'blob', blobType: 'text/plain', loc: { lines: { from: 1, to: 1 } }, article_id: 'a1', title: 'Refunds' }, pageContent: 'Refunds are paid within 30 days of a return.' },
      { metadata: { source: 'blob', blobType: 'text/plain', loc: { lines: { from: 3, to: 3 } }, article_id: 'a1', title: 'Refunds' }, pageContent: 'A refund goes back to the card that paid.' },
      { metadata: { source: 'blob', blobType: 'text/plain', loc: { lines: { from: 1, to: 1 } }, article_id: 'a2', title: 'Shipping' }, pageContent: 'Parcels ship from Lyon every weekday morning.' },
    ]);
    // The collection was created with cosine distance and the vectors are the provider's, with LangChain's payload.
    const collection = qdrant.collections.get('help_articles')!;
    expect(collection).toMatchObject({ size: 64, distance: 'Cosine' });
    const points = [...collection.points.values()];
    expect(points.map((point) => point.payload.content)).toEqual(inserted.map((chunk) => chunk.pageContent));
    expect(points[2]!.vector).toEqual(standInEmbedding('Parcels ship from Lyon every weekday morning.'));
    expect(qdrant.requests.every((request) => request.headers['api-key'] === QDRANT_KEY)).toBe(true);

    const search = await importFixture('rag-qdrant-search.json', { qdrant: qdrant.url });
    const found = items(await run(search.id, { chatInput: 'How is a refund paid?' }));
    expect(found.map((entry) => (entry.document as Json).pageContent)).toEqual(['A refund goes back to the card that paid.', 'Refunds are paid within 30 days of a return.']);
    expect(found[0]).toMatchObject({ document: { metadata: { article_id: 'a1', title: 'Refunds' } }, score: expect.any(Number) });
    expect(found[0]!.score as number).toBeGreaterThan(found[1]!.score as number);
  });

  it('answers a question from the Pinecone index with the Retrieval QA chain and n8n\'s prompt (corpus-shaped import)', async () => {
    // The index is filled from the canvas node, in the namespace the n8n workflow reads.
    const fill = await t.call('workflows.save', {
      document: chain('Fill handbook', [
        node('manual.trigger', {}, { id: 'start', name: 'Start' }),
        node(
          'vector-store.insert',
          { store: { kind: 'pinecone', index: 'handbook', namespace: 'policies', apiUrl: pinecone.url }, embeddings: { provider: 'OpenAi account', model: 'text-embedding-3-small' }, loader: { source: 'json', mode: 'expressionData', text: '{{ $json.text }}' }, splitter: { kind: 'none' } },
          { id: 'insert', name: 'Insert', credentials: { store: { secret: 'PINECONEAPI_ACCOUNT' } } },
        ),
      ]) as WorkflowDocument,
    });
    for (const text of ['Holidays: every employee has 25 days of paid holidays a year.', 'Laptops are replaced every three years.', 'Expenses are approved by your manager.']) await run(fill.id, { text });
    expect([...pinecone.namespaces.get('policies')!.values()][0]!.metadata).toMatchObject({ text: 'Holidays: every employee has 25 days of paid holidays a year.', source: 'blob', blobType: 'text/plain' });

    const qa = await importFixture('rag-pinecone-qa.json', { pinecone: pinecone.url });
    expect(qa.document.nodes.find((entry) => entry.type === 'vector-store.answer')).toMatchObject({
      credentials: { store: { secret: 'PINECONEAPI_ACCOUNT' } },
      parameters: { question: '{{ $json.chatInput }}', provider: 'OpenAi account', model: 'gpt-4o-mini', legacyOutput: true, retriever: { kind: 'vectorStore', topK: 2, store: { kind: 'pinecone', index: 'handbook', namespace: 'policies' } } },
    });
    provider.setScript(() => ({ text: 'You have 25 days of paid holidays.' }));
    const answered = items(await run(qa.id, { chatInput: 'How many paid holidays do I have a year?' }));
    expect(answered).toEqual([{ response: { text: 'You have 25 days of paid holidays.' } }]);
    const asked = provider.requests.at(-1)!;
    expect(asked.task).toBe('How many paid holidays do I have a year?');
    expect(asked.system).toBe(
      "You are an assistant for question-answering tasks. Use the following pieces of retrieved context to answer the question.\nIf you don't know the answer, just say that you don't know, don't try to make up an answer.\n----------------\n" +
        'Context: Holidays: every employee has 25 days of paid holidays a year.\n\nLaptops are replaced every three years.',
    );
  });

  it('keeps in-memory documents per workflow across executions, and says what is wrong with a bad store key', async () => {
    const embeddings = { provider: 'OpenAi account', model: 'text-embedding-3-small' };
    const store = { kind: 'memory', key: 'faq' };
    const insert = chain('Memory FAQ', [
      node('manual.trigger', {}, { id: 'start', name: 'Start' }),
      node('vector-store.insert', { store, embeddings, loader: { source: 'json', mode: 'allInputData' }, splitter: { kind: 'none' }, clearStore: true }, { id: 'insert', name: 'Insert' }),
    ]) as WorkflowDocument;
    const saved = await t.call('workflows.save', { document: insert });
    await run(saved.id, { question: 'Do you ship abroad?', answer: 'Yes, to every country in Europe.' });
    const search = chain('Memory FAQ', [node('manual.trigger', {}, { id: 'start', name: 'Start' }), node('vector-store.search', { store, embeddings, prompt: '{{ $json.q }}', topK: 3 }, { id: 'search', name: 'Search' })]) as WorkflowDocument;
    await t.call('workflows.save', { id: saved.id, document: search });
    const found = items(await run(saved.id, { q: 'ship to Europe' }));
    expect(found.map((entry) => (entry.document as Json).pageContent)).toEqual(['Yes, to every country in Europe.', 'Do you ship abroad?']);
    // Another workflow with the same key has a store of its own.
    const other = await t.call('workflows.save', { document: { ...search, name: 'Other FAQ' } });
    expect(items(await run(other.id, { q: 'ship to Europe' }))).toEqual([]);

    const wrongKey = await t.call('workflows.save', {
      document: chain('Wrong key', [
        node('manual.trigger', {}, { id: 'start', name: 'Start' }),
        node('vector-store.search', { store: { kind: 'qdrant', url: qdrant.url, collection: 'help_articles' }, embeddings, prompt: 'refunds' }, { id: 'search', name: 'Search', credentials: { store: { secret: 'PINECONEAPI_ACCOUNT' } } }),
      ]) as WorkflowDocument,
    });
    const failed = (await t.call('workflows.run', { id: wrongKey.id, wait: true })).execution!;
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('Qdrant answered HTTP 401 to POST /collections/help_articles/points/search: Unauthorized: invalid api-key. Check the API key in the node\'s "store" credential.');
    expect(failed.error?.message).not.toContain(PINECONE_KEY);
  });

  it('gives an imported agent a store as a tool and an answering vector store tool (the stores filled above)', async () => {
    const imported = await importFixture('rag-agent-tools.json', { qdrant: qdrant.url, pinecone: pinecone.url });
    expect(imported.document.nodes.map((entry) => entry.type).sort()).toEqual(['ai-agent.run', 'manual.trigger']);
    const agent = imported.document.nodes.find((entry) => entry.type === 'ai-agent.run')!;
    expect(agent.parameters.vectorStoreTools).toMatchObject([
      { name: 'help_articles', description: 'Help articles about refunds and shipping', topK: 1, includeMetadata: true, store: { kind: 'qdrant', collection: 'help_articles' }, secret: 'QDRANTAPI_ACCOUNT' },
      { name: 'policies', description: 'company policies', topK: 2, answer: { provider: 'OpenAi account', model: 'gpt-4o-mini' }, store: { kind: 'pinecone', namespace: 'policies' }, secret: 'PINECONEAPI_ACCOUNT' },
    ]);
    provider.setScript((request) => {
      // The answering tool's own completion has no tools.
      if (request.tools.length === 0) return { text: 'Employees get 25 days.' };
      const results = request.messages.flatMap((message) => message.toolResults);
      if (results.length === 0) return { toolCalls: [{ name: 'vector_store__help_articles', arguments: { input: 'How is a refund paid?' } }, { name: 'vector_store__policies', arguments: { input: 'How many holidays?' } }] };
      return { text: results.map((result) => result.content).join(' | ') };
    });
    const answer = items(await run(imported.id, { chatInput: 'Refunds and holidays?', sessionId: 's1' }))[0]!.output as string;
    const [found, answered] = answer.split(' | ');
    expect(JSON.parse(found!)).toEqual({ pageContent: 'A refund goes back to the card that paid.', metadata: { source: 'blob', blobType: 'text/plain', loc: { lines: { from: 3, to: 3 } }, article_id: 'a1', title: 'Refunds' } });
    expect(answered).toBe('Employees get 25 days.');
    const offered = provider.requests.find((request) => request.tools.length > 0)!;
    expect(offered.toolSchemas.vector_store__help_articles).toMatchObject({ properties: { input: { type: 'string' } }, required: ['input'] });
    const qa = provider.requests.find((request) => request.tools.length === 0 && request.task.startsWith('Use the following pieces of context'))!;
    expect(qa.task).toBe(
      "Use the following pieces of context to answer the question at the end. If you don't know the answer, just say that you don't know, don't try to make up an answer.\n\n" +
        'Holidays: every employee has 25 days of paid holidays a year.\n\nLaptops are replaced every three years.\n\nQuestion: How many holidays?\nHelpful Answer:',
    );
  });
});
