import type { z } from 'zod';
import type { JsonValue } from '../../../shared/workflow/document';
import type { Item, NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { LoopParameters } from './manifest';

interface LoopState {
  remaining: Item[];
  processed: Item[];
}

/** Split in Batches v1–2's node context, as n8n keeps it (`noItemsLeft` is what workflows read). */
interface LegacyState {
  items: Item[];
  currentRunIndex: number;
  maxRunIndex: number;
  noItemsLeft: boolean;
}

function legacyBatch(input: Item[], batchSize: number, reset: boolean, previous: LegacyState | null | undefined): { batch: Item[]; state: LegacyState } {
  if (!previous?.items || reset) {
    const items = [...input];
    const batch = items.splice(0, batchSize);
    return { batch, state: { items, currentRunIndex: 0, maxRunIndex: Math.ceil(input.length / batchSize), noItemsLeft: items.length === 0 } };
  }
  const items = [...previous.items];
  const batch = items.splice(0, batchSize);
  return { batch, state: { items, currentRunIndex: previous.currentRunIndex + 1, maxRunIndex: previous.maxRunIndex, noItemsLeft: items.length === 0 } };
}

export const nodes: NodePlugin['nodes'] = {
  batches: {
    run(ctx) {
      const { batchSize, reset, legacy } = ctx.params<z.infer<typeof LoopParameters>>();
      if (legacy) {
        const { batch, state } = legacyBatch(ctx.input, batchSize, reset, ctx.state as unknown as LegacyState | null | undefined);
        return { outputs: { done: [], loop: batch }, state: state as unknown as JsonValue };
      }
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
