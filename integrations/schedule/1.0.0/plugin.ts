import { DateTime } from 'luxon';
import { main, type NodePlugin } from '../../../electron/main/services/engine/node-api';

/** The item n8n's Schedule Trigger emits, from the time the run was due. */
export const nodes: NodePlugin['nodes'] = {
  trigger: {
    run(ctx) {
      const payload = (ctx.execution.payload ?? {}) as { scheduledAt?: number; timezone?: string };
      const zone = payload.timezone ?? DateTime.local().zoneName ?? 'UTC';
      const at = DateTime.fromMillis(payload.scheduledAt ?? Date.now(), { zone });
      return main([
        {
          json: {
            timestamp: at.toISO()!,
            'Readable date': at.toFormat('MMMM d yyyy, h:mm:ss a'),
            'Readable time': at.toFormat('h:mm:ss a'),
            'Day of week': at.toFormat('cccc'),
            Year: at.toFormat('yyyy'),
            Month: at.toFormat('MMMM'),
            'Day of month': at.toFormat('dd'),
            Hour: at.toFormat('HH'),
            Minute: at.toFormat('mm'),
            Second: at.toFormat('ss'),
            Timezone: `${zone} (UTC${at.toFormat('ZZ')})`,
          },
        },
      ]);
    },
  },
};
