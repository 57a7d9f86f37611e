import type { z } from 'zod';
import type { JsonValue } from '../../../shared/workflow/document';
import type { Item, NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { LoopParameters } from './manifest';

interface LoopState {
  remaining: Item[];
  processed: Item[];
}

export const nodes: NodePlugin['nodes'] = {
  batches: {
    run(ctx) {
      const { batchSize, reset } = ctx.params<z.infer<typeof LoopParameters>>();
      const previous = ctx.state as unknown as LoopState | null | undefined;
      const fresh = reset || !previous;
      const remaining = fresh ? ctx.input : previous.remaining;
      const processed = fresh ? [] : [...previous.processed, ...ctx.input];
      if (remaining.length === 0) return { outputs: { done: processed, loop: [] }, state: null };
      const batch = remaining.slice(0, batchSize);
      const state: LoopState = { remaining: remaining.slice(batchSize), processed };
      return { outputs: { done: [], loop: batch }, state: state as unknown as JsonValue };
    },
  },
};
