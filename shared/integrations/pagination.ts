import { EchelonError } from '../contract/errors';

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
  /** The page's size as received, counted against the total allowed. */
  bytes?: number;
}

/** Pages held at once add up to at most this much unless the caller says otherwise. */
export const DEFAULT_MAX_PAGES_BYTES = 50 * 1024 * 1024;

const megabytes = (bytes: number) => `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;

/**
 * Fetches pages until there is no next one or `maxPages` were read, gathering their items; the
 * pages' sizes together may not pass `maxBytes`, so a long listing of large pages stops with a
 * clear error instead of filling memory.
 */
export async function collectPages<T>(
  fetchPage: (next: string | undefined) => Promise<Page<T>>,
  maxPages: number,
  maxBytes: number = DEFAULT_MAX_PAGES_BYTES,
): Promise<{ items: T[]; pages: number; more: boolean }> {
  const items: T[] = [];
  let next: string | undefined;
  let pages = 0;
  let bytes = 0;
  do {
    const page = await fetchPage(next);
    pages += 1;
    bytes += page.bytes ?? 0;
    if (bytes > maxBytes) {
      throw new EchelonError(
        'invalid_input',
        `The pages add up to more than ${megabytes(maxBytes)} after ${pages} pages (${megabytes(bytes)}): ask for fewer or smaller pages (maxPages, a page size parameter), or raise maxTotalMegabytes.`,
        { path: 'pagination' },
      );
    }
    items.push(...page.items);
    next = page.next || undefined;
  } while (next && pages < maxPages);
  return { items, pages, more: next !== undefined };
}

/** A page's next URL as an absolute URL: a Link target is relative to the page that names it. */
export function absoluteNext(next: string | undefined, pageUrl: string): string | undefined {
  if (!next) return undefined;
  try {
    return new URL(next, pageUrl).href;
  } catch {
    return undefined;
  }
}
