import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { ChatModelParameters } from '../../chat-model/1.0.0/manifest';

/** The model every text action asks: a connection and a model, as on the Chat model node. */
const Model = ChatModelParameters.pick({ provider: true, model: true, temperature: true, maxTokens: true });

export const ClassifyParameters = Model.extend({
  text: z.string().meta({ title: 'Text to classify', description: 'Built per item, such as {{ $json.message }}.' }),
  categories: z
    .array(z.object({ category: z.string().min(1).max(200), description: z.string().max(2000).default('') }))
    .min(1)
    .max(50),
  multiClass: z.boolean().default(false).meta({ description: 'An item may go to several categories.' }),
  /** n8n's fallback: items matching no category are dropped, or sent to an extra "other" output. */
  fallback: z.enum(['discard', 'other']).default('discard'),
  system: z.string().max(20_000).optional().meta({ title: 'Instructions', description: 'Replaces the default classification instructions; {categories} lists them.' }),
});

export const SentimentParameters = Model.extend({
  text: z.string().meta({ title: 'Text to analyze' }),
  categories: z.array(z.string().min(1).max(100)).min(1).max(20).default(['Positive', 'Neutral', 'Negative']),
  detailed: z.boolean().default(false).meta({ description: 'Add the strength and confidence (0 to 1) of the sentiment.' }),
  system: z.string().max(20_000).optional().meta({ title: 'Instructions', description: 'Replaces the default instructions; {categories} lists the categories.' }),
});

export const SummarizeParameters = Model.extend({
  text: z.string().default('').meta({ title: 'Text', description: 'What to summarize, per item. Empty: the item\'s JSON.' }),
  scope: z.enum(['item', 'all']).default('item').meta({ description: 'One summary per item, or one of all items together.' }),
  method: z.enum(['stuff', 'map_reduce', 'refine']).default('map_reduce').meta({ description: 'All chunks in one prompt; each chunk summarized then combined; or a summary refined chunk by chunk.' }),
  chunkSize: z.number().int().min(50).max(1_000_000).default(1000).meta({ description: 'Characters per chunk.' }),
  chunkOverlap: z.number().int().min(0).max(100_000).default(200),
  prompt: z.string().max(20_000).optional().meta({ description: 'The summary prompt ({text}): of all chunks (stuff), of the chunk summaries (map-reduce), of the first chunk (refine).' }),
  chunkPrompt: z.string().max(20_000).optional().meta({ description: 'Map-reduce: the prompt summarizing each chunk ({text}).' }),
  refinePrompt: z.string().max(20_000).optional().meta({ description: 'Refine: the prompt refining the summary ({existing_answer}, {text}).' }),
});

/** One output per category, in order, then "other" when the fallback keeps unmatched items. */
export function classifyOutputs(parameters: Record<string, unknown>): string[] {
  const categories = Array.isArray(parameters.categories) ? parameters.categories : [];
  const outputs = categories.map((_, index) => String(index));
  if (parameters.fallback === 'other') outputs.push('other');
  return outputs.length > 0 ? outputs : ['0'];
}

export function sentimentOutputs(parameters: Record<string, unknown>): string[] {
  const count = Array.isArray(parameters.categories) ? parameters.categories.length : 3;
  return Array.from({ length: Math.max(1, count) }, (_, index) => String(index));
}

export default definePlugin({
  id: 'ai-text',
  name: 'AI text',
  version: '1.0.0',
  description: 'Classifies, rates the sentiment of, and summarizes text with an LLM (n8n\'s text classifier, sentiment analysis and summarization chain).',
  category: 'AI',
  icon: 'sparkles',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'classify',
      name: 'Text classifier',
      description: 'Sends each item to the output of the category (or categories) the model picks.',
      parameters: ClassifyParameters,
      outputs: [],
      ports: (parameters) => ({ outputs: classifyOutputs(parameters) }),
      sideEffects: true,
      recovery: 'retry',
    },
    {
      id: 'sentiment',
      name: 'Sentiment analysis',
      description: 'Adds `sentimentAnalysis: { category }` to each item and sends it to that category\'s output.',
      parameters: SentimentParameters,
      outputs: [],
      ports: (parameters) => ({ outputs: sentimentOutputs(parameters) }),
      sideEffects: true,
      recovery: 'retry',
    },
    {
      id: 'summarize',
      name: 'Summarize',
      description: 'Summarizes long text in chunks (stuff, map-reduce or refine); `response.text` is the summary (`response.output_text` with refine, as LangChain names it).',
      parameters: SummarizeParameters,
      sideEffects: true,
      recovery: 'retry',
    },
  ],
  triggers: [],
});
