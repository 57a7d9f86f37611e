import type Database from 'better-sqlite3';
import type { JsonObject } from '../node-api';

/** The node key of a workflow's global static data. */
const GLOBAL = '';

/** n8n's workflow static data, per workflow (global) and per node, kept between executions. */
export class StaticDataRepository {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      get: db.prepare<[string, string], { data: string }>('SELECT data FROM workflow_static_data WHERE workflow_id = ? AND node = ?'),
      put: db.prepare('INSERT INTO workflow_static_data (workflow_id, node, data, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (workflow_id, node) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at'),
      remove: db.prepare('DELETE FROM workflow_static_data WHERE workflow_id = ? AND node = ?'),
    };
  }

  /** The workflow's global data, or one node's (by node id). */
  get(workflowId: string, nodeId?: string): JsonObject {
    const row = this.statements.get.get(workflowId, nodeId ?? GLOBAL);
    return row ? (JSON.parse(row.data) as JsonObject) : {};
  }

  set(workflowId: string, nodeId: string | undefined, data: JsonObject): void {
    if (Object.keys(data).length === 0) this.statements.remove.run(workflowId, nodeId ?? GLOBAL);
    else this.statements.put.run(workflowId, nodeId ?? GLOBAL, JSON.stringify(data), Date.now());
  }
}
