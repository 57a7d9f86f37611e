import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

const Unit = z.enum(['years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds']);
/** A date as text (ISO 8601, RFC 2822, HTTP, SQL, or epoch milliseconds/seconds) or as a number. */
const DateValue = z.union([z.string(), z.number()]).default('');
/** Overrides the workflow's time zone (IANA name). */
const timezone = z.string().default('');

export const CurrentParameters = z.object({ includeTime: z.boolean().default(true), outputFieldName: z.string().min(1).default('currentDate'), timezone });

export const ShiftParameters = z.object({
  magnitude: DateValue,
  timeUnit: Unit.default('days'),
  duration: z.number().default(0),
  outputFieldName: z.string().min(1).default('newDate'),
});

export const FormatParameters = z.object({
  date: DateValue,
  /** A Luxon format (`yyyy-MM-dd`), or one of n8n's presets. */
  format: z.string().min(1).default('MM/dd/yyyy'),
  /** Read `date` with this Luxon format instead of guessing. */
  fromFormat: z.string().default(''),
  outputFieldName: z.string().min(1).default('formattedDate'),
  timezone,
});

export const RoundParameters = z.object({
  date: DateValue,
  mode: z.enum(['roundDown', 'roundUp']).default('roundDown'),
  toNearest: z.enum(['year', 'month', 'week', 'day', 'hour', 'minute', 'second']).default('month'),
  outputFieldName: z.string().min(1).default('roundedDate'),
});

export const BetweenParameters = z.object({
  startDate: DateValue,
  endDate: DateValue,
  /** n8n names them in the singular (`day`); the result's fields are plural (`days`), as Luxon writes them. */
  units: z.array(z.union([Unit, z.enum(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond'])])).default(['day']),
  /** The difference as an ISO 8601 duration (`P1DT2H`) instead of one field per unit. */
  isoString: z.boolean().default(false),
  outputFieldName: z.string().min(1).default('timeDifference'),
});

export const ExtractParameters = z.object({
  date: DateValue,
  part: z.enum(['year', 'month', 'week', 'day', 'hour', 'minute', 'second']).default('month'),
  outputFieldName: z.string().min(1).default('datePart'),
});

export default definePlugin({
  id: 'date-time',
  name: 'Date & time',
  version: '1.0.0',
  description: "Reads, shifts, formats, rounds and compares dates per item, in the workflow's time zone (n8n Date & Time, with Luxon).",
  category: 'Data',
  icon: 'calendar-clock',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    { id: 'current', name: 'Get current date', description: 'Writes the current date (and time) into a field.', parameters: CurrentParameters, sideEffects: false },
    { id: 'add', name: 'Add to a date', description: 'Writes the date plus a duration into a field.', parameters: ShiftParameters, sideEffects: false },
    { id: 'subtract', name: 'Subtract from a date', description: 'Writes the date minus a duration into a field.', parameters: ShiftParameters, sideEffects: false },
    { id: 'format', name: 'Format a date', description: 'Writes the date as text in a format into a field.', parameters: FormatParameters, sideEffects: false },
    { id: 'round', name: 'Round a date', description: 'Writes the date rounded down or up to a unit into a field.', parameters: RoundParameters, sideEffects: false },
    { id: 'between', name: 'Get time between dates', description: 'Writes the time between two dates, in units, into a field.', parameters: BetweenParameters, sideEffects: false },
    { id: 'extract', name: 'Extract part of a date', description: 'Writes the year, month, day... of a date into a field.', parameters: ExtractParameters, sideEffects: false },
  ],
  triggers: [],
});
