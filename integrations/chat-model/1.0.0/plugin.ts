import type { z } from 'zod';
import { main, NodeError, type Item, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { ChatModelParameters } from './manifest';

type Parameters = z.infer<typeof ChatModelParameters>;

export const nodes: NodePlugin['nodes'] = {
  complete: {
    async run(ctx) {
      const agents = ctx.services.agents;
      if (!agents) throw new NodeError('Chat models are not available in this process.', 'unavailable', true);
      const out: Item[] = [];
      for (let i = 0; i < Math.max(1, ctx.input.length); i++) {
        const params = ctx.params<Parameters>(i);
        const result = await agents.chat({
          provider: typeof params.provider === 'string' ? { connection: params.provider } : params.provider,
          model: params.model,
          system: params.system,
          messages: [{ role: 'user', content: params.prompt }],
          temperature: params.temperature,
          maxTokens: params.maxTokens,
          outputSchema: params.outputSchema,
          signal: ctx.signal,
        });
        out.push({ json: { output: (result.json ?? result.text) as JsonObject[string], text: result.text, usage: result.usage, finishReason: result.finishReason }, pairedItem: { item: i } });
      }
      return main(out);
    },
  },
};
