import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { NodeProvider } from '../../ai-agent/1.0.0/manifest';

/** Where the vectors live; the key (Qdrant, Pinecone, Supabase) is the node's `store` credential. */
export const StoreConfig = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('memory'),
    key: z.string().trim().min(1).max(200).default('vector_store_key').meta({ description: 'Documents inserted under a key are found under it by later runs of this workflow, until Echelon restarts.' }),
  }),
  z.object({ kind: z.literal('qdrant'), url: z.url({ protocol: /^https?$/ }).meta({ title: 'Qdrant URL', description: 'http://localhost:6333, or your cluster\'s URL.' }), collection: z.string().trim().min(1).max(255) }),
  z.object({
    kind: z.literal('pinecone'),
    index: z.string().trim().min(1).max(45),
    namespace: z.string().max(500).optional(),
    apiUrl: z.url({ protocol: /^https?$/ }).default('https://api.pinecone.io').meta({ title: 'Control plane URL' }),
  }),
  z.object({
    kind: z.literal('supabase'),
    url: z.url({ protocol: /^https?$/ }).meta({ title: 'Project URL', description: 'https://<project>.supabase.co' }),
    table: z.string().trim().min(1).max(63).default('documents'),
    queryName: z.string().trim().min(1).max(63).default('match_documents').meta({ title: 'Match function' }),
  }),
]);
export type StoreConfig = z.output<typeof StoreConfig>;

export const EmbeddingsConfig = z.object({
  provider: NodeProvider.meta({ title: 'Embeddings provider', description: 'An OpenAI-compatible connection (OpenAI, Gemini, Mistral, Ollama), by name.' }),
  model: z.string().trim().min(1).max(200).meta({ description: 'text-embedding-3-small, nomic-embed-text…' }),
  dimensions: z.number().int().min(1).max(8192).optional(),
});

const Chunking = z.object({ chunkSize: z.number().int().min(1).max(100_000).default(1000), chunkOverlap: z.number().int().min(0).max(99_999).default(0) });

export const SplitterConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  Chunking.extend({ kind: z.literal('recursive'), separators: z.array(z.string()).max(50).optional() }),
  Chunking.extend({ kind: z.literal('character'), separator: z.string().max(100).default('') }),
  Chunking.extend({ kind: z.literal('token'), encoding: z.enum(['cl100k_base', 'o200k_base']).default('cl100k_base') }),
]);

export const LoaderConfig = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('allInputData'), source: z.literal('json'), pointers: z.string().max(1000).optional() }),
  z.object({ mode: z.literal('expressionData'), source: z.literal('json'), text: z.string().meta({ description: 'The text to load, from expressions such as {{ $json.body }}.' }) }),
  z.object({
    mode: z.enum(['binaryAll', 'binaryField']),
    source: z.literal('binary'),
    field: z.string().max(200).default('data'),
    loader: z.enum(['auto', 'textLoader', 'csvLoader', 'jsonLoader', 'pdfLoader', 'docxLoader', 'epubLoader']).default('auto'),
    pointers: z.string().max(1000).optional(),
    csvColumn: z.string().max(200).optional(),
    csvSeparator: z.string().min(1).max(5).default(','),
    splitPages: z.boolean().default(true),
  }),
]);

export const InsertParameters = z.object({
  store: StoreConfig,
  embeddings: EmbeddingsConfig,
  loader: LoaderConfig.default({ mode: 'allInputData', source: 'json' }),
  splitter: SplitterConfig.default({ kind: 'recursive', chunkSize: 1000, chunkOverlap: 200 }),
  metadata: z.record(z.string(), z.string()).default({}).meta({ description: 'Added to every chunk\'s metadata.' }),
  clearStore: z.boolean().default(false).meta({ description: 'Empty the store (in-memory, Pinecone namespace) before inserting.' }),
  batchSize: z.number().int().min(1).max(2000).default(200).meta({ title: 'Embedding batch size' }),
});

export const SearchParameters = z.object({
  store: StoreConfig,
  embeddings: EmbeddingsConfig,
  prompt: z.string().min(1).meta({ description: 'What to search for, from expressions such as {{ $json.chatInput }}.' }),
  topK: z.number().int().min(1).max(1000).default(4),
  includeMetadata: z.boolean().default(true),
  filter: z.record(z.string(), z.unknown()).optional().meta({ description: 'Matches metadata, in the store\'s own filter language.' }),
});

export const Retriever = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vectorStore'), store: StoreConfig, embeddings: EmbeddingsConfig, topK: z.number().int().min(1).max(1000).default(4), filter: z.record(z.string(), z.unknown()).optional() }),
  z.object({ kind: z.literal('workflow'), workflowId: z.string().trim().min(1).max(64).meta({ description: 'A workflow whose last node\'s items are the documents; it gets { query }.' }) }),
]);

export const DEFAULT_QA_TEMPLATE = `You are an assistant for question-answering tasks. Use the following pieces of retrieved context to answer the question.
If you don't know the answer, just say that you don't know, don't try to make up an answer.
----------------
Context: {context}`;

export const AnswerParameters = z.object({
  question: z.string().min(1).meta({ description: 'From expressions such as {{ $json.chatInput }}.' }),
  retriever: Retriever,
  provider: NodeProvider.meta({ title: 'Chat model provider' }),
  model: z.string().trim().min(1).max(200),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(200_000).optional(),
  systemPrompt: z.string().max(100_000).default(DEFAULT_QA_TEMPLATE).meta({ description: '{context} becomes the documents found; {input} the question.' }),
  /** n8n's chain before version 1.5 answered `{ response: { text } }`. */
  legacyOutput: z.boolean().default(false),
});

const storeKey = [{ name: 'store', description: 'The vector store\'s API key (Qdrant, Pinecone, Supabase service role key)', required: false }] as const;

export default definePlugin({
  id: 'vector-store',
  name: 'Vector store',
  version: '1.0.0',
  description: 'Documents as embeddings in a vector store (in memory, Qdrant, Pinecone, Supabase): insert, search, and answer questions from them.',
  category: 'AI',
  icon: 'database-zap',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'insert',
      name: 'Insert documents',
      description: 'Loads each item (its JSON, a text, or its file) as documents, splits them into chunks, embeds and stores them; outputs the chunks.',
      parameters: InsertParameters,
      credentials: storeKey,
      sideEffects: true,
      recovery: 'retry',
    },
    {
      id: 'search',
      name: 'Get many',
      description: 'The documents nearest to a prompt, nearest first: one item per document, `{ document: { pageContent, metadata }, score }`.',
      parameters: SearchParameters,
      credentials: storeKey,
      sideEffects: false,
    },
    {
      id: 'answer',
      name: 'Answer questions (retrieval QA)',
      description: 'Finds the documents nearest to a question and has a chat model answer from them; `response` is the answer.',
      parameters: AnswerParameters,
      credentials: storeKey,
      sideEffects: true,
      recovery: 'retry',
    },
  ],
  triggers: [],
});
