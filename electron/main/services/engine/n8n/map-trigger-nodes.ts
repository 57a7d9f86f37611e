import { list, obj, str, V, type Mapper, type Params } from './map-helpers';

/** n8n's older schedule nodes, Cron and Interval → Echelon's schedule trigger. */

const at = (hour: unknown, minute: unknown) => `${Number(minute ?? 0)} ${Number(hour ?? 0)}`;

/** One Cron "trigger time" as a cron expression (with seconds), or undefined when unknown. */
function cronOf(time: Params): string | undefined {
  switch (str(time.mode, 'everyDay')) {
    case 'everyMinute':
      return '0 * * * * *';
    case 'everyHour':
      return `0 ${Number(time.minute ?? 0)} * * * *`;
    case 'everyDay':
      return `0 ${at(time.hour, time.minute)} * * *`;
    case 'everyWeek':
      return `0 ${at(time.hour, time.minute)} * * ${Number(time.weekday ?? 1)}`;
    case 'everyMonth':
      return `0 ${at(time.hour, time.minute)} ${Number(time.dayOfMonth ?? 1)} * *`;
    case 'everyX':
      return str(time.unit, 'hours') === 'minutes' ? `0 */${Number(time.value ?? 2)} * * * *` : `0 0 */${Number(time.value ?? 2)} * * *`;
    case 'custom':
      return str(time.cronExpression) || undefined;
    default:
      return undefined;
  }
}

const cron: Mapper = (node, params, ctx) => {
  const times = list(obj(params.triggerTimes).item).map((entry) => obj(entry));
  const first = cronOf(times[0] ?? { mode: 'everyDay' });
  if (!first) return undefined;
  if (times.length > 1) ctx.notes.push(`"${node.name}" had ${times.length} trigger times; Echelon's schedule keeps the first: add a schedule per other time.`);
  return { type: 'schedule.trigger', version: V, parameters: { cron: first }, outputs: ['main'] };
};

const interval: Mapper = (_node, params) => {
  const unit = str(params.unit, 'seconds');
  return { type: 'schedule.trigger', version: V, parameters: { every: Math.max(1, Number(params.interval ?? 1)), unit: ['seconds', 'minutes', 'hours'].includes(unit) ? unit : 'seconds' }, outputs: ['main'] };
};

export const TRIGGER_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.cron': cron,
  'n8n-nodes-base.interval': interval,
};
