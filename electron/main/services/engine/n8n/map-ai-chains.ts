import type { JsonValue } from '../../../../../shared/workflow/document';
import { chatModel, LC, list, modelParameters, obj, outputSchema, prompt, schemaOf, str } from './map-ai-models';
import { V, type MapContext, type Mapper, type Params } from './map-helpers';

/**
 * n8n's LLM chains: the basic chain and the information extractor become "Chat model" steps
 * (the extractor with its schema); the text classifier, sentiment analysis and summarization
 * chain become the "AI text" node's actions, with one output per category as in n8n.
 */

/** The chain's instructions: its system and user messages. */
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
  const { system, user } = chainMessages(params);
  const parameters: Params = { prompt: [...user, prompt(node, params)].join('\n\n'), ...modelParameters(chatModel(ctx, node)) };
  if (system.length > 0) parameters.system = system.join('\n\n');
  const schema = params.hasOutputParser === true ? outputSchema(ctx, node) : undefined;
  if (schema) parameters.outputSchema = schema as Params;
  return { type: 'chat-model.complete', version: V, parameters, outputs: ['main'] };
};

const EXTRACTOR_SYSTEM = "You are an expert extraction algorithm.\nOnly extract relevant information from the text.\nIf you do not know the value of an attribute asked to extract, you may omit the attribute's value.";
const ATTRIBUTE_TYPES: Record<string, Params> = { string: { type: 'string' }, number: { type: 'number' }, boolean: { type: 'boolean' }, date: { type: 'string', format: 'date-time' } };

/** The extractor's schema: from its attribute list (n8n's default), an example, or a JSON Schema. */
function extractorSchema(params: Params, name: string, ctx: MapContext): Record<string, unknown> | undefined {
  if (str(params.schemaType, 'fromAttributes') !== 'fromAttributes') return schemaOf(params, `"${name}"`, ctx);
  const attributes = list(obj(params.attributes).attributes).map(obj);
  const properties = Object.fromEntries(attributes.map((attribute) => [str(attribute.name), { ...(ATTRIBUTE_TYPES[str(attribute.type, 'string')] ?? { type: 'string' }), description: str(attribute.description) }]));
  return { type: 'object', properties, required: attributes.filter((attribute) => attribute.required === true).map((attribute) => str(attribute.name)) };
}

/** n8n's information extractor: `{ output: { … } }` per item, from the text and a schema. */
const informationExtractor: Mapper = (node, params, ctx) => {
  const schema = extractorSchema(params, node.name, ctx);
  if (!schema) return undefined;
  const options = obj(params.options);
  const parameters: Params = { prompt: str(params.text, '{{ $json.text }}'), system: str(options.systemPromptTemplate, EXTRACTOR_SYSTEM), outputSchema: schema as Params, ...modelParameters(chatModel(ctx, node)) };
  return { type: 'chat-model.complete', version: V, parameters, outputs: ['main'] };
};

const textClassifier: Mapper = (node, params, ctx) => {
  const options = obj(params.options);
  const categories = list(obj(params.categories).categories).map(obj).map((entry) => ({ category: str(entry.category), description: str(entry.description) }));
  if (categories.length === 0) {
    ctx.notes.push(`"${node.name}" has no categories: add them on the node.`);
    return undefined;
  }
  const fallback = str(options.fallback, 'discard') === 'other' ? 'other' : 'discard';
  const parameters: Params = { text: str(params.inputText), categories, multiClass: options.multiClass === true, fallback, ...modelParameters(chatModel(ctx, node)) };
  if (options.systemPromptTemplate !== undefined) parameters.system = str(options.systemPromptTemplate);
  return { type: 'ai-text.classify', version: V, parameters, outputs: [...categories.map((_, index) => String(index)), ...(fallback === 'other' ? ['other'] : [])] };
};

const sentimentAnalysis: Mapper = (node, params, ctx) => {
  const options = obj(params.options);
  const categories = str(options.categories, 'Positive, Neutral, Negative').split(',').map((category) => category.trim()).filter(Boolean);
  const parameters: Params = { text: str(params.inputText), categories, detailed: options.includeDetailedResults === true, ...modelParameters(chatModel(ctx, node)) };
  if (options.systemPromptTemplate !== undefined) parameters.system = str(options.systemPromptTemplate);
  return { type: 'ai-text.sentiment', version: V, parameters, outputs: categories.map((_, index) => String(index)) };
};

/** The chunk size and overlap of a text splitter attached to `name` (n8n's "advanced" chunking and document loaders). */
function splitterOf(ctx: MapContext, name: string): Params {
  const splitter = ctx.attached('ai_textSplitter', name)[0];
  if (!splitter) return {};
  const size = splitter.parameters.chunkSize;
  const overlap = splitter.parameters.chunkOverlap;
  // A token splitter counts tokens: about four characters each.
  const scale = splitter.node.type.endsWith('TokenSplitter') ? 4 : 1;
  return { chunkSize: typeof size === 'number' ? size * scale : 1000, chunkOverlap: typeof overlap === 'number' ? overlap * scale : 0 };
}

/**
 * n8n's summarization chain. Version 1 summarizes all items together; version 2 each item, from
 * its JSON's text values (or a document loader's text), split into chunks as configured.
 */
const chainSummarization: Mapper = (node, params, ctx) => {
  const v1 = (node.typeVersion ?? 1) < 2;
  const prompts = v1 ? obj(params.options) : obj(obj(obj(params.options).summarizationMethodAndPrompts).values);
  const method = str(v1 ? params.type : prompts.summarizationMethod, 'map_reduce');
  const parameters: Params = { method: ['stuff', 'refine'].includes(method) ? method : 'map_reduce', scope: v1 ? 'all' : 'item', ...modelParameters(chatModel(ctx, node)) };
  const set = (key: string, value: JsonValue | undefined) => void (typeof value === 'string' && value ? (parameters[key] = value) : undefined);
  if (parameters.method === 'map_reduce') {
    set('chunkPrompt', prompts.combineMapPrompt);
    set('prompt', prompts.prompt);
  } else if (parameters.method === 'refine') {
    set('prompt', prompts.refineQuestionPrompt);
    set('refinePrompt', prompts.refinePrompt);
  } else set('prompt', prompts.prompt);
  const mode = str(params.operationMode, v1 ? 'documentLoader' : 'nodeInputJson');
  if (mode === 'nodeInputBinary') {
    ctx.notes.push(`"${node.name}" summarizes binary files: extract their text first (Extract from File), then summarize it.`);
    return undefined;
  }
  if (mode === 'documentLoader') {
    const loader = ctx.attached('ai_document')[0];
    if (loader && str(loader.parameters.dataType, 'json') !== 'json') {
      ctx.notes.push(`"${node.name}" summarizes binary files through "${loader.node.name}": extract their text first (Extract from File), then summarize it.`);
      return undefined;
    }
    if (loader && str(loader.parameters.jsonMode) === 'expressionData') parameters.text = str(loader.parameters.jsonData);
    Object.assign(parameters, loader ? splitterOf(ctx, loader.node.name) : {});
  } else if (str(params.chunkingMode, 'simple') === 'advanced') Object.assign(parameters, splitterOf(ctx, node.name));
  else {
    if (typeof params.chunkSize === 'number') parameters.chunkSize = params.chunkSize;
    if (typeof params.chunkOverlap === 'number') parameters.chunkOverlap = params.chunkOverlap;
  }
  return { type: 'ai-text.summarize', version: V, parameters, outputs: ['main'] };
};

export const CHAIN_ROOTS = ['chainLlm', 'informationExtractor', 'textClassifier', 'sentimentAnalysis', 'chainSummarization'].map((type) => `${LC}${type}`);

export const CHAIN_MAPPERS: Record<string, Mapper> = {
  [`${LC}chainLlm`]: chainLlm,
  [`${LC}informationExtractor`]: informationExtractor,
  [`${LC}textClassifier`]: textClassifier,
  [`${LC}sentimentAnalysis`]: sentimentAnalysis,
  [`${LC}chainSummarization`]: chainSummarization,
};
