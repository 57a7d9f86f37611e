import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { EchelonError, ServerDefinition } from '../../../../shared/contract';
import type { ChangeTracker } from '../store/change-tracker';

export type StoredServer = ServerDefinition & { id: string; createdAt: string; updatedAt: string };

/** How stale another process's change to a definition may be seen here; this process's own writes show at once. */
const EXTERNAL_CHECK_MS = 250;

interface Row {
  id: string;
  name: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

const TABLE = 'mcp_servers';

/** MCP server definitions in SQLite. Values keep their `{{ secrets.NAME }}` references; nothing here is ever resolved. */
export class ServerRepository {
  private readonly statements;
  /**
   * Every definition, parsed, by lower-cased name: a tool call looks its server up, and parsing
   * a row each time would cost more than the call. Another process's write (the CLI beside the
   * desktop app) changes SQLite's data_version, which empties the cache. Reading data_version
   * takes a read transaction (two file-lock syscalls), so it is asked at most every 250 ms.
   */
  private cache: Map<string, StoredServer> | undefined;
  private cachedVersion = -1;
  private checkedAt = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      all: db.prepare<[], Row>(`SELECT id, name, definition, created_at, updated_at FROM ${TABLE} ORDER BY name COLLATE NOCASE`),
      // Prepared once: `db.pragma()` compiles its statement on every call, which a tool call would pay.
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      insert: db.prepare(
        `INSERT INTO ${TABLE} (id, name, transport, enabled, auto_start, definition, created_at, updated_at) VALUES (@id, @name, @transport, @enabled, @autoStart, @definition, @at, @at)`,
      ),
      update: db.prepare(
        `UPDATE ${TABLE} SET name = @name, transport = @transport, enabled = @enabled, auto_start = @autoStart, definition = @definition, updated_at = @at WHERE id = @id`,
      ),
      remove: db.prepare<[string]>(`DELETE FROM ${TABLE} WHERE id = ?`),
    };
  }

  private fromRow(row: Row): StoredServer {
    const parsed = ServerDefinition.safeParse({ ...JSON.parse(row.definition), name: row.name });
    if (!parsed.success) {
      throw new EchelonError('internal', `The stored definition of MCP server "${row.name}" is invalid (${parsed.error.issues[0]?.message}). Remove it and add it again.`);
    }
    return { ...parsed.data, id: row.id, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  private params(definition: ServerDefinition) {
    const { name, ...rest } = definition;
    return {
      name,
      // The column's check predates SSH: a server started over SSH speaks stdio on its host.
      transport: definition.transport.type === 'ssh' ? 'stdio' : definition.transport.type,
      enabled: definition.enabled ? 1 : 0,
      autoStart: definition.autoStart ? 1 : 0,
      definition: JSON.stringify(rest),
      at: new Date().toISOString(),
    };
  }

  private all(): Map<string, StoredServer> {
    const now = performance.now();
    if (this.cache && now - this.checkedAt < EXTERNAL_CHECK_MS) return this.cache;
    this.checkedAt = now;
    const version = this.statements.dataVersion.get()!;
    if (!this.cache || version !== this.cachedVersion) {
      this.cache = new Map(this.statements.all.all().map((row) => [row.name.toLowerCase(), this.fromRow(row)]));
      this.cachedVersion = version;
    }
    return this.cache;
  }

  list(): StoredServer[] {
    return [...this.all().values()];
  }

  find(name: string): StoredServer | undefined {
    return this.all().get(name.toLowerCase());
  }

  get(name: string): StoredServer {
    const server = this.find(name);
    if (!server) throw new EchelonError('not_found', `No MCP server is named "${name}". See them with \`echelon mcp list\`.`, { path: 'name' });
    return server;
  }

  insert(definition: ServerDefinition): StoredServer {
    if (this.find(definition.name)) {
      throw new EchelonError('conflict', `An MCP server named "${definition.name}" already exists: choose another name or remove it first.`, { path: 'name' });
    }
    const id = randomUUID();
    this.statements.insert.run({ id, ...this.params(definition) });
    this.cache = undefined;
    this.changes.touched(TABLE);
    return this.get(definition.name);
  }

  update(id: string, definition: ServerDefinition): StoredServer {
    const clash = this.find(definition.name);
    if (clash && clash.id !== id) {
      throw new EchelonError('conflict', `An MCP server named "${definition.name}" already exists: choose another name.`, { path: 'name' });
    }
    this.statements.update.run({ id, ...this.params(definition) });
    this.cache = undefined;
    this.changes.touched(TABLE);
    return this.get(definition.name);
  }

  remove(id: string): boolean {
    const removed = this.statements.remove.run(id).changes > 0;
    this.cache = undefined;
    if (removed) this.changes.touched(TABLE, 'mcp_stderr', 'mcp_health');
    return removed;
  }
}
