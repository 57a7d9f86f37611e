import { encodedForms } from './encoded-forms';

/** Secrets shorter than this are not redacted: they would blank out ordinary words. */
export const MIN_REDACTED_LENGTH = 4;
/**
 * Secrets at least this long are redacted wherever they appear, in every encoding; shorter
 * ones (4 to 7 characters: a PIN, a short password) only where they stand as a whole token, so
 * `4821` is taken out of `pin=4821` but not out of `order 948211`.
 */
export const REDACTED_ANYWHERE_LENGTH = 8;

interface Form {
  form: string;
  label: string;
  /** Matches only when no letter or digit touches it on either side. */
  wholeToken: boolean;
}

const ALPHANUMERIC = /[A-Za-z0-9]/;

const pairAt = (text: string, index: number) => text.charCodeAt(index) * 65536 + text.charCodeAt(index + 1);
/** The first MIN_REDACTED_LENGTH characters at `index` as one number (distinct prefixes may share one: it only filters). */
const prefixHash = (text: string, index: number) => (Math.imul(pairAt(text, index), 0x9e3779b1) ^ pairAt(text, index + 2)) >>> 0;

/**
 * The one redactor: every logger, error serializer, step log and journal passes text through
 * it, so a value currently in the vault never leaves in any of its common encodings.
 *
 * Forms are indexed by their first characters, so adding or removing a secret costs only its
 * own forms (a vault of 10,000 records stays cheap to update), and a scan checks only the
 * forms that could start at each position.
 */
export class Redactor {
  private readonly secrets = new Map<string, string[]>();
  /** First MIN_REDACTED_LENGTH characters → forms starting with them, longest first. */
  private readonly byPrefix = new Map<string, Form[]>();
  /** The first two characters of every form, then a hash of its first four (with counts): most positions are rejected without allocating. */
  private readonly pairs = new Map<number, number>();
  private readonly starts = new Map<number, number>();

  /** Registers a value under a label (the record's name), replacing any earlier value of that label. */
  set(label: string, value: string): void {
    this.delete(label);
    const anywhere = value.length >= REDACTED_ANYWHERE_LENGTH;
    const forms = value.length >= MIN_REDACTED_LENGTH ? encodedForms(value, anywhere).filter((form) => form.length >= MIN_REDACTED_LENGTH) : [];
    this.secrets.set(label, forms);
    for (const form of forms) {
      const key = form.slice(0, MIN_REDACTED_LENGTH);
      count(this.pairs, pairAt(form, 0), 1);
      count(this.starts, prefixHash(form, 0), 1);
      const bucket = this.byPrefix.get(key) ?? [];
      bucket.splice(insertionPoint(bucket, form.length), 0, { form, label, wholeToken: !anywhere });
      this.byPrefix.set(key, bucket);
    }
  }

  delete(label: string): void {
    for (const form of this.secrets.get(label) ?? []) {
      const key = form.slice(0, MIN_REDACTED_LENGTH);
      count(this.pairs, pairAt(form, 0), -1);
      count(this.starts, prefixHash(form, 0), -1);
      const bucket = this.byPrefix.get(key)?.filter((entry) => !(entry.label === label && entry.form === form));
      if (bucket && bucket.length > 0) this.byPrefix.set(key, bucket);
      else this.byPrefix.delete(key);
    }
    this.secrets.delete(label);
  }

  clear(): void {
    this.secrets.clear();
    this.byPrefix.clear();
    this.pairs.clear();
    this.starts.clear();
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    if (this.byPrefix.size === 0) return text;
    let out = '';
    let copiedUpTo = 0;
    for (let found = this.nextHit(text, 0); found; found = this.nextHit(text, found.at + found.hit.form.length)) {
      out += `${text.slice(copiedUpTo, found.at)}[redacted:${found.hit.label}]`;
      copiedUpTo = found.at + found.hit.form.length;
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }

  /** Whether `text` holds any value the redactor knows, in any of its forms. */
  contains(text: string): boolean {
    return this.byPrefix.size > 0 && this.nextHit(text, 0) !== undefined;
  }

  /** The first known form in `text` at or after `from` (longest first, so a value goes whole before a shorter one inside it). */
  private nextHit(text: string, from: number): { hit: Form; at: number } | undefined {
    for (let i = from; i <= text.length - MIN_REDACTED_LENGTH; i++) {
      if (!this.pairs.has(pairAt(text, i)) || !this.starts.has(prefixHash(text, i))) continue;
      const bucket = this.byPrefix.get(text.slice(i, i + MIN_REDACTED_LENGTH));
      const hit = bucket?.find((entry) => text.startsWith(entry.form, i) && (!entry.wholeToken || standsAlone(text, i, entry.form.length)));
      if (hit) return { hit, at: i };
    }
    return undefined;
  }

  /**
   * `value` with every string in it redacted. Only the parts that change are copied: a tool
   * result with nothing secret in it comes back as it went in, which keeps a hot call path free
   * of a deep copy per call.
   */
  redactValue<T>(value: T): T {
    if (this.byPrefix.size === 0) return value;
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item: unknown, index) => {
        const redacted = this.redactValue(item);
        if (redacted !== item) (copy ??= [...value])[index] = redacted;
      });
      return (copy ?? value) as T;
    }
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      let copy: Record<string, unknown> | undefined;
      for (const [key, item] of Object.entries(record)) {
        const redacted = this.redactValue(item);
        if (redacted !== item) (copy ??= { ...record })[key] = redacted;
      }
      return (copy ?? value) as T;
    }
    return value;
  }
}

function count(counts: Map<number, number>, key: number, change: 1 | -1): void {
  const next = (counts.get(key) ?? 0) + change;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

/** Where a form of this length goes in a bucket kept longest first (after those as long): a binary search, not a sort per value. */
function insertionPoint(bucket: readonly Form[], length: number): number {
  let low = 0;
  let high = bucket.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (bucket[middle]!.form.length >= length) low = middle + 1;
    else high = middle;
  }
  return low;
}

function standsAlone(text: string, at: number, length: number): boolean {
  return !ALPHANUMERIC.test(text.charAt(at - 1)) && !ALPHANUMERIC.test(text.charAt(at + length));
}
