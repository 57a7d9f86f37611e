import type { Migration } from './migration';

/** MCP servers, their stderr ring buffers, health checks and the call journal. */
export const mcp: Migration = {
  version: 40,
  name: 'mcp',
  sql: `
    CREATE TABLE mcp_servers (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE,
      transport TEXT NOT NULL CHECK (transport IN ('stdio', 'http')),
      enabled INTEGER NOT NULL DEFAULT 1,
      auto_start INTEGER NOT NULL DEFAULT 0,
      definition TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE mcp_stderr (
      server_id TEXT NOT NULL REFERENCES mcp_servers (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      at TEXT NOT NULL,
      text TEXT NOT NULL,
      PRIMARY KEY (server_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE mcp_health (
      id INTEGER PRIMARY KEY,
      server_id TEXT NOT NULL REFERENCES mcp_servers (id) ON DELETE CASCADE,
      at TEXT NOT NULL,
      ok INTEGER NOT NULL,
      latency_ms REAL,
      error TEXT
    );
    CREATE INDEX mcp_health_server ON mcp_health (server_id, id DESC);

    CREATE TABLE mcp_calls (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      caller TEXT NOT NULL,
      server TEXT NOT NULL,
      tool TEXT NOT NULL,
      arguments TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled')),
      is_error INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      duration_ms REAL NOT NULL,
      result_bytes INTEGER NOT NULL DEFAULT 0,
      result_preview TEXT
    );
    CREATE INDEX mcp_calls_server ON mcp_calls (server, id DESC);
  `,
};
