import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectOk } from '../../../shared/integrations/http-errors';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { ChatParams, LlmConnection } from './manifest';
import { openAiActions } from './openai-actions';

type Context = ActionContext<z.output<typeof LlmConnection>>;

interface Completion {
  id: string;
  model: string;
  choices: { index: number; message: { role: string; content: string | null }; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export default defineIntegrationCode({
  actions: {
    ...openAiActions,
    async chatCompletion(params: z.output<typeof ChatParams>, ctx: Context) {
      const model = params.model ?? ctx.connection?.config.defaultModel;
      if (!model) throw new EchelonError('invalid_input', 'Name a model, or set a default model on the connection.', { path: 'params.model' });
      const response = expectOk(
        await ctx.request({
          method: 'POST',
          url: 'chat/completions',
          timeoutMs: params.timeoutSeconds * 1000,
          body: {
            type: 'json',
            value: {
              model,
              messages: params.messages.map((message) => ({ role: message.role, content: message.content, ...(message.name ? { name: message.name } : {}), ...(message.toolCallId ? { tool_call_id: message.toolCallId } : {}) })),
              stream: false,
              ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
              ...(params.maxTokens !== undefined ? { max_tokens: params.maxTokens } : {}),
              ...(params.topP !== undefined ? { top_p: params.topP } : {}),
              ...(params.stop ? { stop: params.stop } : {}),
              ...(params.jsonMode ? { response_format: { type: 'json_object' } } : {}),
            },
          },
        }),
        `The chat completion with ${model}`,
      );
      const completion = response.body as Completion;
      const choice = completion?.choices?.[0];
      if (!choice) throw new EchelonError('unavailable', `The server answered without any choice for ${model}.`);
      return {
        id: completion.id,
        model: completion.model,
        content: choice.message.content ?? '',
        role: choice.message.role,
        finishReason: choice.finish_reason,
        usage: completion.usage ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens, totalTokens: completion.usage.total_tokens } : null,
      };
    },
    async listModels(_params: Record<string, never>, ctx: Context) {
      const response = expectOk(await ctx.request({ url: 'models', cacheTtlMs: 0 }), 'Listing models');
      const models = (response.body as { data?: { id: string; owned_by?: string }[] })?.data;
      if (!Array.isArray(models)) throw new EchelonError('unavailable', 'The server did not answer /models with a model list: is this an OpenAI-compatible endpoint?');
      return { models: models.map((model) => ({ id: model.id, ownedBy: model.owned_by ?? null })) };
    },
  },
});
