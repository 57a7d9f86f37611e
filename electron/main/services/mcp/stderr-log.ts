import type Database from 'better-sqlite3';
import type { StderrLine } from '../../../../shared/contract';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { ChangeTracker } from '../store/change-tracker';
import { stderrCause } from './stderr-cause';

/** Lines kept per server: the ring buffer's size. */
export const STDERR_LINES_KEPT = 1000;
const MAX_LINE_CHARS = 4000;
const FLUSH_MS = 250;
/** Lines looked through for the cause of a failed start: Node's and Python's error reports fit. */
const CAUSE_LINES = 60;
const NOTE_PREFIX = '[echelon] ';
/** The supervisor's note at each start (`Starting <command>`): what came before it is an older run's. */
const STARTING_NOTE = 'Starting ';

interface Pending {
  serverId: string;
  seq: number;
  at: string;
  text: string;
}

/**
 * Each server's stderr as a bounded ring buffer in SQLite, so the last lines survive a crash
 * and a restart of Echelon. Lines are redacted before they are kept and written in batches.
 */
export class StderrLog implements Disposable {
  private readonly statements;
  private readonly nextSeq = new Map<string, number>();
  /** A partial line per server, waiting for its newline. */
  private readonly partial = new Map<string, string>();
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly changes: ChangeTracker,
    private readonly redact: (text: string) => string,
  ) {
    this.statements = {
      maxSeq: db.prepare<[string], number>('SELECT coalesce(max(seq), 0) FROM mcp_stderr WHERE server_id = ?').pluck(),
      insert: db.prepare('INSERT INTO mcp_stderr (server_id, seq, at, text) VALUES (@serverId, @seq, @at, @text)'),
      trim: db.prepare<[string, number]>('DELETE FROM mcp_stderr WHERE server_id = ? AND seq <= ?'),
      recent: db.prepare<[string, number], StderrLine>('SELECT seq, at, text FROM mcp_stderr WHERE server_id = ? ORDER BY seq DESC LIMIT ?'),
      search: db.prepare<[string, string, number], StderrLine>(
        "SELECT seq, at, text FROM mcp_stderr WHERE server_id = ? AND text LIKE ? ESCAPE '\\' ORDER BY seq DESC LIMIT ?",
      ),
    };
  }

  /** Takes a chunk of output; complete lines are kept, a trailing partial line waits for the next chunk. */
  append(serverId: string, chunk: string): void {
    const text = (this.partial.get(serverId) ?? '') + chunk;
    const lines = text.split(/\r?\n/);
    const rest = lines.pop() ?? '';
    if (rest.length > MAX_LINE_CHARS) {
      lines.push(rest);
      this.partial.delete(serverId);
    } else this.partial.set(serverId, rest);
    for (const line of lines) this.line(serverId, line);
  }

  /** Ends the current partial line (the process exited) and records a line of Echelon's own. */
  note(serverId: string, text: string): void {
    this.flushPartial(serverId);
    this.line(serverId, `${NOTE_PREFIX}${text}`);
  }

  flushPartial(serverId: string): void {
    const rest = this.partial.get(serverId);
    this.partial.delete(serverId);
    if (rest) this.line(serverId, rest);
  }

  /** The last lines, oldest first, in memory included. */
  tail(serverId: string, limit: number, search?: string): StderrLine[] {
    this.flush();
    const rows = search
      ? this.statements.search.all(serverId, `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit)
      : this.statements.recent.all(serverId, limit);
    return rows.reverse();
  }

  /** What the server said about its failure since it was last started (see `stderrCause`). */
  cause(serverId: string): string | undefined {
    const lines = this.tail(serverId, CAUSE_LINES).map((line) => line.text);
    const start = lines.findLastIndex((text) => text.startsWith(`${NOTE_PREFIX}${STARTING_NOTE}`));
    return stderrCause(lines.slice(start + 1).filter((text) => !text.startsWith(NOTE_PREFIX)));
  }

  private line(serverId: string, raw: string): void {
    if (raw.trim() === '') return;
    let seq = this.nextSeq.get(serverId);
    if (seq === undefined) seq = this.statements.maxSeq.get(serverId) ?? 0;
    seq += 1;
    this.nextSeq.set(serverId, seq);
    const text = this.redact(raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}…` : raw);
    this.pending.push({ serverId, seq, at: new Date().toISOString(), text });
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 || !this.db.open) return;
    const batch = this.pending;
    this.pending = [];
    const write = this.db.transaction(() => {
      const newest = new Map<string, number>();
      for (const line of batch) {
        this.statements.insert.run(line);
        newest.set(line.serverId, line.seq);
      }
      for (const [serverId, seq] of newest) this.statements.trim.run(serverId, seq - STDERR_LINES_KEPT);
    });
    try {
      write();
    } catch (error) {
      // The server was removed while its lines waited: they have nowhere to go.
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw error;
    }
    this.changes.touched('mcp_stderr');
  }

  forget(serverId: string): void {
    this.pending = this.pending.filter((line) => line.serverId !== serverId);
    this.partial.delete(serverId);
    this.nextSeq.delete(serverId);
  }

  dispose(): void {
    for (const serverId of [...this.partial.keys()]) this.flushPartial(serverId);
    this.flush();
  }
}
