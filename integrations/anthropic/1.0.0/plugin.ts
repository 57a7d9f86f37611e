import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectOk } from '../../../shared/integrations/http-errors';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { AnthropicConnection, MessageParams } from './manifest';

type Context = ActionContext<z.output<typeof AnthropicConnection>>;

/** The Messages API version every request names. */
const VERSION_HEADER = { 'anthropic-version': '2023-06-01' };

interface Message {
  id: string;
  model: string;
  content: { type: string; text?: string }[];
  stop_reason: string | null;
  usage?: { input_tokens: number; output_tokens: number };
}

export default defineIntegrationCode({
  actions: {
    async createMessage(params: z.output<typeof MessageParams>, ctx: Context) {
      const model = params.model ?? ctx.connection?.config.defaultModel;
      if (!model) throw new EchelonError('invalid_input', 'Name a model, or set a default model on the connection.', { path: 'params.model' });
      const response = expectOk(
        await ctx.request({
          method: 'POST',
          url: 'messages',
          headers: VERSION_HEADER,
          timeoutMs: params.timeoutSeconds * 1000,
          body: {
            type: 'json',
            value: {
              model,
              max_tokens: params.maxTokens,
              messages: params.messages,
              ...(params.system ? { system: params.system } : {}),
              ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
            },
          },
        }),
        `The message with ${model}`,
      );
      const message = response.body as Message;
      return {
        id: message.id,
        model: message.model,
        content: message.content.filter((block) => block.type === 'text').map((block) => block.text ?? '').join(''),
        stopReason: message.stop_reason,
        usage: message.usage ? { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens } : null,
      };
    },
    async listModels(_params: Record<string, never>, ctx: Context) {
      const response = expectOk(await ctx.request({ url: 'models', headers: VERSION_HEADER, cacheTtlMs: 0 }), 'Listing models');
      const models = (response.body as { data?: { id: string; display_name?: string }[] })?.data;
      if (!Array.isArray(models)) throw new EchelonError('unavailable', 'The server did not answer /models with a model list: is this the Anthropic Messages API?');
      return { models: models.map((model) => ({ id: model.id, name: model.display_name ?? model.id })) };
    },
  },
});
