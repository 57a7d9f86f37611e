import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const DelayParameters = z.object({
  mode: z.enum(['interval', 'until']).default('interval'),
  amount: z.number().min(0).default(1),
  unit: z.enum(['seconds', 'minutes', 'hours', 'days']).default('seconds'),
  /** With `until`: an ISO date-time. */
  until: z.string().optional(),
});

export default definePlugin({
  id: 'delay',
  name: 'Delay',
  version: '1.0.0',
  description: 'Waits for a while or until a time, then passes its items on. The wait survives a restart.',
  category: 'Flow',
  icon: 'hourglass',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [{ id: 'wait', name: 'Delay / wait until', description: 'Parks the run until the time comes.', parameters: DelayParameters, sideEffects: false, kind: 'control' }],
  triggers: [],
});
