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
  /** First two characters of every form, as numbers: most positions are rejected without allocating. */
  private readonly starts = new Map<number, number>();

  /** Registers a value under a label (the record's name), replacing any earlier value of that label. */
  set(label: string, value: string): void {
    this.delete(label);
    const anywhere = value.length >= REDACTED_ANYWHERE_LENGTH;
    const forms = value.length >= MIN_REDACTED_LENGTH ? encodedForms(value, anywhere).filter((form) => form.length >= MIN_REDACTED_LENGTH) : [];
    this.secrets.set(label, forms);
    for (const form of forms) {
      const key = form.slice(0, MIN_REDACTED_LENGTH);
      this.starts.set(pairAt(form, 0), (this.starts.get(pairAt(form, 0)) ?? 0) + 1);
      const bucket = this.byPrefix.get(key) ?? [];
      bucket.push({ form, label, wholeToken: !anywhere });
      bucket.sort((a, b) => b.form.length - a.form.length);
      this.byPrefix.set(key, bucket);
    }
  }

  delete(label: string): void {
    for (const form of this.secrets.get(label) ?? []) {
      const key = form.slice(0, MIN_REDACTED_LENGTH);
      const count = (this.starts.get(pairAt(form, 0)) ?? 1) - 1;
      if (count > 0) this.starts.set(pairAt(form, 0), count);
      else this.starts.delete(pairAt(form, 0));
      const bucket = this.byPrefix.get(key)?.filter((entry) => !(entry.label === label && entry.form === form));
      if (bucket && bucket.length > 0) this.byPrefix.set(key, bucket);
      else this.byPrefix.delete(key);
    }
    this.secrets.delete(label);
  }

  clear(): void {
    this.secrets.clear();
    this.byPrefix.clear();
    this.starts.clear();
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    let out = '';
    let copiedUpTo = 0;
    this.scan(text, (hit, at) => {
      out += `${text.slice(copiedUpTo, at)}[redacted:${hit.label}]`;
      copiedUpTo = at + hit.form.length;
      return true;
    });
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }

  /** Whether `text` holds any value the redactor knows, in any of its forms. */
  contains(text: string): boolean {
    let found = false;
    this.scan(text, () => {
      found = true;
      return false;
    });
    return found;
  }

  /** Calls `onHit` for each known form in `text`, left to right, longest first; it returns false to stop. */
  private scan(text: string, onHit: (hit: Form, at: number) => boolean): void {
    if (this.byPrefix.size === 0 || text.length < MIN_REDACTED_LENGTH) return;
    for (let i = 0; i <= text.length - MIN_REDACTED_LENGTH; ) {
      if (!this.starts.has(pairAt(text, i))) {
        i++;
        continue;
      }
      const bucket = this.byPrefix.get(text.slice(i, i + MIN_REDACTED_LENGTH));
      // Longest first, so a value is replaced whole before any shorter value inside it.
      const hit = bucket?.find((entry) => text.startsWith(entry.form, i) && (!entry.wholeToken || standsAlone(text, i, entry.form.length)));
      if (!hit) {
        i++;
        continue;
      }
      if (!onHit(hit, i)) return;
      i += hit.form.length;
    }
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

function standsAlone(text: string, at: number, length: number): boolean {
  return !ALPHANUMERIC.test(text.charAt(at - 1)) && !ALPHANUMERIC.test(text.charAt(at + length));
}
