import type Database from 'better-sqlite3';
import { EchelonError, type Connection, type ConnectionStatus } from '../../../../../shared/contract';
import type { AuthSettings } from '../../../../../shared/integrations/connection-auth';
import { ConnectionSettings } from '../../../../../shared/contract/integrations';
import type { ChangeTracker } from '../../store/change-tracker';

interface Row {
  id: string;
  plugin_id: string;
  plugin_version: string;
  name: string;
  config_json: string;
  auth_json: string;
  secrets_json: string;
  settings_json: string;
  status: ConnectionStatus;
  status_message: string | null;
  last_checked_at: string | null;
  last_response_ms: number | null;
  created_at: string;
  updated_at: string;
}

const TABLE = 'integration_connections';

function fromRow(row: Row): Connection {
  return {
    id: row.id,
    pluginId: row.plugin_id,
    pluginVersion: row.plugin_version,
    name: row.name,
    status: row.status,
    statusMessage: row.status_message,
    config: JSON.parse(row.config_json) as Record<string, unknown>,
    // Written only through this repository after validation: read back as is.
    auth: JSON.parse(row.auth_json) as AuthSettings,
    secrets: JSON.parse(row.secrets_json) as Record<string, string>,
    // Parsed, so a setting added since the row was written reads as its default.
    settings: ConnectionSettings.parse(JSON.parse(row.settings_json)),
    lastCheckedAt: row.last_checked_at,
    lastResponseMs: row.last_response_ms,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The connections table: configuration and vault references, never a secret value. */
export class ConnectionRepository {
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      insert: db.prepare(`INSERT INTO ${TABLE} (id, plugin_id, plugin_version, name, config_json, auth_json, secrets_json, settings_json, status, status_message, created_at, updated_at)
        VALUES (@id, @pluginId, @pluginVersion, @name, @config, @auth, @secrets, @settings, @status, @statusMessage, @createdAt, @updatedAt)`),
      update: db.prepare(`UPDATE ${TABLE} SET plugin_version = @pluginVersion, name = @name, config_json = @config, auth_json = @auth, secrets_json = @secrets,
        settings_json = @settings, status = @status, status_message = @statusMessage, updated_at = @updatedAt WHERE id = @id`),
      setStatus: db.prepare(`UPDATE ${TABLE} SET status = ?, status_message = ? WHERE id = ?`),
      recordCheck: db.prepare(`UPDATE ${TABLE} SET last_checked_at = ?, last_response_ms = ? WHERE id = ?`),
      get: db.prepare(`SELECT * FROM ${TABLE} WHERE id = ?`),
      byName: db.prepare(`SELECT id FROM ${TABLE} WHERE name = ? COLLATE NOCASE`),
      all: db.prepare(`SELECT * FROM ${TABLE} ORDER BY name COLLATE NOCASE`),
      ofPlugin: db.prepare(`SELECT * FROM ${TABLE} WHERE plugin_id = ? ORDER BY name COLLATE NOCASE`),
      delete: db.prepare(`DELETE FROM ${TABLE} WHERE id = ?`),
    };
  }

  private params(connection: Connection) {
    return {
      id: connection.id,
      pluginId: connection.pluginId,
      pluginVersion: connection.pluginVersion,
      name: connection.name,
      config: JSON.stringify(connection.config),
      auth: JSON.stringify(connection.auth),
      secrets: JSON.stringify(connection.secrets),
      settings: JSON.stringify(connection.settings),
      status: connection.status,
      statusMessage: connection.statusMessage,
      createdAt: connection.createdAt,
      updatedAt: connection.updatedAt,
    };
  }

  insert(connection: Connection): void {
    this.statements.insert.run(this.params(connection));
    this.changes.touched(TABLE);
  }

  update(connection: Connection): void {
    this.statements.update.run(this.params(connection));
    this.changes.touched(TABLE);
  }

  setStatus(id: string, status: ConnectionStatus, message: string | null): void {
    this.statements.setStatus.run(status, message, id);
    this.changes.touched(TABLE);
  }

  recordCheck(id: string, at: string, responseMs: number): void {
    this.statements.recordCheck.run(at, responseMs, id);
    this.changes.touched(TABLE);
  }

  find(id: string): Connection | undefined {
    const row = this.statements.get.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  get(id: string): Connection {
    const connection = this.find(id);
    if (!connection) throw new EchelonError('not_found', `No connection with id "${id}": it may have been deleted.`, { path: 'id' });
    return connection;
  }

  idByName(name: string): string | undefined {
    return (this.statements.byName.get(name) as { id: string } | undefined)?.id;
  }

  list(pluginId?: string): Connection[] {
    const rows = (pluginId ? this.statements.ofPlugin.all(pluginId) : this.statements.all.all()) as Row[];
    return rows.map(fromRow);
  }

  delete(id: string): boolean {
    const deleted = this.statements.delete.run(id).changes > 0;
    if (deleted) this.changes.touched(TABLE, 'integration_health', 'integration_events');
    return deleted;
  }
}
