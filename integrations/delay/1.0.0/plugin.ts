import type { z } from 'zod';
import { NodeError, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { DelayParameters } from './manifest';

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export const nodes: NodePlugin['nodes'] = {
  wait: {
    run(ctx) {
      const params = ctx.params<z.infer<typeof DelayParameters>>();
      let until: number;
      if (params.mode === 'until') {
        until = params.until ? Date.parse(params.until) : NaN;
        if (Number.isNaN(until)) throw new NodeError(`"${params.until ?? ''}" is not a date-time (use ISO 8601, e.g. 2030-01-01T09:00:00Z).`, 'invalid_date', true);
      } else until = Date.now() + params.amount * UNIT_MS[params.unit];
      return { outputs: { main: ctx.input }, waitUntil: until };
    },
  },
};
