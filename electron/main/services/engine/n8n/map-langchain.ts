import type { JsonValue } from '../../../../../shared/workflow/document';
import type { N8nNode } from './import-n8n';
import type { MappedNode, MapContext, Mapper } from './map-helpers';

/**
 * n8n's AI nodes (`@n8n/n8n-nodes-langchain`) onto Echelon's "AI agent" and "Chat model" nodes.
 * n8n wires an agent from sub-nodes (a chat model, a memory, an output parser, tools) through
 * `ai_*` connections; here those sub-nodes fold into the one node they feed, and disappear as
 * nodes of their own. Credentials become provider connections of the same name.
 */

type Params = Record<string, JsonValue>;

const V = '1.0.0';
const LC = '@n8n/n8n-nodes-langchain.';
const obj = (value: JsonValue | undefined): Params => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Params) : {});
const list = (value: JsonValue | undefined): JsonValue[] => (Array.isArray(value) ? value : []);
const str = (value: JsonValue | undefined, fallback = ''): string => (typeof value === 'string' ? value : value === undefined || value === null ? fallback : String(value));
const num = (value: JsonValue | undefined): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function locator(value: JsonValue | undefined): string {
  const record = obj(value);
  return '__rl' in record || 'value' in record ? str(record.value) : str(value);
}

/** A tool name the way providers take it: letters, digits, `_` and `-`. */
const toolName = (name: string) => name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64) || 'tool';

/** Chat-model sub-nodes: the connection they become (named after their n8n credential) and their model. */
const CHAT_MODELS: Record<string, { provider: string; label: string; baseUrl: string; model: (params: Params) => string }> = {
  lmChatOpenAi: { provider: 'openai-compatible', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: (params) => locator(params.model) || 'gpt-4o-mini' },
  lmChatAnthropic: { provider: 'anthropic', label: 'Anthropic', baseUrl: 'https://api.anthropic.com/v1', model: (params) => locator(params.model) || 'claude-3-5-sonnet-latest' },
  lmChatOpenRouter: { provider: 'openai-compatible', label: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', model: (params) => locator(params.model) || 'openai/gpt-4o-mini' },
  lmChatOllama: { provider: 'openai-compatible', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', model: (params) => locator(params.model) || 'llama3.2' },
  lmChatGoogleGemini: {
    provider: 'openai-compatible',
    label: 'Gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    model: (params) => str(params.modelName, 'models/gemini-2.0-flash').replace(/^models\//, ''),
  },
};

interface ChatModel {
  provider: string;
  model: string;
  temperature?: number;
  maxTokens?: number;
}

/** The model a root node's `ai_languageModel` sub-node gives it, noting the connection to create. */
function chatModel(ctx: MapContext, root: N8nNode): ChatModel | undefined {
  const attached = ctx.attached('ai_languageModel')[0];
  if (!attached) {
    ctx.notes.push(`"${root.name}" has no chat model attached: set the provider and model of the node.`);
    return undefined;
  }
  const kind = CHAT_MODELS[attached.node.type.slice(LC.length)];
  if (!kind) {
    ctx.notes.push(`"${root.name}" uses the chat model "${attached.node.name}" (${attached.node.type}), which Echelon does not map: set an OpenAI-compatible or Anthropic provider instead.`);
    return undefined;
  }
  const options = obj(attached.parameters.options);
  const credential = Object.values(attached.node.credentials ?? {})[0]?.name;
  const connection = credential ?? kind.label;
  const baseUrl = str(options.baseURL) && !str(options.baseURL).includes('{{') ? str(options.baseURL) : kind.baseUrl;
  ctx.notes.push(`"${root.name}" talks to ${kind.label} through a connection named "${connection}": create it on the Integrations page (${kind.provider === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible'}, base URL ${baseUrl}) with your key.`);
  return {
    provider: connection,
    model: kind.model(attached.parameters),
    temperature: num(options.temperature),
    maxTokens: num(options.maxTokensToSample) ?? num(options.maxTokens),
  };
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

/** The JSON Schema of an attached structured output parser. */
function outputSchema(ctx: MapContext, root: N8nNode): Record<string, unknown> | undefined {
  const parser = ctx.attached('ai_outputParser')[0];
  if (!parser) return undefined;
  if (!parser.node.type.endsWith('.outputParserStructured')) {
    ctx.notes.push(`"${root.name}" uses the output parser "${parser.node.name}" (${parser.node.type}), which Echelon does not map: its answer stays text.`);
    return undefined;
  }
  const params = parser.parameters;
  const fromExample = str(params.schemaType) === 'fromJson' || (params.jsonSchemaExample !== undefined && params.inputSchema === undefined && params.jsonSchema === undefined);
  const text = fromExample ? str(params.jsonSchemaExample, '{}') : str(params.inputSchema ?? params.jsonSchema, '{}');
  try {
    const parsed = JSON.parse(text) as unknown;
    return fromExample ? schemaFromExample(parsed) : (parsed as Record<string, unknown>);
  } catch {
    ctx.notes.push(`The output schema of "${parser.node.name}" is not valid JSON: set the output schema of "${root.name}" by hand.`);
    return undefined;
  }
}

/** n8n's agent and chain prompt: `define` uses the text, `auto` the chat trigger's message. */
function prompt(node: N8nNode, params: Params): string {
  const promptType = str(params.promptType, params.text !== undefined && (node.typeVersion ?? 1) < 1.5 ? 'define' : 'auto');
  return promptType === 'define' ? str(params.text, '{{ $json.chatInput }}') : '{{ $json.chatInput }}';
}

function nameValues(value: JsonValue | undefined): Record<string, string> {
  return Object.fromEntries(list(obj(value).values).map((entry) => [str(obj(entry).name), str(obj(entry).value)]).filter(([name]) => name));
}

/** n8n's HTTP Request tool: its `{placeholder}`s become the tool's arguments. */
function httpTool(ctx: MapContext, node: N8nNode, params: Params): Params {
  const defined = list(obj(params.placeholderDefinitions).values).map((entry) => ({
    name: str(obj(entry).name),
    description: str(obj(entry).description),
    type: ['string', 'number', 'boolean', 'json'].includes(str(obj(entry).type)) ? str(obj(entry).type) : 'string',
  }));
  let body: string | undefined;
  if (params.sendBody === true) {
    body = str(params.specifyBody, 'keypair') === 'json' ? str(params.jsonBody, '{}') : JSON.stringify(nameValues(params.parametersBody));
  }
  const headers = params.sendHeaders === true ? nameValues(params.parametersHeaders) : {};
  const query = params.sendQuery === true ? nameValues(params.parametersQuery) : {};
  const texts = [str(params.url), body ?? '', ...Object.values(headers), ...Object.values(query)];
  const used = new Set(texts.flatMap((text) => [...text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => match[1]!)));
  const placeholders = [...defined.filter((placeholder) => used.has(placeholder.name)), ...[...used].filter((name) => !defined.some((placeholder) => placeholder.name === name)).map((name) => ({ name, description: '', type: 'string' }))];
  const tool: Params = { name: toolName(node.name), description: str(params.toolDescription), method: str(params.method, 'GET').toUpperCase(), url: str(params.url), headers, query, placeholders };
  if (body !== undefined) tool.body = body;
  const credential = Object.values(node.credentials ?? {})[0]?.name;
  if (credential) {
    tool.connection = credential;
    ctx.notes.push(`The HTTP tool "${node.name}" authenticates with a connection named "${credential}": create it on the Integrations page.`);
  }
  return tool;
}

/** The agent's attached tools: workflows and HTTP requests map; the rest are named in the notes. */
function tools(ctx: MapContext, root: N8nNode): { workflowTools: Params[]; httpTools: Params[] } {
  const workflowTools: Params[] = [];
  const httpTools: Params[] = [];
  for (const { node, parameters } of ctx.attached('ai_tool')) {
    const type = node.type.slice(LC.length);
    if (type === 'toolWorkflow') {
      const reference = locator(parameters.workflowId);
      const local = reference && !reference.includes('{{') ? ctx.resolveWorkflow(reference) : undefined;
      if (!local) ctx.notes.push(`The tool "${node.name}" runs n8n workflow ${reference || '(from JSON)'}, which is not imported yet: import it, then point the tool at its Echelon id.`);
      workflowTools.push({ name: toolName(str(parameters.name, node.name)), description: str(parameters.description), workflowId: local ?? (reference || 'missing') });
    } else if (type === 'toolHttpRequest') httpTools.push(httpTool(ctx, node, parameters));
    else ctx.notes.push(`"${root.name}" has the tool "${node.name}" (${node.type}), which Echelon does not map: give the agent an MCP tool that does the same.`);
  }
  return { workflowTools, httpTools };
}

function memory(ctx: MapContext, root: N8nNode): Params | undefined {
  const attached = ctx.attached('ai_memory')[0];
  if (!attached) return undefined;
  const params = attached.parameters;
  const custom = str(params.sessionIdType) === 'customKey' || ((attached.node.typeVersion ?? 1) < 1.2 && params.sessionKey !== undefined);
  if (!attached.node.type.endsWith('.memoryBufferWindow')) ctx.notes.push(`"${root.name}" kept its memory in "${attached.node.name}" (${attached.node.type}); Echelon keeps it in its own store, with the same window.`);
  return { sessionKey: custom ? str(params.sessionKey, '{{ $json.sessionId }}') : '{{ $json.sessionId }}', windowSize: num(params.contextWindowLength) ?? 5 };
}

const agent: Mapper = (node, params, ctx) => {
  const options = obj(params.options);
  const model = chatModel(ctx, node);
  const parameters: Params = {
    prompt: prompt(node, params),
    systemPrompt: str(options.systemMessage, 'You are a helpful assistant'),
    maxSteps: num(options.maxIterations) ?? 10,
    ...tools(ctx, node),
  };
  if (model) Object.assign(parameters, { provider: model.provider, model: model.model }, model.temperature !== undefined ? { temperature: model.temperature } : {});
  const remembered = memory(ctx, node);
  if (remembered) parameters.memory = remembered;
  const schema = params.hasOutputParser === true || (node.typeVersion ?? 1) < 1.5 ? outputSchema(ctx, node) : undefined;
  if (schema) parameters.outputSchema = schema as Params;
  return { type: 'ai-agent.run', version: V, parameters, outputs: ['main'] };
};

/** The chain's and the OpenAI node's instructions: its system messages. */
function chainMessages(params: Params): { system: string[]; user: string[] } {
  const system: string[] = [];
  const user: string[] = [];
  for (const entry of list(obj(params.messages).messageValues)) {
    const message = obj(entry);
    if (str(message.type, 'SystemMessagePromptTemplate') === 'SystemMessagePromptTemplate') system.push(str(message.message));
    else if (str(message.type) === 'HumanMessagePromptTemplate') user.push(str(message.message));
  }
  return { system, user };
}

const chainLlm: Mapper = (node, params, ctx) => {
  const model = chatModel(ctx, node);
  const { system, user } = chainMessages(params);
  const parameters: Params = { prompt: [...user, prompt(node, params)].join('\n\n') };
  if (system.length > 0) parameters.system = system.join('\n\n');
  if (model) Object.assign(parameters, { provider: model.provider, model: model.model }, model.temperature !== undefined ? { temperature: model.temperature } : {}, model.maxTokens ? { maxTokens: model.maxTokens } : {});
  const schema = params.hasOutputParser === true ? outputSchema(ctx, node) : undefined;
  if (schema) parameters.outputSchema = schema as Params;
  return { type: 'chat-model.complete', version: V, parameters, outputs: ['main'] };
};

/** The OpenAI node's "message a model" (the only operation a chat model does). */
const openAi: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'text');
  const operation = str(params.operation, 'message');
  if (resource !== 'text' || operation !== 'message') {
    ctx.notes.push(`"${node.name}" uses OpenAI's ${resource} ${operation}, which Echelon does not map (only "message a model").`);
    return undefined;
  }
  const messages = list(obj(params.messages).values).map(obj);
  const system = messages.filter((message) => str(message.role) === 'system').map((message) => str(message.content));
  const user = messages.filter((message) => str(message.role, 'user') !== 'system').map((message) => str(message.content));
  const credential = Object.values(node.credentials ?? {})[0]?.name ?? 'OpenAI';
  ctx.notes.push(`"${node.name}" talks to OpenAI through a connection named "${credential}": create it on the Integrations page (OpenAI-compatible, base URL https://api.openai.com/v1) with your key.`);
  const parameters: Params = { provider: credential, model: locator(params.modelId) || 'gpt-4o-mini', prompt: user.join('\n\n') || '{{ $json.chatInput }}' };
  if (system.length > 0) parameters.system = system.join('\n\n');
  const options = obj(params.options);
  if (num(options.temperature) !== undefined) parameters.temperature = num(options.temperature)!;
  if (num(options.maxTokens) !== undefined) parameters.maxTokens = num(options.maxTokens)!;
  if (params.jsonOutput === true) parameters.outputSchema = { type: 'object' };
  return { type: 'chat-model.complete', version: V, parameters, outputs: ['main'] };
};

/** n8n's chat trigger: a manual trigger whose run form is the chat message (and the session). */
const chatTrigger: Mapper = (node, _params, ctx) => {
  ctx.notes.push(`"${node.name}" was n8n's chat trigger: run the workflow with { "chatInput": "…", "sessionId": "…" } as its input (n8n's hosted chat page is not served).`);
  return {
    type: 'manual.trigger',
    version: V,
    parameters: {
      fields: [
        { name: 'chatInput', type: 'string', required: true, description: 'The chat message' },
        { name: 'sessionId', type: 'string', required: false, description: 'The conversation, for memory' },
      ],
    },
    outputs: ['main'],
  };
};

/** A sub-node folds into the AI node it feeds; on its own it has no meaning. */
const subNode: Mapper = (node, _params, ctx): MappedNode | undefined => {
  const roots = ctx.feeds().filter((root) => ROOTS.has(root.type));
  if (roots.length > 0) return { type: 'absorbed', version: V, parameters: {}, outputs: [], absorbed: true };
  ctx.notes.push(`"${node.name}" (${node.type}) feeds no node Echelon maps.`);
  return undefined;
};

const ROOTS = new Set([`${LC}agent`, `${LC}chainLlm`]);

export const LANGCHAIN_MAPPERS: Record<string, Mapper> = {
  [`${LC}agent`]: agent,
  [`${LC}chainLlm`]: chainLlm,
  [`${LC}openAi`]: openAi,
  [`${LC}chatTrigger`]: chatTrigger,
  [`${LC}manualChatTrigger`]: chatTrigger,
  ...Object.fromEntries(
    [...Object.keys(CHAT_MODELS), 'memoryBufferWindow', 'memoryPostgresChat', 'memoryRedisChat', 'memoryMongoDbChat', 'outputParserStructured', 'toolWorkflow', 'toolHttpRequest'].map((type) => [`${LC}${type}`, subNode]),
  ),
};
