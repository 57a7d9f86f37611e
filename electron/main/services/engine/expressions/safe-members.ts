import { DateTime, Duration } from 'luxon';
import { SafeRegExp } from './safe-regexp';

/**
 * What expressions may touch beyond plain data: these method names on these kinds of value,
 * and nothing else. Names that reach a constructor, a prototype or the host are refused by
 * name before any lookup.
 */

export const BLOCKED_NAMES = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'caller',
  'callee',
  'arguments',
  'process',
  'require',
  'module',
  'globalThis',
  'global',
  'window',
  'self',
  'Function',
  'eval',
  'import',
]);

const STRING_METHODS = new Set([
  'at', 'charAt', 'charCodeAt', 'codePointAt', 'concat', 'endsWith', 'includes', 'indexOf', 'lastIndexOf',
  'localeCompare', 'match', 'matchAll', 'normalize', 'padEnd', 'padStart', 'repeat', 'replace', 'replaceAll',
  'search', 'slice', 'split', 'startsWith', 'substring', 'substr', 'toLowerCase', 'toUpperCase',
  'toLocaleLowerCase', 'toLocaleUpperCase', 'toString', 'trim', 'trimEnd', 'trimStart', 'valueOf',
]);

const ARRAY_METHODS = new Set([
  'at', 'concat', 'entries', 'every', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flat',
  'flatMap', 'includes', 'indexOf', 'join', 'keys', 'lastIndexOf', 'map', 'reduce', 'reduceRight', 'slice',
  'some', 'toReversed', 'toSorted', 'toSpliced', 'values', 'with', 'toString',
]);

const NUMBER_METHODS = new Set(['toFixed', 'toPrecision', 'toString', 'toExponential', 'toLocaleString', 'valueOf']);

const DATE_METHODS = new Set([
  'getDate', 'getDay', 'getFullYear', 'getHours', 'getMilliseconds', 'getMinutes', 'getMonth', 'getSeconds',
  'getTime', 'getTimezoneOffset', 'getUTCDate', 'getUTCDay', 'getUTCFullYear', 'getUTCHours',
  'getUTCMilliseconds', 'getUTCMinutes', 'getUTCMonth', 'getUTCSeconds', 'toDateString', 'toISOString',
  'toJSON', 'toLocaleDateString', 'toLocaleString', 'toLocaleTimeString', 'toString', 'toTimeString',
  'toUTCString', 'valueOf',
]);

const REGEXP_METHODS = new Set(['test', 'exec', 'toString', 'source', 'flags', 'global', 'lastIndex']);

/** Luxon, which n8n's `$now` and `$today` are: methods and getters that return data or other DateTimes. */
const DATETIME_METHODS = new Set([
  'toISO', 'toISODate', 'toISOTime', 'toISOWeekDate', 'toFormat', 'toMillis', 'toSeconds', 'toUnixInteger',
  'toJSDate', 'toLocaleString', 'toRelative', 'toRelativeCalendar', 'toRFC2822', 'toHTTP', 'toSQL', 'toSQLDate',
  'toString', 'toJSON', 'valueOf', 'toObject', 'plus', 'minus', 'set', 'startOf', 'endOf', 'setZone', 'toUTC',
  'toLocal', 'setLocale', 'diff', 'diffNow', 'equals', 'hasSame', 'until',
  'year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'weekday', 'weekNumber', 'weekYear',
  'ordinal', 'quarter', 'zoneName', 'offset', 'ts', 'isValid', 'daysInMonth', 'daysInYear', 'monthLong',
  'monthShort', 'weekdayLong', 'weekdayShort', 'locale', 'isInLeapYear', 'isWeekend',
]);

const DURATION_METHODS = new Set([
  'as', 'get', 'shiftTo', 'toObject', 'toISO', 'toFormat', 'toHuman', 'toMillis', 'toJSON', 'toString', 'plus',
  'minus', 'negate', 'normalize', 'rescale', 'mapUnits', 'years', 'quarters', 'months', 'weeks', 'days', 'hours',
  'minutes', 'seconds', 'milliseconds', 'isValid',
]);

/** The allowed member names of a non-plain value, or undefined when it has none. */
export function allowedMembers(value: unknown): ReadonlySet<string> | undefined {
  if (typeof value === 'string') return STRING_METHODS;
  if (typeof value === 'number') return NUMBER_METHODS;
  if (Array.isArray(value)) return ARRAY_METHODS;
  if (value instanceof Date) return DATE_METHODS;
  if (value instanceof SafeRegExp) return REGEXP_METHODS;
  if (value instanceof DateTime) return DATETIME_METHODS;
  if (value instanceof Duration) return DURATION_METHODS;
  return undefined;
}

/** Plain data: made by JSON, object literals or our own scope objects. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
