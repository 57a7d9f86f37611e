import type { z } from 'zod';
import { errorDetail } from '../../../shared/integrations/http-errors';
import { main, NodeError, type Item, type JsonObject, type NodeContext, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { loadDocuments, type LoaderOptions } from '../../../electron/main/services/rag/document-loaders';
import type { RagDocument } from '../../../electron/main/services/rag/documents';
import { fillTemplate, stuffDocuments, workflowDocuments } from '../../../electron/main/services/rag/retrieval';
import { openStore, STORE_LABELS } from '../../../electron/main/services/rag/stores/open-store';
import { storeErrorMessage, type JsonSend, type VectorStore } from '../../../electron/main/services/rag/stores/store';
import type { AnswerParameters, EmbeddingsConfig, InsertParameters, Retriever, SearchParameters, StoreConfig } from './manifest';

type Embeddings = z.output<typeof EmbeddingsConfig>;

/** JSON requests to the store's REST API through the engine's HTTP client; an error answer fails the step, saying what the store said. */
function jsonSend(ctx: NodeContext, label: string): JsonSend {
  let call = 0;
  return async ({ method, url, headers = {}, body }) => {
    const response = await ctx.services.http.request({
      method,
      url,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      idempotencyKey: `${ctx.idempotencyKey}:${call++}`,
      signal: ctx.signal,
      credentialHeaders: Object.keys(headers).map((name) => name.toLowerCase()),
      timeoutMs: 60_000,
    });
    const text = Buffer.from(response.body).toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: quoted as text below.
    }
    if (response.status >= 400) throw new NodeError(storeErrorMessage(label, response.status, method, url, parsed, errorDetail), 'vector_store', response.status < 500 && response.status !== 429);
    return parsed;
  };
}

function store(ctx: NodeContext, config: StoreConfig): VectorStore {
  const key = () => {
    if (!ctx.node.credentials?.store) return undefined;
    return ctx.credential('store');
  };
  try {
    return openStore(config, { workflowId: ctx.execution.workflowId, send: jsonSend(ctx, STORE_LABELS[config.kind]), key });
  } catch (error) {
    throw new NodeError((error as Error).message, 'invalid_parameters', true);
  }
}

async function embed(ctx: NodeContext, embeddings: Embeddings, texts: string[]): Promise<number[][]> {
  const agents = ctx.services.agents;
  if (!agents?.embed) throw new NodeError('Embeddings are not available in this process.', 'unavailable', true);
  const { vectors } = await agents.embed({
    provider: typeof embeddings.provider === 'string' ? { connection: embeddings.provider } : embeddings.provider,
    model: embeddings.model,
    texts,
    dimensions: embeddings.dimensions,
    signal: ctx.signal,
  });
  return vectors;
}

async function search(ctx: NodeContext, config: StoreConfig, embeddings: Embeddings, query: string, topK: number, filter?: Record<string, unknown>) {
  const [vector] = await embed(ctx, embeddings, [query]);
  return store(ctx, config).search(vector!, topK, filter as JsonObject | undefined);
}

function loaderOptions(params: z.output<typeof InsertParameters>): LoaderOptions {
  const loader = params.loader;
  if (loader.source === 'json') return loader.mode === 'expressionData' ? { source: 'json', mode: 'expressionData', text: loader.text } : { source: 'json', mode: 'allInputData', pointers: loader.pointers };
  return { ...loader, source: 'binary' };
}

async function retrieve(ctx: NodeContext, retriever: z.output<typeof Retriever>, question: string): Promise<RagDocument[]> {
  if (retriever.kind === 'workflow') {
    const items = await ctx.services.runWorkflow({ workflowId: retriever.workflowId, items: [{ json: { query: question } }], signal: ctx.signal });
    return workflowDocuments(items, retriever.workflowId);
  }
  return (await search(ctx, retriever.store, retriever.embeddings, question, retriever.topK, retriever.filter)).map((found) => found.document);
}

export const nodes: NodePlugin['nodes'] = {
  insert: {
    async run(ctx) {
      const out: Item[] = [];
      const documents: RagDocument[] = [];
      const first = ctx.params<z.output<typeof InsertParameters>>(0);
      for (let i = 0; i < ctx.input.length; i++) {
        const params = ctx.params<z.output<typeof InsertParameters>>(i);
        let loaded: RagDocument[];
        try {
          loaded = await loadDocuments({
            item: ctx.input[i]!,
            options: loaderOptions(params),
            splitter: params.splitter.kind === 'none' ? undefined : params.splitter,
            metadata: params.metadata,
            readBinary: (ref) => ctx.services.readBinary(ref),
          });
        } catch (error) {
          throw new NodeError(`Item ${i + 1}: ${(error as Error).message}`, 'invalid_input', true);
        }
        documents.push(...loaded);
        for (const document of loaded) out.push({ json: { metadata: document.metadata, pageContent: document.pageContent }, pairedItem: { item: i } });
      }
      const target = store(ctx, first.store);
      if (first.clearStore) await target.clear();
      for (let start = 0; start < documents.length; start += first.batchSize) {
        const batch = documents.slice(start, start + first.batchSize);
        await target.add(batch, await embed(ctx, first.embeddings, batch.map((document) => document.pageContent)));
      }
      ctx.log(`Inserted ${documents.length} chunk${documents.length === 1 ? '' : 's'} from ${ctx.input.length} item${ctx.input.length === 1 ? '' : 's'}.`);
      return main(out);
    },
  },
  search: {
    async run(ctx) {
      const out: Item[] = [];
      for (let i = 0; i < Math.max(1, ctx.input.length); i++) {
        const params = ctx.params<z.output<typeof SearchParameters>>(i);
        for (const found of await search(ctx, params.store, params.embeddings, params.prompt, params.topK, params.filter)) {
          const document: JsonObject = { pageContent: found.document.pageContent, ...(params.includeMetadata ? { metadata: found.document.metadata } : {}) };
          out.push({ json: { document, score: found.score }, pairedItem: { item: i } });
        }
      }
      return main(out);
    },
  },
  answer: {
    async run(ctx) {
      const agents = ctx.services.agents;
      if (!agents) throw new NodeError('Chat models are not available in this process.', 'unavailable', true);
      const out: Item[] = [];
      for (let i = 0; i < Math.max(1, ctx.input.length); i++) {
        const params = ctx.params<z.output<typeof AnswerParameters>>(i);
        const documents = await retrieve(ctx, params.retriever, params.question);
        const result = await agents.chat({
          provider: typeof params.provider === 'string' ? { connection: params.provider } : params.provider,
          model: params.model,
          system: fillTemplate(params.systemPrompt, { context: stuffDocuments(documents), input: params.question }),
          messages: [{ role: 'user', content: params.question }],
          temperature: params.temperature,
          maxTokens: params.maxTokens,
          signal: ctx.signal,
        });
        out.push({ json: { response: params.legacyOutput ? { text: result.text } : result.text }, pairedItem: { item: i } });
      }
      return main(out);
    },
  },
};
