import fs from 'node:fs';
import type { LogEntry, LogFilter } from '../../../../shared/contract/observability';
import { LEVEL_ORDER, type LogLevel } from './logger';

type Filter = Required<Pick<LogFilter, 'level'>> & Omit<LogFilter, 'level'>;

const CORRELATION = ['executionId', 'workflowId', 'step', 'agentTaskId'] as const;
const MAX_EXPORT_LINES = 100_000;

/** A parsed line, or undefined for one that is not a log line (torn by a crash, edited by hand). */
function parseLine(line: string): LogEntry | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object' || typeof raw.at !== 'string' || typeof raw.message !== 'string') return undefined;
  const { at, level, source, message, ...rest } = raw;
  const entry: LogEntry = {
    at,
    level: typeof level === 'string' && level in LEVEL_ORDER ? (level as LogLevel) : 'info',
    source: typeof source === 'string' ? source : 'unknown',
    message: message as string,
    fields: {},
  };
  for (const key of CORRELATION) {
    const value = rest[key];
    if (key === 'executionId' ? typeof value === 'number' : typeof value === 'string') (entry as Record<string, unknown>)[key] = value;
    delete rest[key];
  }
  entry.fields = rest;
  return entry;
}

function matches(entry: LogEntry, filter: Filter): boolean {
  if (LEVEL_ORDER[entry.level] < LEVEL_ORDER[filter.level]) return false;
  if (filter.source && entry.source !== filter.source) return false;
  if (filter.executionId !== undefined && entry.executionId !== filter.executionId) return false;
  if (filter.agentTaskId !== undefined && entry.agentTaskId !== filter.agentTaskId) return false;
  return true;
}

/** Lines of the log files, newest first, lazily: a page stops reading once it has enough. */
function* newestFirst(files: readonly string[]): Generator<string> {
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    for (let index = lines.length - 1; index >= 0; index--) if (lines[index]) yield lines[index]!;
  }
}

/** `at` of the last line returned, and how many lines with that same `at` were returned. */
function parseCursor(cursor: string | undefined): { at: string; seen: number } | undefined {
  const match = cursor ? /^(.+)#(\d+)$/.exec(cursor) : null;
  return match ? { at: match[1]!, seen: Number(match[2]) } : undefined;
}

/** Reads, filters and pages the JSON-lines log the logger writes (current file and rotated ones). */
export class LogReader {
  constructor(private readonly files: () => string[]) {}

  private *entries(filter: Filter, cursor?: { at: string; seen: number }): Generator<LogEntry> {
    const needle = filter.search?.toLowerCase();
    let sameAt = 0;
    for (const line of newestFirst(this.files())) {
      // The text test runs on the raw line first: most lines are rejected without parsing.
      if (needle && !line.toLowerCase().includes(needle)) continue;
      const entry = parseLine(line);
      if (!entry || !matches(entry, filter)) continue;
      if (cursor) {
        if (entry.at > cursor.at) continue;
        if (entry.at === cursor.at && sameAt++ < cursor.seen) continue;
      }
      yield entry;
    }
  }

  query(filter: Filter & { limit: number; cursor?: string }): { entries: LogEntry[]; nextCursor?: string; sources: string[] } {
    const cursor = parseCursor(filter.cursor);
    const entries: LogEntry[] = [];
    let next: LogEntry | undefined;
    for (const entry of this.entries(filter, cursor)) {
      if (entries.length === filter.limit) {
        next = entry;
        break;
      }
      entries.push(entry);
    }
    const sources = new Set<string>();
    for (const entry of entries) sources.add(entry.source);
    if (filter.source) sources.add(filter.source);
    let nextCursor: string | undefined;
    if (next && entries.length > 0) {
      const lastAt = entries.at(-1)!.at;
      const seen = entries.filter((entry) => entry.at === lastAt).length + (cursor?.at === lastAt ? cursor.seen : 0);
      nextCursor = `${lastAt}#${seen}`;
    }
    return { entries, nextCursor, sources: [...sources].sort() };
  }

  /** The matching lines as JSON lines, oldest first, as written. */
  export(filter: Filter): { content: string; lines: number; truncated: boolean } {
    const out: string[] = [];
    let truncated = false;
    for (const entry of this.entries(filter)) {
      if (out.length === MAX_EXPORT_LINES) {
        truncated = true;
        break;
      }
      const { fields, ...rest } = entry;
      out.push(JSON.stringify({ ...rest, ...fields }));
    }
    out.reverse();
    return { content: out.length > 0 ? `${out.join('\n')}\n` : '', lines: out.length, truncated };
  }
}
