import type { N8nNode } from './import-n8n';
import { list, obj, str, type MapContext, type Params } from './map-helpers';

/**
 * The sub-nodes that give an n8n AI node its model (`ai_languageModel`) and its output parser
 * (`ai_outputParser`), read into the provider connection, model and JSON Schema of the Echelon
 * node they fold into. Every vendor speaks OpenAI's chat completions API at some base URL,
 * except Anthropic, which has a provider kind of its own.
 */

export const LC = '@n8n/n8n-nodes-langchain.';
export const num = (value: Params[string] | undefined): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

export function locator(value: Params[string] | undefined): string {
  const record = obj(value);
  return '__rl' in record || 'value' in record ? str(record.value) : str(value);
}

interface ModelKind {
  provider: 'openai-compatible' | 'anthropic';
  label: string;
  baseUrl: string | ((params: Params, credentialName: string) => string);
  model: (params: Params) => string;
}

const modelOr = (fallback: string) => (params: Params) => locator(params.model) || str(params.modelName) || fallback;

/** Chat-model sub-nodes: the connection they become (named after their n8n credential) and their model. */
const CHAT_MODELS: Record<string, ModelKind> = {
  lmChatOpenAi: { provider: 'openai-compatible', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: modelOr('gpt-4o-mini') },
  lmOpenAi: { provider: 'openai-compatible', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: modelOr('gpt-3.5-turbo-instruct') },
  lmChatAzureOpenAi: {
    provider: 'openai-compatible',
    label: 'Azure OpenAI',
    // Azure's v1 API speaks OpenAI's shapes at the resource's /openai/v1.
    baseUrl: 'https://YOUR-RESOURCE.openai.azure.com/openai/v1',
    model: modelOr('gpt-4o-mini'),
  },
  lmChatAnthropic: { provider: 'anthropic', label: 'Anthropic', baseUrl: 'https://api.anthropic.com/v1', model: modelOr('claude-3-5-sonnet-latest') },
  lmChatOpenRouter: { provider: 'openai-compatible', label: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', model: modelOr('openai/gpt-4o-mini') },
  lmChatOllama: { provider: 'openai-compatible', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', model: modelOr('llama3.2') },
  lmOllama: { provider: 'openai-compatible', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', model: modelOr('llama3.2') },
  lmChatGroq: { provider: 'openai-compatible', label: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', model: modelOr('llama-3.3-70b-versatile') },
  lmChatMistralCloud: { provider: 'openai-compatible', label: 'Mistral', baseUrl: 'https://api.mistral.ai/v1', model: modelOr('mistral-small-latest') },
  lmChatDeepSeek: { provider: 'openai-compatible', label: 'DeepSeek', baseUrl: 'https://api.deepseek.com/v1', model: modelOr('deepseek-chat') },
  lmChatXAiGrok: { provider: 'openai-compatible', label: 'xAI', baseUrl: 'https://api.x.ai/v1', model: modelOr('grok-2-latest') },
  lmOpenHuggingFaceInference: { provider: 'openai-compatible', label: 'Hugging Face', baseUrl: 'https://router.huggingface.co/v1', model: modelOr('mistralai/Mistral-7B-Instruct-v0.3') },
  lmChatGoogleGemini: {
    provider: 'openai-compatible',
    label: 'Gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    model: (params) => str(params.modelName, 'models/gemini-2.0-flash').replace(/^models\//, ''),
  },
};

export const CHAT_MODEL_TYPES = Object.keys(CHAT_MODELS);

export interface ChatModel {
  provider: string;
  model: string;
  temperature?: number;
  maxTokens?: number;
}

/** The model a root node's `ai_languageModel` sub-node gives it, noting the connection to create. */
export function chatModel(ctx: MapContext, root: N8nNode): ChatModel | undefined {
  const attached = ctx.attached('ai_languageModel')[0];
  if (!attached) {
    ctx.notes.push(`"${root.name}" has no chat model attached: set the provider and model of the node.`);
    return undefined;
  }
  const kind = attached.node.type.startsWith(LC) ? CHAT_MODELS[attached.node.type.slice(LC.length)] : undefined;
  if (!kind) {
    ctx.notes.push(`"${root.name}" uses the chat model "${attached.node.name}" (${attached.node.type}), which Echelon does not map: set an OpenAI-compatible or Anthropic provider instead.`);
    return undefined;
  }
  const options = obj(attached.parameters.options);
  const credential = Object.values(attached.node.credentials ?? {})[0]?.name;
  const connection = credential ?? kind.label;
  const configured = str(options.baseURL ?? options.baseUrl ?? attached.parameters.baseUrl);
  const baseUrl = configured && !configured.includes('{{') ? configured : typeof kind.baseUrl === 'string' ? kind.baseUrl : kind.baseUrl(attached.parameters, connection);
  ctx.notes.push(`"${root.name}" talks to ${kind.label} through a connection named "${connection}": create it on the Integrations page (${kind.provider === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible'}, base URL ${baseUrl}) with your key.`);
  return {
    provider: connection,
    model: kind.model(attached.parameters),
    temperature: num(options.temperature),
    maxTokens: num(options.maxTokensToSample) ?? num(options.maxTokens) ?? num(options.maxOutputTokens),
  };
}

/** The model's settings as node parameters. */
export function modelParameters(model: ChatModel | undefined): Params {
  if (!model) return {};
  return { provider: model.provider, model: model.model, ...(model.temperature !== undefined ? { temperature: model.temperature } : {}), ...(model.maxTokens ? { maxTokens: model.maxTokens } : {}) };
}

/** A JSON Schema from an example object, as n8n's "generate from example" does. */
export function schemaFromExample(example: unknown): Record<string, unknown> {
  if (Array.isArray(example)) return { type: 'array', items: example.length > 0 ? schemaFromExample(example[0]) : {} };
  if (example !== null && typeof example === 'object') {
    const entries = Object.entries(example);
    return { type: 'object', properties: Object.fromEntries(entries.map(([key, value]) => [key, schemaFromExample(value)])), required: entries.map(([key]) => key) };
  }
  if (typeof example === 'number') return { type: 'number' };
  if (typeof example === 'boolean') return { type: 'boolean' };
  return { type: 'string' };
}

/** n8n's structured schema parameters: an example (`fromJson`) or a JSON Schema (`manual`). */
export function schemaOf(params: Params, what: string, ctx: MapContext): Record<string, unknown> | undefined {
  const fromExample = str(params.schemaType) === 'fromJson' || (params.jsonSchemaExample !== undefined && params.inputSchema === undefined && params.jsonSchema === undefined);
  const text = fromExample ? str(params.jsonSchemaExample, '{}') : str(params.inputSchema ?? params.jsonSchema, '{}');
  try {
    const parsed = JSON.parse(text) as unknown;
    return fromExample ? schemaFromExample(parsed) : (parsed as Record<string, unknown>);
  } catch {
    ctx.notes.push(`The output schema of ${what} is not valid JSON: set it by hand.`);
    return undefined;
  }
}

/**
 * The JSON Schema of an attached output parser: structured (its schema), auto-fixing (the
 * structured parser it wraps; Echelon refuses an answer that does not match instead of asking
 * again) or item list (a list of strings).
 */
export function outputSchema(ctx: MapContext, root: N8nNode): Record<string, unknown> | undefined {
  const parser = ctx.attached('ai_outputParser')[0];
  if (!parser) return undefined;
  const type = parser.node.type.slice(LC.length);
  if (type === 'outputParserStructured') return schemaOf(parser.parameters, `"${parser.node.name}"`, ctx);
  if (type === 'outputParserItemList') {
    const count = num(obj(parser.parameters.options).numberOfItems);
    return { type: 'array', items: { type: 'string' }, ...(count && count > 0 ? { maxItems: count } : {}) };
  }
  if (type === 'outputParserAutofixing') {
    const inner = ctx.attached('ai_outputParser', parser.node.name)[0];
    if (inner?.node.type === `${LC}outputParserStructured`) return schemaOf(inner.parameters, `"${inner.node.name}"`, ctx);
  }
  ctx.notes.push(`"${root.name}" uses the output parser "${parser.node.name}" (${parser.node.type}), which Echelon does not map: its answer stays text.`);
  return undefined;
}

/** n8n's agent and chain prompt: `define` uses the text, `auto` the chat trigger's message. */
export function prompt(node: N8nNode, params: Params): string {
  const promptType = str(params.promptType, params.text !== undefined && (node.typeVersion ?? 1) < 1.5 ? 'define' : 'auto');
  return promptType === 'define' ? str(params.text, '{{ $json.chatInput }}') : '{{ $json.chatInput }}';
}

export { list, obj, str };
