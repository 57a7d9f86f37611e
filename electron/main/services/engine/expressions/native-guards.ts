import { charge, checkArrayLength, checkStringLength, chargeSize, made, textSize } from './budget';
import { SafeRegExp } from './safe-regexp';

/**
 * Calls a whitelisted method of a string or an array (or a date, a number, a DateTime) within
 * the evaluation's budget. Methods that can make a value much larger than their inputs are
 * checked before they run, from their arguments; every result is measured after. String
 * methods that would build a JavaScript RegExp from a text get an RE2 one instead.
 */

type Guard = (target: never, args: unknown[]) => void;

/** Occurrences of `needle` in `text`, counted up to `cap`. */
function occurrences(text: string, needle: string, cap: number): number {
  if (needle.length === 0) return text.length + 1;
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0 && count <= cap; at = text.indexOf(needle, at + needle.length)) count++;
  chargeSize(text.length);
  return count;
}

function replacementBound(text: string, pattern: unknown, replacement: unknown, all: boolean): void {
  if (typeof replacement === 'function' || pattern instanceof SafeRegExp) return;
  const template = String(replacement);
  // `$\`` and `$'` insert up to the whole text per match.
  const perMatch = template.length + (template.includes('$') ? 2 * text.length : 0);
  const count = all ? occurrences(text, String(pattern), text.length) : 1;
  checkStringLength(text.length + count * perMatch);
}

const STRING_GUARDS: Record<string, Guard> = {
  repeat: (text: string, [count]) => checkStringLength(text.length * Math.max(0, Number(count) || 0)),
  padStart: (_text: string, [length]) => checkStringLength(Number(length) || 0),
  padEnd: (_text: string, [length]) => checkStringLength(Number(length) || 0),
  concat: (text: string, args) => checkStringLength(text.length + args.reduce<number>((sum, arg) => sum + textSize(arg), 0)),
  replace: (text: string, [pattern, replacement]) => replacementBound(text, pattern, replacement, false),
  replaceAll: (text: string, [pattern, replacement]) => replacementBound(text, pattern, replacement, true),
  split: (text: string, [separator, limit]) => {
    if (separator instanceof SafeRegExp || separator === undefined) return;
    const needle = String(separator);
    const pieces = needle === '' ? text.length : occurrences(text, needle, text.length) + 1;
    checkArrayLength(limit === undefined ? pieces : Math.min(pieces, Number(limit) >>> 0));
  },
};

const joined = (list: unknown[], separator: unknown) => textSize(list) + list.length * (separator === undefined ? 1 : String(separator).length);

/** Items `flat(depth)` would make, counted up to the array limit. */
function flatSize(list: unknown[], depth: number): number {
  let size = 0;
  const stack: Array<{ list: unknown[]; depth: number }> = [{ list, depth }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    size += next.list.length;
    chargeSize(next.list.length);
    checkArrayLength(size);
    if (next.depth >= 1) for (const item of next.list) if (Array.isArray(item)) stack.push({ list: item, depth: next.depth - 1 });
  }
  return size;
}

const ARRAY_GUARDS: Record<string, Guard> = {
  join: (list: unknown[], [separator]) => checkStringLength(joined(list, separator)),
  toString: (list: unknown[]) => checkStringLength(joined(list, ',')),
  concat: (list: unknown[], args) => checkArrayLength(list.length + args.reduce<number>((sum, arg) => sum + (Array.isArray(arg) ? arg.length : 1), 0)),
  flat: (list: unknown[], [depth]) => void flatSize(list, depth === undefined ? 1 : Number(depth)),
  toSorted: (list: unknown[]) => chargeSize(list.length * Math.ceil(Math.log2(list.length + 1))),
};

/** Regex-taking String methods given a text: that text becomes an RE2 pattern, never a RegExp. */
const PATTERN_METHODS = new Set(['match', 'matchAll', 'search']);

/** flatMap's callback results are counted as they come, so a huge result is refused while it grows. */
function countingFlatMap(callback: unknown): unknown {
  if (typeof callback !== 'function') return callback;
  let total = 0;
  return (...args: unknown[]) => {
    const value = (callback as (...a: unknown[]) => unknown)(...args);
    total += Array.isArray(value) ? value.length : 1;
    checkArrayLength(total);
    return value;
  };
}

export function guardedCall(fn: (...args: unknown[]) => unknown, target: unknown, args: unknown[], name: string): unknown {
  charge();
  if (typeof target === 'string') {
    chargeSize(target.length);
    if (PATTERN_METHODS.has(name) && !(args[0] instanceof SafeRegExp)) {
      args = [new SafeRegExp(args[0] === undefined ? '(?:)' : String(args[0]), name === 'matchAll' ? 'g' : ''), ...args.slice(1)];
    }
    STRING_GUARDS[name]?.(target as never, args);
  } else if (Array.isArray(target)) {
    chargeSize(target.length);
    ARRAY_GUARDS[name]?.(target as never, args);
    if (name === 'flatMap') args = [countingFlatMap(args[0]), ...args.slice(1)];
  }
  return made(Reflect.apply(fn, target, args));
}
