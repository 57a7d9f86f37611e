import { DateTime, type DurationUnit } from 'luxon';
import type { z } from 'zod';
import { main, NodeError, type NodeContext, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { mapItems, withField } from '../../../electron/main/services/engine/nodes/item-fields';
import type { BetweenParameters, CurrentParameters, ExtractParameters, FormatParameters, RoundParameters, ShiftParameters } from './manifest';

/** The time zone dates are read and written in: the node's, else the workflow's, else the machine's. */
const zoneOf = (ctx: NodeContext, override?: string) => override || ctx.settings.timezone || 'system';

/** n8n's date reading: ISO, HTTP, RFC 2822, SQL, epoch numbers (seconds or milliseconds), then JavaScript's own parse. */
function parseDate(value: string | number, zone: string, fromFormat = ''): DateTime {
  if (typeof value === 'number') return DateTime.fromMillis(value < 1e11 ? value * 1000 : value, { zone });
  const text = value.trim();
  if (fromFormat) {
    const parsed = DateTime.fromFormat(text, fromFormat, { zone });
    if (parsed.isValid) return parsed;
  }
  if (/^\d+(\.\d+)?$/.test(text)) return parseDate(Number(text), zone);
  for (const read of [DateTime.fromISO, DateTime.fromHTTP, DateTime.fromRFC2822, DateTime.fromSQL]) {
    const parsed = read(text, { zone, setZone: false });
    if (parsed.isValid) return parsed.setZone(zone);
  }
  const fallback = new Date(text);
  if (text !== '' && !Number.isNaN(fallback.getTime())) return DateTime.fromJSDate(fallback, { zone });
  throw new NodeError(`The value "${text}" is not a date n8n could read: use ISO 8601 (2024-05-01T10:00:00Z), or give its format.`, 'invalid_date', true);
}

/** A date as n8n leaves it on an item: Luxon's ISO text, with the offset. */
const out = (date: DateTime) => date.toISO()!;

/** n8n's format presets. */
const PRESETS: Record<string, string> = { 'MM/dd/yyyy': 'MM/dd/yyyy', 'yyyy/MM/dd': 'yyyy/MM/dd', 'MMMM dd yyyy': 'MMMM dd yyyy', 'MM-dd-yyyy': 'MM-dd-yyyy', 'yyyy-MM-dd': 'yyyy-MM-dd', X: 'X', x: 'x' };

function shift(ctx: NodeContext, sign: 1 | -1) {
  return mapItems(ctx, (item, index) => {
    const params = ctx.params<z.infer<typeof ShiftParameters>>(index);
    const date = parseDate(params.magnitude, zoneOf(ctx));
    return withField(item, params.outputFieldName, out(date.plus({ [params.timeUnit]: sign * params.duration })));
  });
}

export const nodes: NodePlugin['nodes'] = {
  current: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof CurrentParameters>>(index);
          const now = DateTime.now().setZone(zoneOf(ctx, params.timezone));
          return withField(item, params.outputFieldName, params.includeTime ? out(now) : out(now.startOf('day')));
        }),
      );
    },
  },
  add: { run: async (ctx) => main(await shift(ctx, 1)) },
  subtract: { run: async (ctx) => main(await shift(ctx, -1)) },
  format: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof FormatParameters>>(index);
          const date = parseDate(params.date, zoneOf(ctx, params.timezone), params.fromFormat);
          return withField(item, params.outputFieldName, date.toFormat(PRESETS[params.format] ?? params.format));
        }),
      );
    },
  },
  round: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof RoundParameters>>(index);
          const date = parseDate(params.date, zoneOf(ctx));
          const unit = params.toNearest;
          const rounded = params.mode === 'roundDown' ? date.startOf(unit) : date.endOf(unit).plus({ milliseconds: 1 });
          return withField(item, params.outputFieldName, out(rounded));
        }),
      );
    },
  },
  between: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof BetweenParameters>>(index);
          const start = parseDate(params.startDate, zoneOf(ctx));
          const end = parseDate(params.endDate, zoneOf(ctx));
          const difference = end.diff(start, params.units as DurationUnit[]);
          return withField(item, params.outputFieldName, params.isoString ? difference.toISO() : (difference.toObject() as Record<string, number>));
        }),
      );
    },
  },
  extract: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof ExtractParameters>>(index);
          const date = parseDate(params.date, zoneOf(ctx));
          const part = params.part === 'week' ? date.weekNumber : date.get(params.part);
          return withField(item, params.outputFieldName, part);
        }),
      );
    },
  },
};
