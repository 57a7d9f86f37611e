import type { z } from 'zod';
import { type Item, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { evaluateConditions } from '../../../electron/main/services/engine/nodes/conditions';
import type { IfParameters } from './manifest';

type Parameters = z.infer<typeof IfParameters>;

export const nodes: NodePlugin['nodes'] = {
  check: {
    run(ctx) {
      const yes: Item[] = [];
      const no: Item[] = [];
      ctx.input.forEach((item, index) => {
        const params = ctx.params<Parameters>(index);
        const conditions = params.looseTypeValidation ? { ...params.conditions, options: { ...params.conditions.options, typeValidation: 'loose' as const } } : params.conditions;
        (evaluateConditions(conditions, index) ? yes : no).push({ ...item, pairedItem: { item: index } });
      });
      return { outputs: { true: yes, false: no } };
    },
  },
};
