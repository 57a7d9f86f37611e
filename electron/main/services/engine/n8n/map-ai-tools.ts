import { fromAiArguments, unwrapFromAi } from '../../../../../shared/agents/from-ai';
import type { JsonValue } from '../../../../../shared/workflow/document';
import type { N8nNode } from './import-n8n';
import { LC, locator, list, obj, schemaOf, str } from './map-ai-models';
import type { MapContext, Params } from './map-helpers';
import { SERVICE_MAPPERS } from './map-service-nodes';
import { isVectorStoreTool, vectorStoreTool } from './map-rag';

/**
 * The tools an n8n agent is given (`ai_tool` sub-nodes), as the Echelon agent's tools: workflows,
 * HTTP requests (n8n's HTTP Request tools, and the Wikipedia, SerpApi and Wolfram|Alpha tools,
 * which are one request to those APIs each), integration actions (n8n's `*Tool` nodes: the
 * mapped service node, its `$fromAI()` values filled in by the model), a calculator, a
 * scratchpad to think in, and JavaScript run in the Code sandbox.
 */

/** A tool name the way providers take it: letters, digits, `_` and `-`. */
export const toolName = (name: string) => name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64) || 'tool';

function nameValues(value: Params[string] | undefined): Record<string, string> {
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
  return withConnection(ctx, node, tool);
}

function withConnection(ctx: MapContext, node: N8nNode, tool: Params, how = ''): Params {
  const credential = Object.values(node.credentials ?? {})[0]?.name;
  if (!credential) return tool;
  ctx.notes.push(`The tool "${node.name}" authenticates with a connection named "${credential}": create it on the Integrations page${how}.`);
  return { ...tool, connection: credential };
}

/** n8n's Wikipedia tool: the intro of the pages best matching the query (LangChain's WikipediaQueryRun reads the top ones). */
const wikipedia = (node: N8nNode): Params => ({
  name: toolName(node.name === 'Wikipedia' ? 'wikipedia' : node.name),
  description: 'A tool for interacting with and fetching data from the Wikipedia API. The input should always be a string query.',
  method: 'GET',
  url: 'https://en.wikipedia.org/w/api.php',
  query: { action: 'query', format: 'json', generator: 'search', gsrsearch: '{query}', gsrlimit: '3', prop: 'extracts', exintro: '1', explaintext: '1', redirects: '1' },
  headers: {},
  placeholders: [{ name: 'query', description: 'What to look up on Wikipedia', type: 'string' }],
});

/** n8n's SerpApi tool: Google results through SerpApi, the key carried by the connection (`api_key`). */
const serpApi = (ctx: MapContext, node: N8nNode, params: Params): Params => {
  const options = obj(params.options);
  const query: Record<string, string> = { engine: 'google', q: '{query}' };
  for (const [key, param] of [['gl', 'gl'], ['hl', 'hl'], ['google_domain', 'google_domain'], ['device', 'device'], ['num', 'num'], ['start', 'start'], ['safe', 'safe']] as const) {
    if (options[key] !== undefined && options[key] !== null && options[key] !== '') query[param] = str(options[key]);
  }
  const tool = {
    name: toolName(node.name === 'SerpAPI' ? 'serpapi' : node.name),
    description: 'A search engine. Useful for when you need to answer questions about current events. Input should be a search query.',
    method: 'GET',
    url: 'https://serpapi.com/search.json',
    query,
    headers: {},
    placeholders: [{ name: 'query', description: 'The search query', type: 'string' }],
  };
  return withConnection(ctx, node, tool, ' (API key in the query parameter "api_key")');
};

/** n8n's Wolfram|Alpha tool: the short answer of the Wolfram|Alpha LLM API, the AppID carried by the connection (`appid`). */
const wolframAlpha = (ctx: MapContext, node: N8nNode): Params =>
  withConnection(
    ctx,
    node,
    {
      name: toolName(node.name === 'Wolfram|Alpha' ? 'wolfram_alpha' : node.name),
      description: 'A wrapper around Wolfram Alpha. Useful for when you need to answer questions about Math, Science, Technology, Culture, Society and Everyday Life. Input should be a search query.',
      method: 'GET',
      url: 'https://www.wolframalpha.com/api/v1/llm-api',
      query: { input: '{input}' },
      headers: {},
      placeholders: [{ name: 'input', description: 'The question, in English', type: 'string' }],
    },
    ' (AppID in the query parameter "appid")',
  );

/** Every string with `{{ $fromAI() }}` unwrapped to the bare call, which step expressions leave to the model. */
function unwrapped(value: JsonValue): JsonValue {
  if (typeof value === 'string') return unwrapFromAi(value);
  if (Array.isArray(value)) return value.map(unwrapped);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapped(item)]));
  return value;
}

/** "gmailTool" → "Gmail". */
const serviceName = (type: string) => {
  const local = (type.split('.').pop() ?? type).replace(/Tool$/, '');
  return local.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());
};

/** n8n's `*Tool` variant of a service node Echelon maps: the same action, offered to the model. */
function serviceTool(ctx: MapContext, node: N8nNode, params: Params): Params | undefined {
  const mapper = SERVICE_MAPPERS[node.type.replace(/Tool$/, '')];
  const notes: string[] = [];
  const mapped = mapper?.(node, params, { notes });
  if (!mapped) {
    ctx.notes.push(notes.at(-1) ?? `The tool "${node.name}" (${node.type}) has no Echelon equivalent: give the agent an MCP tool that does the same.`);
    return undefined;
  }
  const operation = [str(params.resource), str(params.operation)].filter(Boolean).join(' ');
  const tool: Params = {
    name: toolName(node.name),
    description: str(params.descriptionType) === 'manual' || params.toolDescription ? str(params.toolDescription) : `Consume the ${serviceName(node.type)} API${operation ? `: ${operation}` : ''}`,
    action: mapped.type,
    version: mapped.version,
    parameters: unwrapped(mapped.parameters) as Params,
  };
  if (fromAiArguments(mapped.parameters).length === 0) ctx.notes.push(`The tool "${node.name}" takes no values from the model ($fromAI): it runs with the same parameters each time.`);
  return withConnection(ctx, node, tool, ` (a ${serviceName(node.type)} connection)`);
}

const FROM_AI_TYPES = new Set(['string', 'number', 'boolean', 'json']);

/** n8n's HTTP Request node as a tool: its `$fromAI()` values become the request's `{placeholders}`. */
function httpRequestTool(ctx: MapContext, node: N8nNode, params: Params): Params {
  const placeholders = fromAiArguments(params).map((arg) => ({ name: arg.name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1'), description: arg.description, type: FROM_AI_TYPES.has(arg.type) ? arg.type : 'string' }));
  const asPlaceholders = (value: JsonValue | undefined): string => {
    const text = unwrapFromAi(str(value));
    return fromAiArguments(text).reduce((out, arg) => out.replace(/\$fromAI\([^)]*\)/, `{${arg.name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1')}}`), text);
  };
  const pairs = (value: JsonValue | undefined) => Object.fromEntries(list(obj(value).parameters).map(obj).map((entry) => [str(entry.name), asPlaceholders(entry.value)]).filter(([name]) => name));
  const tool: Params = {
    name: toolName(node.name),
    description: str(params.toolDescription) || `Makes an HTTP request to ${str(params.url)}`,
    method: str(params.method, 'GET').toUpperCase(),
    url: asPlaceholders(params.url),
    query: params.sendQuery === true ? pairs(params.queryParameters) : {},
    headers: params.sendHeaders === true ? pairs(params.headerParameters) : {},
    placeholders,
  };
  if (params.sendBody === true) tool.body = str(params.specifyBody, 'keypair') === 'json' ? asPlaceholders(params.jsonBody) : JSON.stringify(pairs(params.bodyParameters));
  return withConnection(ctx, node, tool);
}

const builtin = (kind: 'calculator' | 'think', node: N8nNode, params: Params): Params => ({ kind, name: toolName(node.name), description: str(params.description) });

/** n8n's Code tool: JavaScript reading `query`, run in the Code sandbox; Python is refused. */
function codeTool(ctx: MapContext, node: N8nNode, params: Params): Params | undefined {
  if (str(params.language, 'javaScript') !== 'javaScript') {
    ctx.notes.push(`The tool "${node.name}" runs Python, which Echelon does not run: rewrite it in JavaScript.`);
    return undefined;
  }
  const tool: Params = { kind: 'code', name: toolName(str(params.name, node.name)), description: str(params.description), code: str(params.jsCode ?? params.code) };
  if (params.specifyInputSchema === true) {
    const schema = schemaOf(params, `the tool "${node.name}"`, ctx);
    if (schema) tool.inputSchema = schema as Params;
  }
  return tool;
}

export interface AgentTools {
  workflowTools: Params[];
  httpTools: Params[];
  actionTools: Params[];
  builtinTools: Params[];
  vectorStoreTools?: Params[];
}

/** The agent's attached tools; the ones Echelon cannot give an agent are named in the notes. */
export function agentTools(ctx: MapContext, root: N8nNode): AgentTools {
  const tools: AgentTools = { workflowTools: [], httpTools: [], actionTools: [], builtinTools: [] };
  for (const { node, parameters } of ctx.attached('ai_tool')) {
    const type = node.type.startsWith(LC) ? node.type.slice(LC.length) : node.type;
    if (type === 'toolWorkflow') {
      const reference = locator(parameters.workflowId);
      const local = reference && !reference.includes('{{') ? ctx.resolveWorkflow(reference) : undefined;
      if (!local) ctx.notes.push(`The tool "${node.name}" runs n8n workflow ${reference || '(from JSON)'}, which is not imported yet: import it, then point the tool at its Echelon id.`);
      tools.workflowTools.push({ name: toolName(str(parameters.name, node.name)), description: str(parameters.description), workflowId: local ?? (reference || 'missing') });
    } else if (type === 'toolHttpRequest') tools.httpTools.push(httpTool(ctx, node, parameters));
    else if (type === 'toolWikipedia') tools.httpTools.push(wikipedia(node));
    else if (type === 'toolSerpApi') tools.httpTools.push(serpApi(ctx, node, parameters));
    else if (type === 'toolWolframAlpha') tools.httpTools.push(wolframAlpha(ctx, node));
    else if (type === 'toolCalculator' || type === 'toolThink') tools.builtinTools.push(builtin(type === 'toolCalculator' ? 'calculator' : 'think', node, parameters));
    else if (type === 'toolCode') {
      const tool = codeTool(ctx, node, parameters);
      if (tool) tools.builtinTools.push(tool);
    } else if (node.type === 'n8n-nodes-base.httpRequestTool') tools.httpTools.push(httpRequestTool(ctx, node, parameters));
    else if (node.type.endsWith('Tool') && SERVICE_MAPPERS[node.type.replace(/Tool$/, '')]) {
      const tool = serviceTool(ctx, node, parameters);
      if (tool) tools.actionTools.push(tool);
    } else if (isVectorStoreTool(node, parameters)) {
      const tool = vectorStoreTool(ctx, node, parameters);
      if (tool) (tools.vectorStoreTools ??= []).push(tool);
    } else ctx.notes.push(`"${root.name}" has the tool "${node.name}" (${node.type}), which Echelon does not map: give the agent an MCP tool that does the same.`);
  }
  return tools;
}

/** The tool sub-node types this module maps. */
export const TOOL_TYPES = ['toolWorkflow', 'toolHttpRequest', 'toolWikipedia', 'toolSerpApi', 'toolWolframAlpha', 'toolCalculator', 'toolThink', 'toolCode', 'toolVectorStore'];

/** n8n's `*Tool` variants of the service nodes Echelon maps, and of the HTTP Request node. */
export const SERVICE_TOOL_TYPES = [...Object.keys(SERVICE_MAPPERS).map((type) => `${type}Tool`), 'n8n-nodes-base.httpRequestTool'];
