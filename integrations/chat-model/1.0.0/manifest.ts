import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { NodeProvider } from '../../ai-agent/1.0.0/manifest';

export const ChatModelParameters = z.object({
  provider: NodeProvider.meta({ title: 'Provider', description: 'A connection name (OpenAI-compatible or Anthropic), or { kind, baseUrl, apiKey: "{{ secrets.NAME }}" }.' }),
  model: z.string().min(1).max(200),
  system: z.string().max(100_000).optional().meta({ title: 'Instructions' }),
  prompt: z.string().min(1).meta({ title: 'Prompt', description: 'Built per item from expressions such as {{ $json.text }}.' }),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(200_000).optional(),
  outputSchema: z.record(z.string(), z.unknown()).optional().meta({ title: 'Output schema', description: 'A JSON Schema the answer must match; the parsed object becomes `output`.' }),
});

export default definePlugin({
  id: 'chat-model',
  name: 'Chat model',
  version: '1.0.0',
  description: 'One completion from an LLM per item, as text or as JSON matching a schema.',
  category: 'AI',
  icon: 'message-square',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'complete',
      name: 'Complete',
      description: 'Asks the model once per item; `output` is its answer (or the parsed object with an output schema).',
      parameters: ChatModelParameters,
      sideEffects: true,
      recovery: 'retry',
    },
  ],
  triggers: [],
});
