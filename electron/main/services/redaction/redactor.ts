/** Secrets shorter than this are not redacted: they would blank out ordinary words. */
export const MIN_REDACTED_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a secret takes once it is encoded into a header, a URL or a JSON string. */
function encodedForms(value: string): string[] {
  const buffer = Buffer.from(value, 'utf8');
  return [
    value,
    buffer.toString('base64'),
    buffer.toString('base64').replace(/=+$/, ''),
    buffer.toString('base64url'),
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    JSON.stringify(value).slice(1, -1),
  ];
}

/**
 * The one redactor: every logger, error serializer, step log and journal passes text through
 * it, so a value currently in the vault never leaves in any of its common encodings.
 */
export class Redactor {
  private readonly secrets = new Map<string, string>();
  private pattern: RegExp | undefined;
  private labels = new Map<string, string>();

  /** Registers a value under a label (the record's name), replacing any earlier value of that label. */
  set(label: string, value: string): void {
    this.secrets.set(label, value);
    this.pattern = undefined;
  }

  delete(label: string): void {
    this.secrets.delete(label);
    this.pattern = undefined;
  }

  clear(): void {
    this.secrets.clear();
    this.pattern = undefined;
  }

  get size(): number {
    return this.secrets.size;
  }

  private compile(): RegExp | undefined {
    if (this.pattern || this.secrets.size === 0) return this.pattern;
    this.labels = new Map();
    for (const [label, value] of this.secrets) {
      if (value.length < MIN_REDACTED_LENGTH) continue;
      for (const form of encodedForms(value)) if (form.length >= MIN_REDACTED_LENGTH) this.labels.set(form, label);
    }
    if (this.labels.size === 0) return undefined;
    // Longest first, so a value is replaced whole before any shorter value inside it.
    const forms = [...this.labels.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = new RegExp(forms.join('|'), 'g');
    return this.pattern;
  }

  redact(text: string): string {
    const pattern = this.compile();
    if (!pattern || text.length === 0) return text;
    return text.replace(pattern, (match) => `[redacted:${this.labels.get(match) ?? 'secret'}]`);
  }

  /** Redacts every string inside a JSON-like value (arguments, outputs), keeping its shape. */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.redactValue(item)])) as T;
    }
    return value;
  }
}
