import type { N8nNode } from './import-n8n';
import { LC, locator, list, num, obj, str } from './map-ai-models';
import { agentTools } from './map-ai-tools';
import { V, type MapContext, type MappedNode, type Mapper, type Params } from './map-helpers';

/**
 * n8n's OpenAI nodes — the AI one (`@n8n/n8n-nodes-langchain.openAi`) and the first one
 * (`n8n-nodes-base.openAi`) — as the OpenAI-compatible integration's actions, which call the
 * same endpoints and give the same output shapes. The node's n8n credential becomes a
 * connection to choose (its name is kept in the note).
 */

function openAiAction(node: N8nNode, ctx: MapContext, actionId: string, parameters: Params, outputs = ['main']): MappedNode {
  const credential = Object.values(node.credentials ?? {})[0]?.name ?? 'OpenAI';
  ctx.notes.push(`"${node.name}" calls OpenAI: choose an OpenAI-compatible connection on the node (base URL https://api.openai.com/v1, your key; n8n's credential was "${credential}").`);
  return { type: `openai-compatible.${actionId}`, version: V, parameters, outputs };
}

const put = (target: Params, key: string, value: Params[string] | undefined) => {
  if (value !== undefined && value !== null && value !== '') target[key] = value;
};

/** n8n's chat options, as the action's parameters. */
function chatOptions(options: Params): Params {
  const out: Params = {};
  put(out, 'temperature', num(options.temperature));
  put(out, 'maxTokens', num(options.maxTokens));
  put(out, 'topP', num(options.topP));
  put(out, 'frequencyPenalty', num(options.frequencyPenalty));
  put(out, 'presencePenalty', num(options.presencePenalty));
  put(out, 'n', num(options.n));
  return out;
}

const messagesOf = (values: Params[string] | undefined) => list(values).map(obj).map((message) => ({ role: str(message.role, 'user'), content: str(message.content) }));
const commaList = (value: Params[string] | undefined) => str(value).split(',').map((entry) => entry.trim()).filter(Boolean);

/** "Message a model" with tools attached is an agent: the model calls the tools until it answers. */
function messageWithTools(node: N8nNode, params: Params, ctx: MapContext): MappedNode {
  const messages = messagesOf(obj(params.messages).values);
  const credential = Object.values(node.credentials ?? {})[0]?.name ?? 'OpenAI';
  ctx.notes.push(`"${node.name}" messages a model that uses tools: it runs as an AI agent through a connection named "${credential}" (create it on the Integrations page: OpenAI-compatible, base URL https://api.openai.com/v1), and its answer is in \`output\`.`);
  return {
    type: 'ai-agent.run',
    version: V,
    parameters: {
      provider: credential,
      model: locator(params.modelId) || 'gpt-4o-mini',
      prompt: messages.filter((message) => message.role !== 'system').map((message) => message.content).join('\n\n') || '{{ $json.chatInput }}',
      systemPrompt: messages.filter((message) => message.role === 'system').map((message) => message.content).join('\n\n'),
      maxSteps: num(obj(params.options).maxToolsIterations) ?? 15,
      ...agentTools(ctx, node),
    },
    outputs: ['main'],
  };
}

const langchainOpenAi: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'text');
  const operation = str(params.operation, resource === 'image' ? 'generate' : resource === 'audio' ? 'generate' : 'message');
  const options = obj(params.options);
  const simplify = params.simplify !== false;
  if (resource === 'text' && (operation === 'message' || operation === 'response')) {
    if (ctx.attached('ai_tool').length > 0) return messageWithTools(node, params, ctx);
    const messages = messagesOf(obj(params.messages ?? params.responses).values);
    return openAiAction(node, ctx, 'message', { model: locator(params.modelId) || 'gpt-4o-mini', messages: messages.length > 0 ? messages : [{ role: 'user', content: '{{ $json.chatInput }}' }], jsonOutput: params.jsonOutput === true, simplify, ...chatOptions(options) });
  }
  if (resource === 'text' && operation === 'classify') {
    return openAiAction(node, ctx, 'moderate', { input: str(params.input), simplify, ...(options.useStableModel === true ? { model: 'text-moderation-stable' } : {}) });
  }
  if (resource === 'image' && operation === 'analyze') {
    const base64 = str(params.inputType, 'url') === 'base64';
    const parameters: Params = { model: locator(params.modelId) || 'gpt-4o', text: str(params.text, "What's in this image?"), simplify, detail: str(options.detail, 'auto') };
    if (base64) parameters.binaryProperties = commaList(params.binaryPropertyName ?? 'data');
    else parameters.imageUrls = commaList(params.imageUrls);
    put(parameters, 'maxTokens', num(options.maxTokens));
    return openAiAction(node, ctx, 'analyzeImage', parameters);
  }
  if (resource === 'image' && operation === 'generate') {
    const parameters: Params = { model: locator(params.model) || 'dall-e-3', prompt: str(params.prompt), returnImageUrls: options.returnImageUrls === true, binaryProperty: str(options.binaryPropertyOutput, 'data') };
    put(parameters, 'n', num(options.n));
    put(parameters, 'size', str(options.size ?? options.dalleSize));
    put(parameters, 'quality', str(options.quality ?? options.dalleQuality));
    put(parameters, 'style', str(options.style));
    return openAiAction(node, ctx, 'generateImage', parameters);
  }
  if (resource === 'audio' && (operation === 'transcribe' || operation === 'translate')) {
    const parameters: Params = { binaryProperty: str(params.binaryPropertyName, 'data') };
    if (operation === 'transcribe') put(parameters, 'language', str(options.language));
    put(parameters, 'temperature', num(options.temperature));
    return openAiAction(node, ctx, operation, parameters);
  }
  if (resource === 'audio' && operation === 'generate') {
    const parameters: Params = { model: locator(params.model) || 'tts-1', input: str(params.input), voice: str(params.voice, 'alloy'), binaryProperty: str(options.binaryPropertyOutput, 'data') };
    put(parameters, 'responseFormat', str(options.response_format));
    put(parameters, 'speed', num(options.speed));
    return openAiAction(node, ctx, 'speech', parameters);
  }
  ctx.notes.push(
    resource === 'assistant' || resource === 'file'
      ? `"${node.name}" uses OpenAI's ${resource === 'assistant' ? 'Assistants' : 'Files'} API (${operation}), which OpenAI is retiring and Echelon does not map: rebuild it as an AI agent node with the assistant's instructions and tools.`
      : `"${node.name}" uses OpenAI's ${resource} ${operation}, which Echelon does not map: call the OpenAI API with an HTTP request node.`,
  );
  return undefined;
};

/** n8n's first OpenAI node: chat and text completion, text edit (as an instruct completion), moderation, image creation. */
const baseOpenAi: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'text');
  const operation = str(params.operation, resource === 'image' ? 'create' : 'complete');
  const options = obj(params.options);
  const simplify = params.simplifyOutput !== false;
  if (resource === 'chat') {
    return openAiAction(node, ctx, 'message', { model: str(params.model ?? params.chatModel, 'gpt-3.5-turbo'), messages: messagesOf(obj(params.prompt).messages), simplify, ...chatOptions(options) });
  }
  if (resource === 'text' && operation === 'complete') {
    const parameters: Params = { model: str(params.model, 'gpt-3.5-turbo-instruct'), prompt: str(params.prompt), simplify, ...chatOptions(options) };
    if (/^(text-davinci|text-curie|text-babbage|text-ada)/.test(str(parameters.model))) {
      ctx.notes.push(`"${node.name}" used ${str(parameters.model)}, which OpenAI retired: it completes with gpt-3.5-turbo-instruct.`);
      parameters.model = 'gpt-3.5-turbo-instruct';
    }
    delete parameters.topP;
    return openAiAction(node, ctx, 'complete', parameters);
  }
  if (resource === 'text' && operation === 'edit') {
    ctx.notes.push(`"${node.name}" edited text with OpenAI's retired edits API: it completes the instruction and the text with gpt-3.5-turbo-instruct.`);
    return openAiAction(node, ctx, 'complete', { model: 'gpt-3.5-turbo-instruct', prompt: `${str(params.instruction)}\n\n${str(params.input)}`, simplify, ...chatOptions(options) });
  }
  if (resource === 'text' && operation === 'moderate') {
    return openAiAction(node, ctx, 'moderate', { input: str(params.input), simplify: false, ...(options.useStableModel === true ? { model: 'text-moderation-stable' } : {}) });
  }
  if (resource === 'image' && operation === 'create') {
    const parameters: Params = { model: str(options.model ?? params.model, 'dall-e-2'), prompt: str(params.prompt), returnImageUrls: str(params.responseFormat, 'binaryData') === 'imageUrl', binaryProperty: 'data' };
    put(parameters, 'n', num(options.n));
    put(parameters, 'size', str(options.size));
    put(parameters, 'quality', str(options.quality));
    put(parameters, 'style', str(options.style));
    return openAiAction(node, ctx, 'generateImage', parameters);
  }
  ctx.notes.push(`"${node.name}" uses OpenAI's ${resource} ${operation}, which Echelon does not map: call the OpenAI API with an HTTP request node.`);
  return undefined;
};

export const OPENAI_MAPPERS: Record<string, Mapper> = {
  [`${LC}openAi`]: langchainOpenAi,
  'n8n-nodes-base.openAi': baseOpenAi,
  'n8n-nodes-base.openAI': baseOpenAi,
};
