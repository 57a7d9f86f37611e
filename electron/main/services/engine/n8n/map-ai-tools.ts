import type { N8nNode } from './import-n8n';
import { LC, locator, list, obj, str } from './map-ai-models';
import type { MapContext, Params } from './map-helpers';
import { isVectorStoreTool, vectorStoreTool } from './map-rag';

/**
 * The tools an n8n agent is given (`ai_tool` sub-nodes), as the Echelon agent's tools: workflows,
 * HTTP requests (n8n's HTTP Request tool, and the Wikipedia, SerpApi and Wolfram|Alpha tools,
 * which are one request to those APIs each).
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

export interface AgentTools {
  workflowTools: Params[];
  httpTools: Params[];
  vectorStoreTools?: Params[];
}

/** The agent's attached tools; the ones Echelon cannot give an agent are named in the notes. */
export function agentTools(ctx: MapContext, root: N8nNode): AgentTools {
  const tools: AgentTools = { workflowTools: [], httpTools: [] };
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
    else if (isVectorStoreTool(node, parameters)) {
      const tool = vectorStoreTool(ctx, node, parameters);
      if (tool) (tools.vectorStoreTools ??= []).push(tool);
    } else ctx.notes.push(`"${root.name}" has the tool "${node.name}" (${node.type}), which Echelon does not map: give the agent an MCP tool that does the same.`);
  }
  return tools;
}

/** The tool sub-node types this module maps. */
export const TOOL_TYPES = ['toolWorkflow', 'toolHttpRequest', 'toolWikipedia', 'toolSerpApi', 'toolWolframAlpha', 'toolVectorStore'];
