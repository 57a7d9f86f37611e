import type { Migration } from './migration';

/** Connections to integrations (never their secrets: those are vault references), health samples and event logs. */
export const integrations: Migration = {
  version: 30,
  name: 'integrations',
  sql: `
    CREATE TABLE integration_connections (
      id TEXT PRIMARY KEY,
      plugin_id TEXT NOT NULL,
      plugin_version TEXT NOT NULL,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE,
      config_json TEXT NOT NULL,
      auth_json TEXT NOT NULL,
      secrets_json TEXT NOT NULL,
      settings_json TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('configuring', 'testing', 'connected', 'error', 'disconnected')),
      status_message TEXT,
      last_checked_at TEXT,
      last_response_ms REAL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX integration_connections_plugin ON integration_connections (plugin_id);

    CREATE TABLE integration_health (
      id INTEGER PRIMARY KEY,
      connection_id TEXT NOT NULL REFERENCES integration_connections (id) ON DELETE CASCADE,
      at TEXT NOT NULL,
      ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
      response_ms REAL NOT NULL,
      http_status INTEGER,
      error TEXT
    );
    CREATE INDEX integration_health_connection ON integration_health (connection_id, id DESC);

    CREATE TABLE integration_events (
      id INTEGER PRIMARY KEY,
      connection_id TEXT NOT NULL REFERENCES integration_connections (id) ON DELETE CASCADE,
      at TEXT NOT NULL,
      level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
      kind TEXT NOT NULL,
      message TEXT NOT NULL
    );
    CREATE INDEX integration_events_connection ON integration_events (connection_id, id DESC);
  `,
};
