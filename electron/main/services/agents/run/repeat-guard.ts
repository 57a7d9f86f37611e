/** JSON with sorted keys, so `{a,b}` and `{b,a}` are the same call. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Stops a task that keeps calling the same tool with the same arguments: the call that would be
 * the `limit`-th is not made, and the task ends as `stopped: repeated call`. Counts survive a
 * restart (they are rebuilt from the recorded calls).
 */
export class RepeatGuard {
  private readonly counts = new Map<string, number>();
  tripped: { server: string; tool: string; count: number } | undefined;

  constructor(
    private readonly limit: number,
    recorded: Iterable<{ server: string; tool: string; arguments: unknown }> = [],
  ) {
    for (const call of recorded) this.count(call.server, call.tool, call.arguments);
  }

  private count(server: string, tool: string, args: unknown): number {
    const key = `${server}\u0000${tool}\u0000${canonicalJson(args ?? {})}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count;
  }

  /** Counts the call; false (and tripped) when it is one too many. */
  allow(server: string, tool: string, args: unknown): boolean {
    const count = this.count(server, tool, args);
    if (count < this.limit) return true;
    this.tripped = { server, tool, count };
    return false;
  }
}
