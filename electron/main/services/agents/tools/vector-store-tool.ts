import type { CallToolResult, VectorStoreToolGrant } from '../../../../../shared/contract';
import { errorDetail } from '../../../../../shared/integrations/http-errors';
import { StoreConfig } from '../../../../../integrations/vector-store/1.0.0/manifest';
import type { IntegrationsService } from '../../integrations/integrations-service';
import type { Redactor } from '../../redaction/redactor';
import { fillTemplate, stuffDocuments } from '../../rag/retrieval';
import { openStore, STORE_LABELS } from '../../rag/stores/open-store';
import { storeErrorMessage, type JsonSend } from '../../rag/stores/store';
import type { SecretSource } from '../../secrets/secret-source';
import type { ProviderFactory } from '../providers/provider-factory';
import type { InvokeTool } from '../run/agent-tools';
import { loadSdk } from '../run/sdk';

export interface VectorStoreToolDeps {
  providers: ProviderFactory;
  integrations: IntegrationsService;
  secrets: SecretSource;
  redactor: Redactor;
}

/** The prompt of LangChain's VectorDBQAChain, which n8n's "Answer questions with a vector store" tool runs. */
const QA_PROMPT = "Use the following pieces of context to answer the question at the end. If you don't know the answer, just say that you don't know, don't try to make up an answer.\n\n{context}\n\nQuestion: {question}\nHelpful Answer:";

/** n8n's vector store tools take one string. */
export const VECTOR_TOOL_SCHEMA = { type: 'object', properties: { input: { type: 'string', description: 'What to look up' } }, required: ['input'] };

/** n8n's description of the answering tool, which tells the model when to use it. */
export const answeringDescription = (name: string, description: string) =>
  `Useful for when you need to answer questions about ${name}. Whenever you need information about ${description}, you should ALWAYS use this. Input should be a fully formed question.`;

const registered = new Map<string, string>();

function jsonSend(integrations: IntegrationsService, label: string, signal: AbortSignal): JsonSend {
  return async ({ method, url, headers = {}, body }) => {
    const response = await integrations.request(
      undefined,
      { method: method as 'GET', url, headers, ...(body !== undefined ? { body: { type: 'json', value: body } } : {}), responseType: 'auto', credentialHeaders: Object.keys(headers).map((name) => name.toLowerCase()) },
      { signal },
    );
    if (response.status >= 400) throw new Error(storeErrorMessage(label, response.status, method, url, response.body, errorDetail));
    return response.body;
  };
}

/**
 * A vector store as an agent's tool: the model's input is embedded and the nearest documents
 * come back as JSON text (n8n's "retrieve as tool"), or, with `answer`, a chat model answers
 * the question from them (n8n's "Answer questions with a vector store" tool). Failures come
 * back as tool errors, so the model can say so.
 */
export function vectorStoreToolInvoker(tool: VectorStoreToolGrant, deps: VectorStoreToolDeps): InvokeTool {
  return async (args, { signal }): Promise<CallToolResult> => {
    try {
      const input = typeof args.input === 'string' ? args.input : JSON.stringify(args);
      const settings = StoreConfig.parse(tool.store);
      const store = openStore(settings, {
        workflowId: tool.scope ?? 'agents',
        send: jsonSend(deps.integrations, STORE_LABELS[settings.kind], signal),
        key: () => {
          if (!tool.secret) return undefined;
          const key = deps.secrets.reveal(tool.secret, undefined, { kind: 'integration', id: `agent-tool:${tool.name}` });
          // The redactor recompiles on each new value: register a key when it changes only.
          if (registered.get(tool.secret) !== key) {
            registered.set(tool.secret, key);
            deps.redactor.set(`vector-store:${tool.secret}`, key);
          }
          return key;
        },
      });
      const { embed, generateText } = await loadSdk();
      const model = await deps.providers.embeddingModel({ connection: tool.embeddings.provider }, tool.embeddings.model, `tool:${tool.name}`);
      const { embedding } = await embed({
        model,
        value: input,
        abortSignal: signal,
        maxRetries: 2,
        ...(tool.embeddings.dimensions ? { providerOptions: { echelon: { dimensions: tool.embeddings.dimensions } } } : {}),
      });
      const found = await store.search(embedding, tool.topK);
      if (!tool.answer) {
        const documents = found.map(({ document }) => JSON.stringify(tool.includeMetadata ? document : { pageContent: document.pageContent }));
        return { content: documents.map((text) => ({ type: 'text', text })) };
      }
      const { model: chat } = await deps.providers.model({ connection: tool.answer.provider }, tool.answer.model, `tool:${tool.name}`);
      const result = await generateText({ model: chat, prompt: fillTemplate(QA_PROMPT, { context: stuffDocuments(found.map((entry) => entry.document)), question: input }), abortSignal: signal, maxRetries: 2 });
      return { content: [{ type: 'text', text: result.text }] };
    } catch (error) {
      if (signal.aborted) throw error;
      return { isError: true, content: [{ type: 'text', text: (error as Error).message }] };
    }
  };
}
