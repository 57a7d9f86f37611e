import { RE2JS } from 're2js';
import { charge, chargeSize, checkArrayLength, checkStringLength } from './budget';
import { ExpressionError } from './expression-error';

/**
 * Regular expressions of workflows (literals in expressions, patterns in conditions) run on RE2
 * (re2js, a pure-JavaScript port): linear in the input, whatever the pattern, so `/^(a+)+$/`
 * cannot freeze the app. It has no lookahead, lookbehind or backreferences; a pattern using
 * them is refused with a message saying so. The object speaks JavaScript's RegExp protocol
 * (`test`, `exec`, `lastIndex`, and the symbols String's match, matchAll, replace, search and
 * split call), so `text.replace(/a/g, 'b')` works as in JavaScript.
 */

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, s: RE2JS.DOTALL, m: RE2JS.MULTILINE, g: 0, y: 0, u: 0, d: 0 };
const compiled = new Map<string, RE2JS>();
const CACHE_LIMIT = 1000;

function compile(source: string, flags: string): RE2JS {
  const key = `${flags}/${source}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  let bits = 0;
  for (const flag of flags) {
    const bit = FLAG_BITS[flag];
    if (bit === undefined || flags.indexOf(flag) !== flags.lastIndexOf(flag)) throw new ExpressionError(`Invalid regular expression flags "${flags}"`);
    bits |= bit;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    throw new ExpressionError(
      `The regular expression /${source}/ cannot run here (${reason}). Workflows use a linear-time engine (RE2) that has no lookahead, lookbehind or backreferences: rewrite the pattern without them`,
    );
  }
  if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, re);
  return re;
}

type Match = RegExpExecArray;

export class SafeRegExp {
  readonly source: string;
  readonly flags: string;
  readonly global: boolean;
  readonly sticky: boolean;
  lastIndex = 0;
  private readonly re: RE2JS;

  constructor(source: string, flags = '') {
    this.source = source;
    this.flags = [...flags].sort().join('');
    this.global = flags.includes('g');
    this.sticky = flags.includes('y');
    this.re = compile(source, this.flags);
  }

  /** Checks a pattern without keeping an object (compile time, validation). */
  static check(source: string, flags = ''): void {
    compile(source, flags);
  }

  /** The first match at or after `start` (exactly at it when sticky), as RegExp.exec returns it. */
  private matchFrom(text: string, start: number): Match | null {
    charge();
    const matcher = this.re.matcher(text);
    if (start > text.length || !matcher.find(start)) return null;
    const at = matcher.start();
    if (this.sticky && at !== start) return null;
    const result = [matcher.group(0) ?? ''] as unknown as Match;
    for (let group = 1; group <= matcher.groupCount(); group++) result.push(matcher.group(group) ?? (undefined as unknown as string));
    result.index = at;
    result.input = text;
    const named = this.re.namedGroups();
    if (Object.keys(named).length > 0) {
      const groups: Record<string, string | undefined> = {};
      for (const [name, group] of Object.entries(named)) groups[name] = result[group] ?? undefined;
      result.groups = groups as Record<string, string>;
    }
    return result;
  }

  exec(input: unknown): Match | null {
    const text = String(input);
    chargeSize(text.length);
    const keepsPlace = this.global || this.sticky;
    const found = this.matchFrom(text, keepsPlace ? this.lastIndex : 0);
    if (keepsPlace) this.lastIndex = found ? found.index + found[0].length : 0;
    return found;
  }

  test(input: unknown): boolean {
    if (this.global || this.sticky) return this.exec(input) !== null;
    const text = String(input);
    chargeSize(text.length);
    return this.re.test(text);
  }

  toString(): string {
    return `/${this.source}/${this.flags}`;
  }

  /** Every match from the start, advancing past empty ones as JavaScript does. */
  private all(text: string): Match[] {
    chargeSize(text.length);
    const matches: Match[] = [];
    for (let position = 0; position <= text.length; ) {
      const found = this.matchFrom(text, position);
      if (!found) break;
      matches.push(found);
      checkArrayLength(matches.length);
      const end = found.index + found[0].length;
      position = end === found.index ? end + 1 : end;
    }
    return matches;
  }

  [Symbol.match](input: unknown): string[] | Match | null {
    const text = String(input);
    if (!this.global) return this.exec(text);
    this.lastIndex = 0;
    const matches = this.all(text).map((match) => match[0]);
    return matches.length > 0 ? matches : null;
  }

  /** A list, not an iterator, so expressions can map and spread it. */
  [Symbol.matchAll](input: unknown): Match[] {
    return this.all(String(input));
  }

  [Symbol.search](input: unknown): number {
    const text = String(input);
    chargeSize(text.length);
    return this.matchFrom(text, 0)?.index ?? -1;
  }

  [Symbol.replace](input: unknown, replacement: unknown): string {
    const text = String(input);
    const matches = this.global ? this.all(text) : [this.exec(text)].filter((match): match is Match => match !== null);
    if (this.global) this.lastIndex = 0;
    let out = '';
    let copied = 0;
    for (const match of matches) {
      const captures = match.slice(1);
      const value =
        typeof replacement === 'function'
          ? String(replacement(match[0], ...captures, match.index, text, ...(match.groups ? [match.groups] : [])))
          : expandReplacement(String(replacement), match, text);
      out += text.slice(copied, match.index) + value;
      checkStringLength(out.length);
      copied = match.index + match[0].length;
    }
    out += text.slice(copied);
    checkStringLength(out.length);
    return out;
  }

  [Symbol.split](input: unknown, limit?: number): string[] {
    const text = String(input);
    chargeSize(text.length);
    const max = limit === undefined ? 2 ** 32 - 1 : limit >>> 0;
    if (max === 0) return [];
    if (text.length === 0) return this.re.test(text) ? [] : [text];
    const out: string[] = [];
    let last = 0;
    for (let position = 0; position < text.length; ) {
      const found = this.matchFrom(text, position);
      if (!found || found.index >= text.length) break;
      const end = found.index + found[0].length;
      if (found[0].length === 0 && found.index === last) {
        position = found.index + 1;
        continue;
      }
      out.push(text.slice(last, found.index));
      if (out.length === max) return out;
      for (const group of found.slice(1)) {
        out.push(group);
        if (out.length === max) return out;
      }
      checkArrayLength(out.length);
      last = end;
      position = end;
    }
    out.push(text.slice(last));
    return out;
  }
}

/** JavaScript's `$&`, `$1`, `$<name>`, `` $` ``, `$'` and `$$` in a replacement text. */
function expandReplacement(template: string, match: Match, text: string): string {
  if (!template.includes('$')) return template;
  return template.replace(/\$(\$|&|`|'|<([^>]*)>|\d{1,2})/g, (whole, token: string, name: string | undefined) => {
    if (token === '$') return '$';
    if (token === '&') return match[0];
    if (token === '`') return text.slice(0, match.index);
    if (token === "'") return text.slice(match.index + match[0].length);
    if (name !== undefined) return match.groups ? (match.groups[name] ?? '') : whole;
    const index = Number(token);
    if (index >= 1 && index < match.length) return match[index] ?? '';
    // "$12" with one group is "$1" then "2".
    if (token.length === 2 && Number(token[0]) >= 1 && Number(token[0]) < match.length) return (match[Number(token[0])] ?? '') + token[1];
    return whole;
  });
}
