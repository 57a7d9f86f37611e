import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { ServerDefinition } from '../../../../../shared/contract';
import { findSecretRefs } from '../../../../../shared/secrets/secret-ref';
import type { McpService } from '../../mcp/mcp-service';
import type { ChangeTracker } from '../../store/change-tracker';
import type { Json } from '../merge/three-way';
import type { SyncKind } from './sync-kind';

/** Every string under `secrets` must be a `{{ secrets.NAME }}` reference: values never leave the vault. */
function secretValueIn(definition: Json | undefined): string | undefined {
  const secrets = (definition as { secrets?: Record<string, unknown> } | undefined)?.secrets ?? {};
  for (const [slot, value] of Object.entries(secrets)) {
    const refs = typeof value === 'string' ? findSecretRefs(value) : [];
    if (refs.length !== 1 || refs[0]!.text !== String(value).trim()) {
      return `Its "${slot}" holds a value, not a vault reference: move it into the vault first. Only references are shared.`;
    }
  }
  return undefined;
}

interface ConnectionRow {
  id: string;
  plugin_id: string;
  plugin_version: string;
  name: string;
  config_json: string;
  auth_json: string;
  secrets_json: string;
  settings_json: string;
}

/**
 * Integration connections, keyed by their (unique) name: configuration, auth settings and
 * vault references. Each teammate resolves the references in their own vault.
 */
export function integrationKind(db: Database.Database, changes: ChangeTracker): SyncKind {
  const byName = db.prepare('SELECT * FROM integration_connections WHERE lower(name) = ?');
  const insert = db.prepare(
    `INSERT INTO integration_connections (id, plugin_id, plugin_version, name, config_json, auth_json, secrets_json, settings_json, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'configuring', ?, ?)`,
  );
  const update = db.prepare(
    'UPDATE integration_connections SET plugin_id = ?, plugin_version = ?, name = ?, config_json = ?, auth_json = ?, secrets_json = ?, settings_json = ?, updated_at = ? WHERE id = ?',
  );
  const remove = db.prepare('DELETE FROM integration_connections WHERE lower(name) = ?');
  return {
    kind: 'integration',
    table: 'integration_definitions',
    columns: ['name', 'plugin_id', 'definition'],
    strategy: 'merge',
    local: {
      table: 'integration_connections',
      key: (row) => `lower(${row}.name)`,
      columns: ['name', 'plugin_id', 'plugin_version', 'config_json', 'auth_json', 'secrets_json', 'settings_json'],
      auditName: (row) => `${row}.name`,
    },
    read(id) {
      const row = byName.get(id) as ConnectionRow | undefined;
      if (!row) return undefined;
      return {
        name: row.name,
        plugin_id: row.plugin_id,
        definition: {
          pluginVersion: row.plugin_version,
          config: JSON.parse(row.config_json) as Json,
          auth: JSON.parse(row.auth_json) as Json,
          secrets: JSON.parse(row.secrets_json) as Json,
          settings: JSON.parse(row.settings_json) as Json,
        },
      };
    },
    apply(id, row) {
      if (!row) {
        if (remove.run(id).changes > 0) changes.touched('integration_connections');
        return;
      }
      const definition = row.definition as { pluginVersion?: string; config?: Json; auth?: Json; secrets?: Json; settings?: Json };
      const values = [
        String(row.plugin_id),
        definition.pluginVersion ?? '1.0.0',
        String(row.name),
        JSON.stringify(definition.config ?? {}),
        JSON.stringify(definition.auth ?? { method: 'none' }),
        JSON.stringify(definition.secrets ?? {}),
        JSON.stringify(definition.settings ?? {}),
      ] as const;
      const now = new Date().toISOString();
      const existing = byName.get(id) as ConnectionRow | undefined;
      if (existing) update.run(...values, now, existing.id);
      else insert.run(randomUUID(), ...values, now, now);
      changes.touched('integration_connections');
    },
    name: (row, id) => (typeof row?.name === 'string' ? row.name : id),
    refuse: (row) => secretValueIn(row.definition),
    label: (path) => (path.length ? `Connection ${path.filter((part) => part !== 'definition').join('.')}` : 'The whole connection (deleted on one side)'),
  };
}

/** MCP server definitions, keyed by name; their env and headers keep `{{ secrets.NAME }}` references. */
export function mcpServerKind(db: Database.Database, mcp: McpService, log: (message: string) => void = () => {}): SyncKind {
  const byName = db.prepare('SELECT name, definition FROM mcp_servers WHERE lower(name) = ?');
  return {
    kind: 'mcp_server',
    table: 'mcp_servers',
    columns: ['name', 'definition'],
    strategy: 'merge',
    local: {
      table: 'mcp_servers',
      key: (row) => `lower(${row}.name)`,
      columns: ['name', 'transport', 'enabled', 'auto_start', 'definition'],
      auditName: (row) => `${row}.name`,
    },
    read(id) {
      const row = byName.get(id) as { name: string; definition: string } | undefined;
      return row ? { name: row.name, definition: JSON.parse(row.definition) as Json } : undefined;
    },
    apply(id, row) {
      const existing = byName.get(id) as { name: string } | undefined;
      if (!row) {
        if (existing) void mcp.remove(existing.name).catch((error: unknown) => log(`Removing MCP server ${existing.name} (deleted by the team) failed: ${String(error)}`));
        return;
      }
      const parsed = ServerDefinition.safeParse({ ...(row.definition as object), name: row.name });
      if (!parsed.success) {
        log(`A team change to MCP server ${String(row.name)} was not applied: ${parsed.error.issues[0]?.message}.`);
        return;
      }
      if (existing) mcp.update(existing.name, parsed.data);
      else mcp.add(parsed.data);
    },
    name: (row, id) => (typeof row?.name === 'string' ? row.name : id),
    label: (path) => (path.length ? `Server ${path.filter((part) => part !== 'definition').join('.')}` : 'The whole server (deleted on one side)'),
  };
}

