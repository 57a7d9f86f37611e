/** Pagination helpers shared by the built-in integrations: RFC 8288 Link headers and cursor paths. */

/** `<https://api/x?page=2>; rel="next", <...>; rel="last"` → `{ next: 'https://api/x?page=2', last: ... }`. */
export function parseLinkHeader(header: string | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match) continue;
    const rel = /\brel\s*=\s*"?([^";]+)"?/i.exec(match[2]!)?.[1];
    if (rel) for (const name of rel.trim().split(/\s+/)) links[name.toLowerCase()] = match[1]!;
  }
  return links;
}

/** Reads `a.b.0.c` from a JSON value; undefined where the path does not exist. */
export function readPath(value: unknown, path: string): unknown {
  if (!path) return value;
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export interface Page<T> {
  items: T[];
  /** What fetches the next page (a cursor, a URL); undefined on the last page. */
  next?: string;
}

/** Fetches pages until there is no next one or `maxPages` were read, gathering their items. */
export async function collectPages<T>(fetchPage: (next: string | undefined) => Promise<Page<T>>, maxPages: number): Promise<{ items: T[]; pages: number; more: boolean }> {
  const items: T[] = [];
  let next: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(next);
    items.push(...page.items);
    pages += 1;
    next = page.next || undefined;
  } while (next && pages < maxPages);
  return { items, pages, more: next !== undefined };
}
