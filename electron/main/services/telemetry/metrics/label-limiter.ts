/** The label value used once a label has seen as many distinct values as it may. */
export const OTHER = 'other';

/**
 * Bounds a label's cardinality: the first `max` distinct values pass through, later ones are
 * counted under `other`, so no user-made name can grow a series without limit.
 */
export class LabelLimiter {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  value(raw: string): string {
    if (this.seen.has(raw)) return raw;
    if (this.seen.size >= this.max) return OTHER;
    this.seen.add(raw);
    return raw;
  }
}
