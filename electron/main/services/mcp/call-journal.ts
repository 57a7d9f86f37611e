import type Database from 'better-sqlite3';
import type { JournalEntry } from '../../../../shared/contract';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { ChangeTracker } from '../store/change-tracker';

const ENTRIES_KEPT = 20_000;
const PREVIEW_CHARS = 2000;
const FLUSH_MS = 100;

export type NewJournalEntry = Omit<JournalEntry, 'id' | 'at' | 'resultPreview'> & { resultPreview?: string | null };

export interface JournalFilter {
  server?: string;
  tool?: string;
  caller?: JournalEntry['caller'];
  status?: JournalEntry['status'];
  search?: string;
  beforeId?: number;
  limit: number;
}

interface Row {
  id: number;
  at: string;
  caller: JournalEntry['caller'];
  server: string;
  tool: string;
  arguments: string;
  status: JournalEntry['status'];
  is_error: number;
  error: string | null;
  duration_ms: number;
  result_bytes: number;
  result_preview: string | null;
}

/**
 * Every tool call, whoever made it: caller, server, tool, arguments, outcome and duration.
 * Entries arrive already redacted; the journal keeps the most recent twenty thousand. Writes
 * are queued and committed together every 100 ms, so no call waits for a disk commit (on
 * a busy gateway one commit serves hundreds of calls); reading flushes first, so nothing
 * recorded is ever missing from a read.
 */
export class CallJournal implements Disposable {
  private readonly statements;
  private writes = 0;
  private pending: Record<string, unknown>[] = [];
  private flushing: NodeJS.Timeout | undefined;
  private readonly writeBatch: (rows: Record<string, unknown>[]) => void;

  constructor(
    private readonly db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO mcp_calls (at, caller, server, tool, arguments, status, is_error, error, duration_ms, result_bytes, result_preview)
         VALUES (@at, @caller, @server, @tool, @arguments, @status, @isError, @error, @durationMs, @resultBytes, @resultPreview)`,
      ),
      trim: db.prepare<[number]>('DELETE FROM mcp_calls WHERE id <= (SELECT max(id) FROM mcp_calls) - ?'),
      // One statement for every filter: an absent filter is NULL and matches everything.
      list: db.prepare<[Record<string, unknown>], Row>(
        `SELECT * FROM mcp_calls
         WHERE (@server IS NULL OR server = @server)
           AND (@tool IS NULL OR tool = @tool)
           AND (@caller IS NULL OR caller = @caller)
           AND (@status IS NULL OR status = @status)
           AND (@beforeId IS NULL OR id < @beforeId)
           AND (@search IS NULL OR tool LIKE @search ESCAPE '\\' OR arguments LIKE @search ESCAPE '\\'
                OR coalesce(error, '') LIKE @search ESCAPE '\\' OR coalesce(result_preview, '') LIKE @search ESCAPE '\\')
         ORDER BY id DESC LIMIT @limit`,
      ),
    };
    this.writeBatch = db.transaction((rows: Record<string, unknown>[]) => {
      for (const row of rows) this.statements.insert.run(row);
      this.writes += rows.length;
      // Trimming on every write would cost a query per call; every hundredth is plenty.
      if (this.writes >= 100) {
        this.writes = 0;
        this.statements.trim.run(ENTRIES_KEPT);
      }
    });
  }

  record(entry: NewJournalEntry): void {
    const preview = entry.resultPreview ?? null;
    this.pending.push({
      at: new Date().toISOString(),
      caller: entry.caller,
      server: entry.server,
      tool: entry.tool,
      arguments: JSON.stringify(entry.arguments ?? {}),
      status: entry.status,
      isError: entry.isError ? 1 : 0,
      error: entry.error,
      durationMs: entry.durationMs,
      resultBytes: entry.resultBytes,
      resultPreview: preview && preview.length > PREVIEW_CHARS ? `${preview.slice(0, PREVIEW_CHARS)}…` : preview,
    });
    this.flushing ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    clearTimeout(this.flushing);
    this.flushing = undefined;
    if (this.pending.length === 0 || !this.db.open) return;
    const rows = this.pending;
    this.pending = [];
    this.writeBatch(rows);
    this.changes.touched('mcp_calls');
  }

  list(filter: JournalFilter): JournalEntry[] {
    this.flush();
    const rows = this.statements.list.all({
      server: filter.server ?? null,
      tool: filter.tool ?? null,
      caller: filter.caller ?? null,
      status: filter.status ?? null,
      beforeId: filter.beforeId ?? null,
      search: filter.search ? `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
      limit: filter.limit,
    });
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      caller: row.caller,
      server: row.server,
      tool: row.tool,
      arguments: JSON.parse(row.arguments) as unknown,
      status: row.status,
      isError: row.is_error === 1,
      error: row.error,
      durationMs: row.duration_ms,
      resultBytes: row.result_bytes,
      resultPreview: row.result_preview,
    }));
  }

  dispose(): void {
    this.flush();
  }
}
