import type { N8nNode } from './import-n8n';
import { chatModel, LC, locator, modelParameters, num, prompt } from './map-ai-models';
import { list, obj, str, V, version, type MapContext, type Mapper, type Params } from './map-helpers';
import { subNode } from './map-langchain';

/**
 * n8n's retrieval (RAG) nodes onto Echelon's "Vector store" node: a vector store inserting or
 * searching in the main flow, and the Retrieval QA chain. Their sub-nodes (embeddings, document
 * loader, text splitter, retriever, the store a retriever reads) fold into it; n8n credentials
 * become provider connections (embeddings) and the node's `store` vault record (the store's key).
 */

const DEFAULT_CHUNKS = { chunkSize: 1000, chunkOverlap: 0 };

/** Embeddings sub-nodes: the OpenAI-compatible endpoint each vendor serves, and the model it defaults to. */
const EMBEDDINGS: Record<string, { label: string; baseUrl: string; model: (params: Params) => string }> = {
  embeddingsOpenAi: { label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: (params) => locator(params.model) || 'text-embedding-3-small' },
  embeddingsAzureOpenAi: { label: 'Azure OpenAI', baseUrl: 'https://YOUR-RESOURCE.openai.azure.com/openai/v1', model: (params) => str(params.model, 'text-embedding-3-small') },
  embeddingsGoogleGemini: {
    label: 'Gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    model: (params) => str(params.modelName, 'models/text-embedding-004').replace(/^models\//, ''),
  },
  embeddingsMistralCloud: { label: 'Mistral', baseUrl: 'https://api.mistral.ai/v1', model: (params) => str(params.model, 'mistral-embed') },
  embeddingsOllama: { label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', model: (params) => str(params.model, 'llama3.2') },
};

const typeOf = (node: N8nNode) => (node.type.startsWith(LC) ? node.type.slice(LC.length) : node.type);

function embeddings(ctx: MapContext, store: N8nNode): Params | undefined {
  const attached = ctx.attached('ai_embedding', store.name)[0];
  if (!attached) {
    ctx.notes.push(`"${store.name}" has no embeddings attached: set the embeddings provider and model of the node.`);
    return undefined;
  }
  const kind = EMBEDDINGS[typeOf(attached.node)];
  if (!kind) {
    ctx.notes.push(`"${store.name}" embeds with "${attached.node.name}" (${attached.node.type}), which serves no OpenAI-compatible embeddings API: use OpenAI, Gemini, Mistral or Ollama embeddings instead.`);
    return undefined;
  }
  const options = obj(attached.parameters.options);
  const connection = Object.values(attached.node.credentials ?? {})[0]?.name ?? kind.label;
  const configured = str(options.baseURL ?? attached.parameters.baseUrl);
  const baseUrl = configured && !configured.includes('{{') ? configured : kind.baseUrl;
  ctx.notes.push(`"${store.name}" embeds with ${kind.label} through a connection named "${connection}": create it on the Integrations page (OpenAI-compatible, base URL ${baseUrl}) with your key.`);
  const result: Params = { provider: connection, model: kind.model(attached.parameters) };
  if (num(options.dimensions) !== undefined) result.dimensions = num(options.dimensions)!;
  return result;
}

/** Where the store keeps its vectors; undefined (with a note) for stores Echelon does not reach. */
function storeConfig(ctx: MapContext, node: N8nNode, params: Params): Params | undefined {
  const options = obj(params.options);
  switch (typeOf(node)) {
    case 'vectorStoreInMemory':
      return { kind: 'memory', key: locator(params.memoryKey) || 'vector_store_key' };
    case 'vectorStoreQdrant':
      ctx.notes.push(`"${node.name}" reaches Qdrant at http://localhost:6333: set the node's Qdrant URL if yours is elsewhere (n8n kept it in the credential).`);
      return { kind: 'qdrant', url: 'http://localhost:6333', collection: locator(params.qdrantCollection) };
    case 'vectorStorePinecone': {
      const config: Params = { kind: 'pinecone', index: locator(params.pineconeIndex), apiUrl: 'https://api.pinecone.io' };
      if (str(options.pineconeNamespace)) config.namespace = str(options.pineconeNamespace);
      return config;
    }
    case 'vectorStoreSupabase':
      ctx.notes.push(`"${node.name}" needs your Supabase project URL (n8n kept it in the credential): set it on the node.`);
      return { kind: 'supabase', url: 'https://YOUR-PROJECT.supabase.co', table: locator(params.tableName) || 'documents', queryName: str(options.queryName, 'match_documents') };
    default:
      ctx.notes.push(`"${node.name}" (${node.type}) is a vector store Echelon does not reach yet: use the in-memory, Qdrant, Pinecone or Supabase store.`);
      return undefined;
  }
}

/** The n8n credential of a store (its key) becomes the node's `store` vault record. */
function storeCredentials(ctx: MapContext, node: N8nNode): MappedCredentials {
  const credential = Object.values(node.credentials ?? {})[0]?.name;
  if (!credential) return undefined;
  const secret = credential.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^([^A-Z_])/, '_$1').slice(0, 64) || 'VECTOR_STORE_KEY';
  ctx.notes.push(`"${node.name}" used the n8n credential "${credential}": store the API key in the vault as ${secret}.`);
  return { store: { secret } };
}
type MappedCredentials = Record<string, { secret: string }> | undefined;

function splitter(ctx: MapContext, loader: N8nNode): Params | undefined {
  const attached = ctx.attached('ai_textSplitter', loader.name)[0];
  if (!attached) return undefined;
  const params = attached.parameters;
  const chunks = { chunkSize: num(params.chunkSize) ?? DEFAULT_CHUNKS.chunkSize, chunkOverlap: num(params.chunkOverlap) ?? DEFAULT_CHUNKS.chunkOverlap };
  switch (typeOf(attached.node)) {
    case 'textSplitterRecursiveCharacterTextSplitter':
      if (str(obj(params.options).splitCode)) ctx.notes.push(`"${attached.node.name}" split by the syntax of ${str(obj(params.options).splitCode)}; Echelon splits by paragraphs, lines and words.`);
      return { kind: 'recursive', ...chunks };
    case 'textSplitterCharacterTextSplitter':
      return { kind: 'character', separator: str(params.separator), ...chunks };
    case 'textSplitterTokenSplitter':
      return { kind: 'token', ...chunks };
    default:
      ctx.notes.push(`"${loader.name}" splits with "${attached.node.name}" (${attached.node.type}), which Echelon does not map: it splits recursively by characters instead.`);
      return { kind: 'recursive', ...chunks };
  }
}

const NO_SPLIT = { kind: 'none' };

/** The document loader feeding a store: what it reads, how it splits, the metadata it adds. */
function loader(ctx: MapContext, store: N8nNode): Params | undefined {
  const attached = ctx.attached('ai_document', store.name)[0];
  if (!attached) {
    ctx.notes.push(`"${store.name}" inserts with no document loader attached: attach one (n8n's Default Data Loader).`);
    return undefined;
  }
  const params = attached.parameters;
  const options = obj(params.options);
  const metadata = Object.fromEntries(list(obj(options.metadata).metadataValues).map((entry) => [str(obj(entry).name), str(obj(entry).value)]).filter(([name]) => name));
  const type = typeOf(attached.node);
  const custom = splitter(ctx, attached.node);
  if (type === 'documentJsonInputLoader') return { loader: { source: 'json', mode: 'allInputData', pointers: str(params.pointers) }, splitter: custom ?? NO_SPLIT, metadata };
  if (type === 'documentBinaryInputLoader') {
    return { loader: { source: 'binary', mode: 'binaryField', field: str(params.binaryDataKey, 'data'), loader: str(params.loader, 'auto'), pointers: str(params.pointers) }, splitter: custom ?? NO_SPLIT, metadata };
  }
  if (type !== 'documentDefaultDataLoader') {
    ctx.notes.push(`"${store.name}" loads documents with "${attached.node.name}" (${attached.node.type}), which Echelon does not map: use the Default Data Loader.`);
    return undefined;
  }
  // Version 1.1 splits by default (recursive, 1,000 characters, 200 overlapping); version 1 only with a splitter attached.
  const simple = version(attached.node) >= 1.1 && str(params.textSplittingMode, 'simple') === 'simple';
  const split = simple ? { kind: 'recursive', chunkSize: 1000, chunkOverlap: 200 } : (custom ?? NO_SPLIT);
  if (str(params.dataType, 'json') === 'binary') {
    const specific = str(params.binaryMode, 'allInputData') === 'specificField';
    const binary: Params = { source: 'binary', mode: specific ? 'binaryField' : 'binaryAll', field: str(params.binaryDataKey, 'data'), loader: str(params.loader, 'auto'), splitPages: options.splitPages !== false };
    if (str(options.pointers)) binary.pointers = str(options.pointers);
    if (str(options.column)) binary.csvColumn = str(options.column);
    if (str(options.separator)) binary.csvSeparator = str(options.separator);
    return { loader: binary, splitter: split, metadata };
  }
  const json: Params = str(params.jsonMode, 'allInputData') === 'expressionData' ? { source: 'json', mode: 'expressionData', text: str(params.jsonData) } : { source: 'json', mode: 'allInputData', pointers: str(options.pointers) };
  return { loader: json, splitter: split, metadata };
}

/** The metadata filter n8n's search options give (key/value pairs), as a store filter. */
function filterOf(params: Params): Params | undefined {
  const options = obj(params.options);
  const text = str(options.searchFilterJson);
  if (text && !text.includes('{{')) {
    try {
      return JSON.parse(text) as Params;
    } catch {
      return undefined;
    }
  }
  const pairs = list(obj(options.metadata).metadataValues).map(obj).filter((entry) => str(entry.name));
  return pairs.length > 0 ? Object.fromEntries(pairs.map((entry) => [str(entry.name), entry.value ?? ''])) : undefined;
}

// Through a function: map-langchain (whose tools read this module) is still loading when this one is.
const absorbed: Mapper = (node, params, ctx) => subNode(node, params, ctx);

const vectorStore: Mapper = (node, params, ctx) => {
  const mode = str(params.mode, 'retrieve');
  // Folded into the agent (as its tool) or the retriever it feeds.
  if (mode === 'retrieve' || mode === 'retrieve-as-tool') return absorbed(node, params, ctx);
  if (mode !== 'insert' && mode !== 'load') {
    ctx.notes.push(`"${node.name}" uses the ${mode} mode, which Echelon does not map: insert the changed documents again instead.`);
    return undefined;
  }
  const store = storeConfig(ctx, node, params);
  const embedder = embeddings(ctx, node);
  if (!store || !embedder) return undefined;
  const credentials = storeCredentials(ctx, node);
  if (mode === 'load') {
    const parameters: Params = { store, embeddings: embedder, prompt: str(params.prompt), topK: num(params.topK) ?? 4, includeMetadata: params.includeDocumentMetadata !== false };
    const filter = filterOf(params);
    if (filter) parameters.filter = filter;
    return { type: 'vector-store.search', version: V, parameters, outputs: ['main'], ...(credentials ? { credentials } : {}) };
  }
  const documents = loader(ctx, node);
  if (!documents) return undefined;
  const clearStore = params.clearStore === true || obj(params.options).clearNamespace === true;
  const parameters: Params = { store, embeddings: embedder, ...documents, clearStore, batchSize: version(node) >= 1.1 ? (num(params.embeddingBatchSize) ?? 200) : 200 };
  return { type: 'vector-store.insert', version: V, parameters, outputs: ['main'], ...(credentials ? { credentials } : {}) };
};

/** The retriever a chain reads: a vector store's nearest documents, or a workflow's output. */
function retriever(ctx: MapContext, root: N8nNode): { retriever: Params; credentials: MappedCredentials } | undefined {
  const attached = ctx.attached('ai_retriever')[0];
  if (!attached) {
    ctx.notes.push(`"${root.name}" has no retriever attached: attach a vector store retriever.`);
    return undefined;
  }
  if (typeOf(attached.node) === 'retrieverWorkflow') {
    const source = str(attached.parameters.source, 'database');
    const reference = locator(attached.parameters.workflowId);
    const local = source === 'database' && reference && !reference.includes('{{') ? ctx.resolveWorkflow(reference) : undefined;
    if (!local) ctx.notes.push(`"${attached.node.name}" runs n8n workflow ${reference || '(from JSON)'}, which is not imported yet: import it, then point the retriever at its Echelon id.`);
    return { retriever: { kind: 'workflow', workflowId: local ?? (reference || 'missing') }, credentials: undefined };
  }
  if (typeOf(attached.node) !== 'retrieverVectorStore') {
    ctx.notes.push(`"${root.name}" retrieves with "${attached.node.name}" (${attached.node.type}), which Echelon does not map: use a vector store retriever.`);
    return undefined;
  }
  const store = ctx.attached('ai_vectorStore', attached.node.name)[0];
  if (!store) {
    ctx.notes.push(`"${attached.node.name}" has no vector store attached.`);
    return undefined;
  }
  const config = storeConfig(ctx, store.node, store.parameters);
  const embedder = embeddings(ctx, store.node);
  if (!config || !embedder) return undefined;
  return { retriever: { kind: 'vectorStore', store: config, embeddings: embedder, topK: num(attached.parameters.topK) ?? 4 }, credentials: storeCredentials(ctx, store.node) };
}

/** n8n's Retrieval QA chain: the question's nearest documents become the context of one chat completion. */
const chainRetrievalQa: Mapper = (node, params, ctx) => {
  const v = version(node);
  const legacyQuery = ['{{ $json.input }}', '{{ $json.chat_input }}', '{{ $json.chatInput }}'][v >= 1.2 ? 2 : v >= 1.1 ? 1 : 0]!;
  const question = v <= 1.2 ? str(params.query, legacyQuery) : prompt(node, params);
  const found = retriever(ctx, node);
  if (!found) return undefined;
  const parameters: Params = { question, retriever: found.retriever, legacyOutput: v < 1.5, ...modelParameters(chatModel(ctx, node)) };
  const template = obj(params.options).systemPromptTemplate;
  if (typeof template === 'string') parameters.systemPrompt = v < 1.5 ? template.replace('{question}', '{input}') : template;
  return { type: 'vector-store.answer', version: V, parameters, outputs: ['main'], ...(found.credentials ? { credentials: found.credentials } : {}) };
};

const SUB_NODES = [
  ...Object.keys(EMBEDDINGS),
  'documentDefaultDataLoader',
  'documentJsonInputLoader',
  'documentBinaryInputLoader',
  'textSplitterRecursiveCharacterTextSplitter',
  'textSplitterCharacterTextSplitter',
  'textSplitterTokenSplitter',
  'retrieverVectorStore',
  'retrieverWorkflow',
  // Folded so the store it feeds says why it declines (no OpenAI-compatible embeddings API).
  'embeddingsHuggingFaceInference',
];


/** Stores Echelon does not reach, with what to use instead. */
const REFUSED: Record<string, string> = {
  vectorStorePGVector:
    'Echelon does not reach PGVector tables yet (the pgvector extension is not available to test against here): keep the vectors in Supabase (PostgreSQL with pgvector, through its API), Qdrant or Pinecone, or query the table with the Postgres node.',
  vectorStoreMongoDBAtlas: 'Atlas Vector Search runs only on MongoDB Atlas, which Echelon does not reach: keep the vectors in Qdrant, Pinecone or Supabase.',
};

const refused: Mapper = (node, _params, ctx) => {
  ctx.notes.push(`"${node.name}": ${REFUSED[typeOf(node)]}`);
  return undefined;
};

export const RAG_MAPPERS: Record<string, Mapper> = {
  ...Object.fromEntries(Object.keys(REFUSED).map((type) => [`${LC}${type}`, refused])),
  ...Object.fromEntries(['vectorStoreInMemory', 'vectorStoreQdrant', 'vectorStorePinecone', 'vectorStoreSupabase'].map((type) => [`${LC}${type}`, vectorStore])),
  [`${LC}chainRetrievalQa`]: chainRetrievalQa,
  ...Object.fromEntries(SUB_NODES.map((type) => [`${LC}${type}`, absorbed])),
};

/** Whether an agent's tool sub-node is a vector store tool (`toolVectorStore`, or a store in "retrieve as tool" mode). */
export const isVectorStoreTool = (node: N8nNode, params: Params) => typeOf(node) === 'toolVectorStore' || (typeOf(node).startsWith('vectorStore') && str(params.mode) === 'retrieve-as-tool');

/**
 * A vector store as an agent's tool: a store in "retrieve as tool" mode gives the documents
 * found; n8n's "Answer questions with a vector store" tool has its own chat model answer from them.
 */
export function vectorStoreTool(ctx: MapContext, node: N8nNode, params: Params): Params | undefined {
  const answering = typeOf(node) === 'toolVectorStore';
  const storeNode = answering ? ctx.attached('ai_vectorStore', node.name)[0] : { node, parameters: params };
  if (!storeNode) {
    ctx.notes.push(`The tool "${node.name}" has no vector store attached.`);
    return undefined;
  }
  const store = storeConfig(ctx, storeNode.node, storeNode.parameters);
  const embedder = embeddings(ctx, storeNode.node);
  if (!store || !embedder) return undefined;
  const named = version(node) >= (answering ? 1.1 : 1.3) ? node.name : str(answering ? params.name : params.toolName, node.name);
  const tool: Params = { name: named.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64) || 'vector_store', description: str(answering ? params.description : params.toolDescription), store, embeddings: embedder, topK: num(params.topK) ?? 4 };
  if (!answering) tool.includeMetadata = params.includeDocumentMetadata !== false;
  const credentials = storeCredentials(ctx, storeNode.node);
  if (credentials) tool.secret = credentials.store!.secret;
  if (answering) {
    const model = chatModel({ ...ctx, attached: (kind, name = node.name) => ctx.attached(kind, name) }, node);
    if (!model) return undefined;
    tool.answer = { provider: model.provider, model: model.model };
  }
  return tool;
}
