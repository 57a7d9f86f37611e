/**
 * Nesting depth of incoming JSON, measured without recursion so a hostile message cannot
 * overflow the stack of the check itself. Validators (zod), JSON.stringify and our own walkers
 * recurse per level: a message is refused before any of them sees it.
 */

/** Default deepest nesting accepted in any incoming message (WebSocket, IPC, webhook, MCP, imported file). */
export const DEFAULT_MAX_DEPTH = 128;

export class DepthError extends Error {
  constructor(
    readonly limit: number,
    what = 'The message',
  ) {
    super(`${what} is nested more than ${limit} levels deep, which Echelon refuses: flatten it.`);
    this.name = 'DepthError';
  }
}

/** Depth of JSON text (objects and arrays), counted up to `limit + 1`; brackets inside strings do not count. */
export function jsonTextDepth(text: string, limit = DEFAULT_MAX_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return deepest;
}

/**
 * Depth of a parsed value (objects and arrays), counted up to `limit + 1`. A node reached again
 * by a shorter path is not walked again, so shared references (IPC's structured clone keeps
 * them) cost linear time, and a cycle counts as too deep.
 */
export function valueDepth(value: unknown, limit = DEFAULT_MAX_DEPTH): number {
  if (value === null || typeof value !== 'object') return 0;
  const seen = new Map<object, number>();
  const stack: Array<{ node: object; depth: number }> = [{ node: value, depth: 1 }];
  let deepest = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if ((seen.get(node) ?? 0) >= depth) continue;
    seen.set(node, depth);
    if (depth > deepest) {
      deepest = depth;
      if (deepest > limit) return deepest;
    }
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1 });
  }
  return deepest;
}

/** Throws DepthError when `value` is nested deeper than `limit`. */
export function assertDepth(value: unknown, limit = DEFAULT_MAX_DEPTH, what?: string): void {
  if (valueDepth(value, limit) > limit) throw new DepthError(limit, what);
}

/** JSON.parse, after refusing text nested deeper than `limit`. */
export function parseBoundedJson(text: string, limit = DEFAULT_MAX_DEPTH, what?: string): unknown {
  if (jsonTextDepth(text, limit) > limit) throw new DepthError(limit, what);
  return JSON.parse(text) as unknown;
}
