import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { OPENAI_ACTIONS } from './openai-params';

export const LlmConnection = z.object({
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .meta({ title: 'API base URL', description: 'Ending in /v1: https://api.openai.com/v1, Ollama http://127.0.0.1:11434/v1, llama.cpp http://127.0.0.1:8080/v1.' })
    .default('http://127.0.0.1:11434/v1'),
  defaultModel: z.string().meta({ title: 'Default model', description: 'Used when an action names none (llama3.2, gpt-4o-mini…).' }).optional(),
});

export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  name: z.string().optional(),
  toolCallId: z.string().optional(),
});

export const ChatParams = z.object({
  model: z.string().min(1).optional(),
  messages: z.array(ChatMessage).min(1),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).optional(),
  topP: z.number().min(0).max(1).optional(),
  stop: z.array(z.string()).max(4).optional(),
  jsonMode: z.boolean().default(false).meta({ description: 'Ask for a JSON object (response_format json_object).' }),
  timeoutSeconds: z.number().int().min(1).max(600).default(120),
});

export default definePlugin({
  id: 'openai-compatible',
  name: 'OpenAI-compatible LLM',
  version: '1.0.0',
  description: 'Chat completions from OpenAI or any server speaking its API (Ollama, llama.cpp, vLLM, LM Studio), and OpenAI\'s images, audio and moderation.',
  category: 'AI',
  icon: 'brain',
  type: 'api',
  auth: [{ type: 'bearer' }, { type: 'none' }],
  connection: LlmConnection,
  healthCheck: { action: 'listModels' },
  actions: [
    { id: 'chatCompletion', name: 'Chat completion', description: 'POST /chat/completions and return the reply.', parameters: ChatParams, sideEffects: true, recovery: 'retry' },
    { id: 'listModels', name: 'List models', description: 'GET /models.', parameters: z.object({}), sideEffects: false },
    ...OPENAI_ACTIONS,
  ],
  triggers: [],
});
