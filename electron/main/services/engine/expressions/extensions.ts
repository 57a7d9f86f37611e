import crypto from 'node:crypto';
import { DateTime, Duration, type DateTimeUnit, type DurationLikeObject } from 'luxon';
import { chargeSize, checkArrayLength, checkStringLength, textSize } from './budget';
import { ExpressionError } from './expression-error';
import { isPlainObject, PROTO_NAMES } from './safe-members';

/**
 * n8n's expression extension methods (`"a".toTitleCase()`, `[1, 2].sum()`, `$now.format(...)`,
 * `$json.isEmpty()`), as plain functions of the value they are called on. Each charges the
 * evaluation budget for the size of what it reads and checks what it makes; none reaches the
 * host beyond hashing.
 */

type Extension = (target: never, ...args: never[]) => unknown;

const fail = (message: string): never => {
  throw new ExpressionError(message);
};

// ------------------------------------------------------------ strings

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_IN_TEXT = /[^\s@<>()[\],;:"']+@[^\s@<>()[\],;:"']+\.[A-Za-z]{2,}/;
const URL_IN_TEXT = /(?:https?:\/\/|www\.)[^\s<>"']+/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i;
const CURRENCY = /[$€£¥,\s]/g;
const HASHES: Record<string, string> = { md5: 'md5', sha1: 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', sha3: 'sha3-512' };

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return undefined;
  }
}

function toDateTime(text: string, format?: string): DateTime {
  if (format !== undefined) return DateTime.fromFormat(text, String(format));
  for (const parse of [DateTime.fromISO, DateTime.fromHTTP, DateTime.fromRFC2822, DateTime.fromSQL]) {
    const parsed = parse(text);
    if (parsed.isValid) return parsed;
  }
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) fail(`"${text.slice(0, 40)}" cannot be read as a date: use an ISO date (2024-01-31) or pass its format, e.g. .toDateTime("dd/MM/yyyy")`);
  return DateTime.fromMillis(millis);
}

function toNumber(text: string, integer = false): number {
  const clean = text.replace(CURRENCY, '');
  const value = integer ? Number.parseInt(clean, 10) : Number(clean);
  if (clean === '' || Number.isNaN(value)) fail(`"${text.slice(0, 40)}" cannot be converted to a number`);
  return value;
}

const words = (text: string) => text.split(/[\s_-]+/).filter(Boolean);

const STRING: Record<string, Extension> = {
  isEmpty: (text: string) => text.length === 0,
  isNotEmpty: (text: string) => text.length > 0,
  isEmail: (text: string) => EMAIL.test(text),
  isUrl: (text: string) => /^https?:\/\//i.test(text) && parseUrl(text) !== undefined,
  isDomain: (text: string) => DOMAIN.test(text),
  isNumeric: (text: string) => text.trim() !== '' && !Number.isNaN(Number(text)),
  toJsonString: (text: string) => JSON.stringify(text),
  parseJson: (text: string) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      return fail(`The text is not valid JSON (${(error as Error).message}): check its quotes and commas`);
    }
  },
  toNumber: (text: string) => toNumber(text),
  toFloat: (text: string) => toNumber(text),
  toDecimalNumber: (text: string) => toNumber(text),
  toInt: (text: string) => toNumber(text, true),
  toWholeNumber: (text: string) => toNumber(text, true),
  toBoolean: (text: string) => {
    const normalized = text.trim().toLowerCase();
    return normalized.length > 0 && !['false', 'no', '0', 'off', 'n'].includes(normalized);
  },
  toDateTime: (text: string, format?: string) => toDateTime(text, format),
  toDate: (text: string) => toDateTime(text).toJSDate(),
  urlEncode: (text: string, entire?: boolean) => (entire ? encodeURI(text) : encodeURIComponent(text)),
  urlDecode: (text: string, entire?: boolean) => (entire ? decodeURI(text) : decodeURIComponent(text)),
  base64Encode: (text: string) => Buffer.from(text, 'utf8').toString('base64'),
  base64Decode: (text: string) => Buffer.from(text, 'base64').toString('utf8'),
  hash: (text: string, algorithm = 'md5') => {
    if (algorithm === 'base64') return Buffer.from(text, 'utf8').toString('base64');
    const known = HASHES[String(algorithm).toLowerCase()] ?? fail(`Unknown hash "${algorithm}": use md5, sha1, sha224, sha256, sha384, sha512, sha3 or base64`);
    return crypto.createHash(known).update(text).digest('hex');
  },
  extractDomain: (text: string) => {
    if (EMAIL.test(text)) return text.slice(text.lastIndexOf('@') + 1);
    return parseUrl(text.trim())?.hostname || undefined;
  },
  extractEmail: (text: string) => EMAIL_IN_TEXT.exec(text)?.[0],
  extractUrl: (text: string) => URL_IN_TEXT.exec(text)?.[0],
  extractUrlPath: (text: string) => parseUrl(text)?.pathname,
  quote: (text: string, mark = '"') => `${mark}${text.split(mark).join(`\\${mark}`)}${mark}`,
  removeTags: (text: string) => text.replace(/<[^<>]*>/g, ''),
  removeMarkdown: (text: string) =>
    text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/^#{1,6}[ \t]+/gm, '')
      .replace(/^[ \t]*(?:[-*+]|\d+\.)[ \t]+/gm, '')
      .replace(/^>[ \t]?/gm, '')
      .replace(/[*_~`]+/g, ''),
  replaceSpecialChars: (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
  toTitleCase: (text: string) => text.replace(/\S+/g, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()),
  toSentenceCase: (text: string) => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase(),
  toSnakeCase: (text: string) => words(text.replace(/([a-z0-9])([A-Z])/g, '$1 $2')).join('_').toLowerCase(),
  toCamelCase: (text: string) =>
    words(text)
      .map((word, i) => (i === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()))
      .join(''),
};

// ------------------------------------------------------------ numbers and booleans

const NUMBER: Record<string, Extension> = {
  abs: (n: number) => Math.abs(n),
  ceil: (n: number) => Math.ceil(n),
  floor: (n: number) => Math.floor(n),
  round: (n: number, decimals = 0) => {
    const factor = 10 ** Number(decimals);
    return Math.round(n * factor) / factor;
  },
  isEven: (n: number) => Number.isInteger(n) ? n % 2 === 0 : fail('isEven() needs a whole number'),
  isOdd: (n: number) => Number.isInteger(n) ? Math.abs(n % 2) === 1 : fail('isOdd() needs a whole number'),
  isInteger: (n: number) => Number.isInteger(n),
  isEmpty: () => false,
  toBoolean: (n: number) => n !== 0,
  toNumber: (n: number) => n,
  toJsonString: (n: number) => JSON.stringify(n),
  format: (n: number, locales?: string | string[], options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locales, isPlainObject(options) ? options : undefined).format(n),
  toDateTime: (n: number, unit = 'ms') => {
    if (unit === 's') return DateTime.fromSeconds(n);
    if (unit === 'excel') return DateTime.fromMillis(Math.round((n - 25569) * 86_400_000), { zone: 'utc' });
    return DateTime.fromMillis(n);
  },
};

const BOOLEAN: Record<string, Extension> = {
  toNumber: (value: boolean) => (value ? 1 : 0),
  toString: (value: boolean) => String(value),
  toJsonString: (value: boolean) => JSON.stringify(value),
  isEmpty: () => false,
};

// ------------------------------------------------------------ arrays

const numbers = (list: unknown[]) => list.filter((value): value is number => typeof value === 'number' && !Number.isNaN(value));
const same = (a: unknown, b: unknown) => a === b || (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
const uniqueBy = (list: unknown[], key: (value: unknown) => string) => {
  const seen = new Set<string>();
  return list.filter((value) => {
    const id = key(value);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
};
const identity = (value: unknown) => (value !== null && typeof value === 'object' ? `o:${JSON.stringify(value)}` : `${typeof value}:${String(value)}`);
const fieldsOf = (value: unknown, keys: string[]) => (isPlainObject(value) ? identity(keys.map((key) => value[key])) : identity(value));
const pick = (value: unknown, keys: string[]) => {
  if (!isPlainObject(value)) return undefined;
  if (keys.length === 1) return value[keys[0]!];
  return Object.fromEntries(keys.filter((key) => Object.hasOwn(value, key)).map((key) => [key, value[key]]));
};

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((entry) => entry !== null && entry !== undefined && entry !== '').map(compact);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null && entry !== undefined && entry !== '').map(([key, entry]) => [key, compact(entry)]));
  return value;
}

const ARRAY: Record<string, Extension> = {
  first: (list: unknown[]) => list[0],
  last: (list: unknown[]) => list.at(-1),
  isEmpty: (list: unknown[]) => list.length === 0,
  isNotEmpty: (list: unknown[]) => list.length > 0,
  sum: (list: unknown[]) => numbers(list).reduce((total, value) => total + value, 0),
  average: (list: unknown[]) => {
    const values = numbers(list);
    return values.length === 0 ? fail('average() of an empty list') : values.reduce((total, value) => total + value, 0) / values.length;
  },
  min: (list: unknown[]) => Math.min(...numbers(list)),
  max: (list: unknown[]) => Math.max(...numbers(list)),
  unique: (list: unknown[], ...keys: string[]) => uniqueBy(list, (value) => fieldsOf(value, keys)),
  removeDuplicates: (list: unknown[], ...keys: string[]) => uniqueBy(list, (value) => fieldsOf(value, keys)),
  compact: (list: unknown[]) => compact(list),
  pluck: (list: unknown[], ...keys: string[]) => (keys.length === 0 ? list : list.map((value) => pick(value, keys)).filter((value) => value !== undefined)),
  chunk: (list: unknown[], size: number) => {
    const step = Number(size);
    if (!Number.isInteger(step) || step < 1) fail('chunk() takes a size of 1 or more');
    const out: unknown[][] = [];
    for (let i = 0; i < list.length; i += step) out.push(list.slice(i, i + step));
    return out;
  },
  difference: (list: unknown[], other: unknown[]) => list.filter((value) => !(Array.isArray(other) ? other : []).some((entry) => same(entry, value))),
  intersection: (list: unknown[], other: unknown[]) => uniqueBy(list.filter((value) => (Array.isArray(other) ? other : []).some((entry) => same(entry, value))), identity),
  union: (list: unknown[], other: unknown[]) => uniqueBy([...list, ...(Array.isArray(other) ? other : [])], identity),
  append: (list: unknown[], ...values: unknown[]) => [...list, ...values],
  randomItem: (list: unknown[]) => list[Math.floor(Math.random() * list.length)],
  smartJoin: (list: unknown[], keyField: string, valueField: string) => {
    const out: Record<string, unknown> = {};
    for (const entry of list) if (isPlainObject(entry) && !PROTO_NAMES.has(String(entry[keyField]))) out[String(entry[keyField])] = entry[valueField];
    return out;
  },
  renameKeys: (list: unknown[], ...pairs: string[]) => list.map((entry) => (isPlainObject(entry) ? renameKeys(entry, pairs) : entry)),
  toJsonString: (list: unknown[]) => JSON.stringify(list),
  // n8n evaluates JavaScript, where these change the list in place; here they answer a new one.
  sort: (list: unknown[], compare?: (a: unknown, b: unknown) => number) => [...list].sort(typeof compare === 'function' ? compare : undefined),
  reverse: (list: unknown[]) => [...list].reverse(),
};

function renameKeys(value: Record<string, unknown>, pairs: string[]): Record<string, unknown> {
  const out = { ...value };
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const [from, to] = [String(pairs[i]), String(pairs[i + 1])];
    if (PROTO_NAMES.has(to) || !Object.hasOwn(out, from)) continue;
    out[to] = out[from];
    delete out[from];
  }
  return out;
}

// ------------------------------------------------------------ objects

const hasValue = (entry: unknown, needle: unknown) => (typeof entry === 'string' ? entry.includes(String(needle)) : entry === needle);

const OBJECT: Record<string, Extension> = {
  isEmpty: (value: Record<string, unknown>) => Object.keys(value).length === 0,
  isNotEmpty: (value: Record<string, unknown>) => Object.keys(value).length > 0,
  hasField: (value: Record<string, unknown>, name: string) => Object.hasOwn(value, String(name)),
  removeField: (value: Record<string, unknown>, name: string) => Object.fromEntries(Object.entries(value).filter(([key]) => key !== String(name))),
  removeFieldsContaining: (value: Record<string, unknown>, needle: unknown) => Object.fromEntries(Object.entries(value).filter(([, entry]) => !hasValue(entry, needle))),
  keepFieldsContaining: (value: Record<string, unknown>, needle: unknown) => Object.fromEntries(Object.entries(value).filter(([, entry]) => hasValue(entry, needle))),
  compact: (value: Record<string, unknown>) => compact(value),
  keys: (value: Record<string, unknown>) => Object.keys(value),
  values: (value: Record<string, unknown>) => Object.values(value),
  merge: (value: Record<string, unknown>, other: unknown) => ({ ...(isPlainObject(other) ? other : {}), ...value }),
  renameKeys: (value: Record<string, unknown>, ...pairs: string[]) => renameKeys(value, pairs),
  toJsonString: (value: Record<string, unknown>) => JSON.stringify(value),
  urlEncode: (value: Record<string, unknown>) => new URLSearchParams(Object.entries(value).map(([key, entry]): [string, string] => [key, String(entry)])).toString(),
};

// ------------------------------------------------------------ dates

const UNITS = new Set(['years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds']);
const durationUnit = (unit: unknown): string => {
  const name = String(unit ?? 'milliseconds').toLowerCase();
  const plural = name.endsWith('s') ? name : `${name}s`;
  if (plural === 'mss') return 'milliseconds';
  return UNITS.has(plural) ? plural : fail(`"${String(unit)}" is not a time unit: use years, months, weeks, days, hours, minutes, seconds or milliseconds`);
};
const startUnit = (unit: unknown) => durationUnit(unit).replace(/s$/, '') as DateTimeUnit;
/** `plus(5, 'days')` as n8n allows it, or luxon's own `plus({ days: 5 })`. */
const shift = (date: DateTime, sign: 1 | -1, amount: unknown, unit: unknown): DateTime => {
  const change: DurationLikeObject | Duration =
    typeof amount === 'number' ? { [durationUnit(unit)]: sign * amount } : amount instanceof Duration ? (sign === 1 ? amount : amount.negate()) : isPlainObject(amount) ? Duration.fromObject(amount as DurationLikeObject).mapUnits((x) => sign * x) : fail('plus() and minus() take an amount and a unit, e.g. plus(5, "days")');
  return date.plus(change);
};

const DATETIME: Record<string, Extension> = {
  format: (date: DateTime, format: string) => date.toFormat(String(format)),
  plus: (date: DateTime, amount: unknown, unit?: string) => shift(date, 1, amount, unit),
  minus: (date: DateTime, amount: unknown, unit?: string) => shift(date, -1, amount, unit),
  beginningOf: (date: DateTime, unit = 'week') => date.startOf(startUnit(unit)),
  endOfMonth: (date: DateTime) => date.endOf('month'),
  extract: (date: DateTime, unit = 'week') => (String(unit) === 'week' ? date.weekNumber : date.get(startUnit(unit) as 'year')),
  isBetween: (date: DateTime, start: unknown, end: unknown) => {
    const from = asDateTime(start);
    const to = asDateTime(end);
    return date > from && date < to;
  },
  isInLast: (date: DateTime, amount = 0, unit = 'minutes') => {
    const now = DateTime.now();
    return date >= shift(now, -1, Number(amount), unit) && date <= now;
  },
  diffTo: (date: DateTime, other: unknown, unit = 'days') => date.diff(asDateTime(other), durationUnit(unit) as 'days').get(durationUnit(unit) as 'days'),
  toDateTime: (date: DateTime) => date,
  isEmpty: () => false,
};

function asDateTime(value: unknown): DateTime {
  if (value instanceof DateTime) return value;
  if (value instanceof Date) return DateTime.fromJSDate(value);
  if (typeof value === 'number') return DateTime.fromMillis(value);
  return toDateTime(String(value));
}

const DATE: Record<string, Extension> = Object.fromEntries(
  Object.entries(DATETIME).map(([name, extension]) => [name, (date: Date, ...args: never[]) => {
    const result = (extension as (target: DateTime, ...rest: never[]) => unknown)(DateTime.fromJSDate(date), ...args);
    // n8n's Date methods answer Dates where they change the date.
    return result instanceof DateTime && name !== 'toDateTime' ? result.toJSDate() : result;
  }]),
);

/** Methods that replace the value's own (luxon's `plus` takes an object only; JavaScript's `sort` works in place). */
const OVERRIDES = new Set(['plus', 'minus', 'sort', 'reverse']);

function table(target: unknown): Record<string, Extension> | undefined {
  if (typeof target === 'string') return STRING;
  if (typeof target === 'number') return NUMBER;
  if (typeof target === 'boolean') return BOOLEAN;
  if (Array.isArray(target)) return ARRAY;
  if (target instanceof DateTime) return DATETIME;
  if (target instanceof Date) return DATE;
  if (isPlainObject(target)) return OBJECT;
  return undefined;
}

/** An extension method of `target` named `name`, when n8n has one. */
export function extensionOf(target: unknown, name: string): Extension | undefined {
  const methods = table(target);
  return methods && Object.hasOwn(methods, name) ? methods[name] : undefined;
}

/** Whether the extension takes precedence over the value's own method of that name. */
export function overridesNative(name: string): boolean {
  return OVERRIDES.has(name);
}

/** Runs an extension within the evaluation's budget: its input is charged, its result measured. */
export function callExtension(extension: Extension, target: unknown, args: unknown[]): unknown {
  chargeSize(typeof target === 'string' || Array.isArray(target) ? target.length : isPlainObject(target) ? Object.keys(target).length : 1);
  const result = (extension as (target: unknown, ...rest: unknown[]) => unknown)(target, ...args);
  if (typeof result === 'string') checkStringLength(result.length);
  else if (Array.isArray(result)) checkArrayLength(result.length);
  else if (isPlainObject(result)) checkStringLength(textSize(result));
  return result;
}
