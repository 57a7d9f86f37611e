import { MIN_REDACTED_LENGTH } from '../../redaction/redactor';
import { ExpressionError } from './expression-error';

/**
 * Taint for values derived from secrets. An expression that reads `secrets.NAME` produces a
 * tainted value: transformed (`toUpperCase()`, split and joined, sliced), it no longer matches
 * the secret the redactor knows. Every text in it is registered with the redactor as a derived
 * form of that secret, so it is redacted whole wherever it would be stored or shown (step
 * inputs, outputs, logs, errors), for as long as the process runs. Texts the expression spells
 * out itself (`'enabled'` in `secrets.X ? 'enabled' : ''`) are not secret and are left alone.
 * When a process has registered more derived values than it can keep, the step is refused
 * rather than stored in plaintext.
 */

/** Derived values kept per process; each is a few redactor entries. */
export const MAX_DERIVED_VALUES = 10_000;
/** Texts taken from one tainted value (a list, an object). */
const MAX_TEXTS_PER_VALUE = 1000;

function textsIn(value: unknown): string[] {
  const texts: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0 && texts.length <= MAX_TEXTS_PER_VALUE) {
    const node = stack.pop();
    if (typeof node === 'string') texts.push(node);
    else if (Array.isArray(node)) stack.push(...node.slice(0, MAX_TEXTS_PER_VALUE));
    else if (node !== null && typeof node === 'object') stack.push(...Object.values(node).slice(0, MAX_TEXTS_PER_VALUE));
  }
  return texts;
}

export class SecretTaint {
  private readonly known = new Set<string>();
  private count = 0;

  constructor(
    /** Registers a text for redaction under a label (the redactor's `set`). */
    private readonly register: (label: string, text: string) => void,
    private readonly limit = MAX_DERIVED_VALUES,
  ) {}

  /** `value` came from an expression (`source`) that read these secrets. */
  record(value: unknown, secrets: readonly string[], source: string): void {
    const texts = textsIn(value);
    if (texts.length > MAX_TEXTS_PER_VALUE) throw this.refusal(secrets, `it makes more than ${MAX_TEXTS_PER_VALUE} texts from them`);
    for (const text of texts) {
      if (text.length < MIN_REDACTED_LENGTH || this.known.has(text) || source.includes(text)) continue;
      if (this.known.size >= this.limit) throw this.refusal(secrets, `this process already tracks ${this.limit} values derived from secrets`);
      this.known.add(text);
      this.register(`${secrets.join(', ')} (derived ${++this.count})`, text);
    }
  }

  private refusal(secrets: readonly string[], why: string): ExpressionError {
    return new ExpressionError(
      `Its value is derived from ${secrets.join(', ')} and cannot be tracked for redaction (${why}), so it is not stored: pass the secret as it is, or keep the derived value in the vault`,
    );
  }
}
