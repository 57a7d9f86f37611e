import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const AnthropicConnection = z.object({
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .meta({ title: 'API base URL', description: 'https://api.anthropic.com/v1, or a gateway speaking the Messages API.' })
    .default('https://api.anthropic.com/v1'),
  defaultModel: z.string().meta({ title: 'Default model', description: 'Used when an action names none (claude-sonnet-4-5…).' }).optional(),
});

export const MessageParams = z.object({
  model: z.string().min(1).optional(),
  system: z.string().optional(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })).min(1),
  maxTokens: z.number().int().min(1).max(200_000).default(1024),
  temperature: z.number().min(0).max(1).optional(),
  timeoutSeconds: z.number().int().min(1).max(600).default(120),
});

export default definePlugin({
  id: 'anthropic',
  name: 'Anthropic',
  version: '1.0.0',
  description: 'Claude models through the Anthropic Messages API, for agents and workflow steps.',
  category: 'AI',
  icon: 'sparkles',
  type: 'api',
  auth: [{ type: 'api_key', in: 'header', name: 'x-api-key' }],
  connection: AnthropicConnection,
  healthCheck: { action: 'listModels' },
  actions: [
    { id: 'createMessage', name: 'Create a message', description: 'POST /messages and return the reply.', parameters: MessageParams, sideEffects: true, recovery: 'retry' },
    { id: 'listModels', name: 'List models', description: 'GET /models.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});
