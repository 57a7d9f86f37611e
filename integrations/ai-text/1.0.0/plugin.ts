import type { z } from 'zod';
import { main, NodeError, type Item, type JsonObject, type NodePlugin, type NodeContext } from '../../../electron/main/services/engine/node-api';
import type { ChatRequest } from '../../../electron/main/services/engine/ports';
import { classifyOutputs, sentimentOutputs, type ClassifyParameters, type SentimentParameters, type SummarizeParameters } from './manifest';
import { splitText, summarize } from './summarize';

type Classify = z.infer<typeof ClassifyParameters>;
type Sentiment = z.infer<typeof SentimentParameters>;
type Summarize = z.infer<typeof SummarizeParameters>;
type ModelParams = Pick<Classify, 'provider' | 'model' | 'temperature' | 'maxTokens'>;

/** One completion on the node's model; `outputSchema` makes the answer a checked object. */
function asker(ctx: NodeContext, params: ModelParams) {
  const agents = ctx.services.agents;
  if (!agents) throw new NodeError('LLM steps are not available in this process.', 'unavailable', true);
  return async (prompt: string, options: Pick<ChatRequest, 'system' | 'outputSchema'> = {}) =>
    agents.chat({
      provider: typeof params.provider === 'string' ? { connection: params.provider } : params.provider,
      model: params.model,
      messages: [{ role: 'user', content: prompt }],
      temperature: params.temperature,
      maxTokens: params.maxTokens,
      signal: ctx.signal,
      ...options,
    });
}

const CLASSIFY_SYSTEM = 'Please classify the text provided by the user into one of the following categories: {categories}, and use the provided formatting instructions below. Don\'t explain, and only output the json.';

function classifySchema(params: Classify): Record<string, unknown> {
  const properties = Object.fromEntries(params.categories.map(({ category, description }) => [category, { type: 'boolean', ...(description ? { description } : {}) }]));
  return { type: 'object', properties, required: params.categories.map(({ category }) => category) };
}

const SENTIMENT_SYSTEM = 'You are highly intelligent and accurate sentiment analyzer. Analyze the sentiment of the provided text. Categorize it into one of the following: {categories}. Use the provided formatting instructions. Only output the JSON.';

function sentimentSchema(params: Sentiment): Record<string, unknown> {
  const score = (description: string) => ({ type: 'number', minimum: 0, maximum: 1, description });
  return {
    type: 'object',
    properties: {
      sentiment: { type: 'string', enum: params.categories },
      ...(params.detailed ? { strength: score('Strength score for sentiment in relation to the category'), confidence: score('0-1 confidence in the categorization') } : {}),
    },
    required: ['sentiment', ...(params.detailed ? ['strength', 'confidence'] : [])],
  };
}

/** The text LangChain's JSON loader reads from an item: every string value, in order. */
export function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringValues);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringValues);
  return [];
}

export const nodes: NodePlugin['nodes'] = {
  classify: {
    async run(ctx) {
      const outputs: Record<string, Item[]> = Object.fromEntries(classifyOutputs(ctx.node.parameters).map((name) => [name, []]));
      for (let i = 0; i < ctx.input.length; i++) {
        const params = ctx.params<Classify>(i);
        const names = params.categories.map(({ category }) => category);
        const rules = [
          params.multiClass ? 'Categories are not mutually exclusive, and multiple can be true.' : 'Categories are mutually exclusive, and only one can be true.',
          params.fallback === 'other' ? 'If there is not a very fitting category, select none of the categories.' : 'One category must always be true.',
        ].join('\n');
        const system = `${(params.system ?? CLASSIFY_SYSTEM).replaceAll('{categories}', names.join(', '))}\n${rules}`;
        const answer = (await asker(ctx, params)(params.text, { system, outputSchema: classifySchema(params) })).json as Record<string, boolean>;
        const routed: Item = { ...ctx.input[i]!, pairedItem: { item: i } };
        const chosen = names.map((name, index) => (answer[name] === true ? index : -1)).filter((index) => index >= 0);
        for (const index of params.multiClass ? chosen : chosen.slice(0, 1)) outputs[String(index)]!.push(routed);
        if (chosen.length === 0 && params.fallback === 'other') outputs.other!.push(routed);
      }
      return { outputs };
    },
  },
  sentiment: {
    async run(ctx) {
      const outputs: Record<string, Item[]> = Object.fromEntries(sentimentOutputs(ctx.node.parameters).map((name) => [name, []]));
      for (let i = 0; i < ctx.input.length; i++) {
        const params = ctx.params<Sentiment>(i);
        const system = (params.system ?? SENTIMENT_SYSTEM).replaceAll('{categories}', params.categories.join(', '));
        const answer = (await asker(ctx, params)(params.text, { system, outputSchema: sentimentSchema(params) })).json as { sentiment: string; strength?: number; confidence?: number };
        const index = params.categories.findIndex((category) => category.toLowerCase() === answer.sentiment.toLowerCase());
        const sentimentAnalysis = { category: answer.sentiment, ...(params.detailed ? { strength: answer.strength ?? null, confidence: answer.confidence ?? null } : {}) };
        outputs[String(index)]!.push({ ...ctx.input[i]!, json: { ...ctx.input[i]!.json, sentimentAnalysis }, pairedItem: { item: i } });
      }
      return { outputs };
    },
  },
  summarize: {
    async run(ctx) {
      const first = ctx.params<Summarize>(0);
      const textOf = (index: number) => ctx.params<Summarize>(index).text || stringValues(ctx.input[index]?.json ?? {}).join('\n');
      const jobs = first.scope === 'all' ? [{ text: ctx.input.map((_, index) => textOf(index)).join('\n\n'), item: 0 }] : ctx.input.map((_, index) => ({ text: textOf(index), item: index }));
      const out: Item[] = [];
      for (const job of jobs) {
        const params = ctx.params<Summarize>(job.item);
        const ask = asker(ctx, params);
        const text = await summarize(splitText(job.text, params.chunkSize, params.chunkOverlap), params, async (prompt) => (await ask(prompt)).text);
        out.push({ json: { response: { [params.method === 'refine' ? 'output_text' : 'text']: text } } as JsonObject, pairedItem: { item: job.item } });
      }
      return main(out);
    },
  },
};
