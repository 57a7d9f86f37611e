import type { z } from 'zod';
import { codeContext } from '../../../electron/main/services/engine/code/code-context';
import { codeHttpRequest } from '../../../electron/main/services/engine/code/code-http';
import type { CodeOutputItem, CodeResult, Item, NodeContext, NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { CodeParameters } from './manifest';

/** Binary data the code passed on stays a reference; new bytes are written to the payload folder. */
function toItem(ctx: NodeContext, output: CodeOutputItem): Item {
  if (!output.binary) return output as Item;
  const binary: NonNullable<Item['binary']> = {};
  for (const [key, entry] of Object.entries(output.binary)) {
    if ('$ref' in entry) binary[key] = entry.$ref;
    else binary[key] = ctx.services.saveBinary(Buffer.from(String(entry.data ?? ''), 'base64'), entry.mimeType ?? 'application/octet-stream', entry.fileName);
  }
  return { ...output, binary };
}

export const nodes: NodePlugin['nodes'] = {
  run: {
    async run(ctx) {
      const params = ctx.params<z.infer<typeof CodeParameters>>();
      let result: CodeResult;
      try {
        result = await ctx.services.runCode({
          code: params.code,
          mode: params.mode,
          items: ctx.input,
          timeoutMs: params.timeoutMs,
          memoryBytes: params.memoryMb * 1024 * 1024,
          signal: ctx.signal,
          continueOnFail: ctx.node.onError === 'continue' || ctx.node.onError === 'route',
          context: codeContext(ctx, params.code, params.legacy),
          call: (kind, payload) => {
            if (kind !== 'http') throw new Error(`A Code step cannot make "${kind}" calls.`);
            return codeHttpRequest(ctx, payload as Parameters<typeof codeHttpRequest>[1]);
          },
        });
      } catch (error) {
        // What the code printed before it threw is often what explains the failure.
        for (const line of (error as { logs?: string[] }).logs ?? []) ctx.log(line);
        throw error;
      }
      for (const line of result.logs) ctx.log(line);
      if (result.staticData) {
        ctx.staticData.set('global', result.staticData.global);
        ctx.staticData.set('node', result.staticData.node);
      }
      return { outputs: { main: result.items.map((item) => toItem(ctx, item)) } };
    },
  },
};
