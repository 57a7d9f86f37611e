import { CHAIN_MAPPERS } from './map-ai-chains';
import { CHAT_MODEL_TYPES, chatModel, LC, modelParameters, num, obj, outputSchema, prompt, str } from './map-ai-models';
import { agentTools, SERVICE_TOOL_TYPES, TOOL_TYPES } from './map-ai-tools';
import { OPENAI_MAPPERS } from './map-openai';
import type { N8nNode } from './import-n8n';
import { V, type MappedNode, type MapContext, type Mapper, type Params } from './map-helpers';

/**
 * n8n's AI nodes (`@n8n/n8n-nodes-langchain`) onto Echelon's "AI agent", "Chat model" and "AI
 * text" nodes. n8n wires a root node from sub-nodes (a chat model, a memory, an output parser,
 * tools) through `ai_*` connections; here those sub-nodes fold into the node they feed, and
 * disappear as nodes of their own. Credentials become provider connections of the same name.
 * Models and parsers: map-ai-models.ts; chains: map-ai-chains.ts; tools: map-ai-tools.ts.
 */

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
  const model = modelParameters(chatModel(ctx, node));
  delete model.maxTokens;
  const parameters: Params = {
    prompt: prompt(node, params),
    systemPrompt: str(options.systemMessage, 'You are a helpful assistant'),
    maxSteps: num(options.maxIterations) ?? 10,
    ...agentTools(ctx, node),
    ...model,
  };
  const remembered = memory(ctx, node);
  if (remembered) parameters.memory = remembered;
  const schema = params.hasOutputParser === true || (node.typeVersion ?? 1) < 1.5 ? outputSchema(ctx, node) : undefined;
  if (schema) parameters.outputSchema = schema as Params;
  return { type: 'ai-agent.run', version: V, parameters, outputs: ['main'] };
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

/**
 * A sub-node folds into the root it feeds, directly or through other sub-nodes (a chat model
 * feeding an auto-fixing output parser). An unmapped root is reported itself, with its remedy.
 */
export const subNode: Mapper = (node, _params, ctx): MappedNode | undefined => {
  const seen = new Set([node.name]);
  let frontier = ctx.feeds();
  while (frontier.length > 0) {
    if (frontier.some((fed) => ctx.feeds(fed.name).length === 0)) return { type: 'absorbed', version: V, parameters: {}, outputs: [], absorbed: true };
    frontier = frontier.filter((fed) => !seen.has(fed.name) && seen.add(fed.name)).flatMap((fed) => ctx.feeds(fed.name));
  }
  ctx.notes.push(`"${node.name}" (${node.type}) feeds no node: connect it to an AI agent or chain, or delete it.`);
  return undefined;
};

/** n8n's LangChain Code node builds LangChain objects against n8n's internals: nothing in Echelon can run it as written. */
const langchainCode: Mapper = (node, _params, ctx) => {
  ctx.notes.push(`"${node.name}" is n8n's LangChain Code node, whose code drives LangChain inside n8n: rebuild its logic with an AI agent or Chat model node (with an output schema), and a Code step for the data around it.`);
  return undefined;
};

const SUB_NODES = [...CHAT_MODEL_TYPES, 'memoryBufferWindow', 'memoryPostgresChat', 'memoryRedisChat', 'memoryMongoDbChat', 'outputParserStructured', 'outputParserAutofixing', 'outputParserItemList', ...TOOL_TYPES];

export const LANGCHAIN_MAPPERS: Record<string, Mapper> = {
  [`${LC}agent`]: agent,
  [`${LC}chatTrigger`]: chatTrigger,
  [`${LC}manualChatTrigger`]: chatTrigger,
  [`${LC}code`]: langchainCode,
  ...CHAIN_MAPPERS,
  ...OPENAI_MAPPERS,
  ...Object.fromEntries([...SUB_NODES.map((type) => `${LC}${type}`), ...SERVICE_TOOL_TYPES].map((type) => [type, subNode])),
};
