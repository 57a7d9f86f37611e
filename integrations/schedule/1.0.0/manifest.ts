import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const ScheduleParameters = z
  .object({
    // Cron with optional seconds: "0 0/5 * * * *" is every 5 minutes at second 0, "0 9 * * 1-5" weekdays at 9.
    cron: z.string().min(1).optional(),
    /** Or a fixed interval. */
    every: z.number().int().min(1).optional(),
    unit: z.enum(['seconds', 'minutes', 'hours', 'days']).default('minutes'),
    /** IANA zone, e.g. `Europe/Berlin`; default the workflow's, else the machine's. */
    timezone: z.string().min(1).optional(),
  })
  .refine((value) => (value.cron === undefined) !== (value.every === undefined), { message: 'Give either "cron" or "every", not both.', path: ['cron'] });

export default definePlugin({
  id: 'schedule',
  name: 'Schedule',
  version: '1.0.0',
  description: 'Runs on a cron schedule (seconds and time zones) or at a fixed interval.',
  category: 'Triggers',
  icon: 'clock',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [],
  triggers: [{ id: 'trigger', name: 'Schedule', description: 'Runs at the times a cron expression or an interval gives.', parameters: ScheduleParameters }],
});
