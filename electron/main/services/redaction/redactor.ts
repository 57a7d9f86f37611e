/** Secrets shorter than this are not redacted: they would blank out ordinary words. */
export const MIN_REDACTED_LENGTH = 4;

/** The forms a secret takes once it is encoded into a header, a URL or a JSON string. */
function encodedForms(value: string): string[] {
  const buffer = Buffer.from(value, 'utf8');
  const forms = [
    value,
    buffer.toString('base64'),
    buffer.toString('base64').replace(/=+$/, ''),
    buffer.toString('base64url'),
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    JSON.stringify(value).slice(1, -1),
  ];
  return [...new Set(forms)].filter((form) => form.length >= MIN_REDACTED_LENGTH);
}

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
  private readonly byPrefix = new Map<string, { form: string; label: string }[]>();
  /** First two characters of every form, as numbers: most positions are rejected without allocating. */
  private readonly starts = new Map<number, number>();

  /** Registers a value under a label (the record's name), replacing any earlier value of that label. */
  set(label: string, value: string): void {
    this.delete(label);
    const forms = value.length >= MIN_REDACTED_LENGTH ? encodedForms(value) : [];
    this.secrets.set(label, forms);
    for (const form of forms) {
      const key = form.slice(0, MIN_REDACTED_LENGTH);
      this.starts.set(pairAt(form, 0), (this.starts.get(pairAt(form, 0)) ?? 0) + 1);
      const bucket = this.byPrefix.get(key) ?? [];
      bucket.push({ form, label });
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
    if (this.byPrefix.size === 0 || text.length < MIN_REDACTED_LENGTH) return text;
    let out = '';
    let copiedUpTo = 0;
    for (let i = 0; i <= text.length - MIN_REDACTED_LENGTH; ) {
      if (!this.starts.has(pairAt(text, i))) {
        i++;
        continue;
      }
      const bucket = this.byPrefix.get(text.slice(i, i + MIN_REDACTED_LENGTH));
      // Longest first, so a value is replaced whole before any shorter value inside it.
      const hit = bucket?.find((entry) => text.startsWith(entry.form, i));
      if (!hit) {
        i++;
        continue;
      }
      out += `${text.slice(copiedUpTo, i)}[redacted:${hit.label}]`;
      i += hit.form.length;
      copiedUpTo = i;
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }

  /** Redacts every string inside a JSON-like value (arguments, outputs), keeping its shape. */
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
