import type Database from 'better-sqlite3';

export interface WorkflowRow {
  id: string;
  name: string;
  currentVersion: number;
  sourceId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface VersionRow {
  workflowId: string;
  version: number;
  document: string;
  unsupported: string;
  createdAt: number;
}

const WORKFLOW = 'id, name, current_version AS currentVersion, source_id AS sourceId, created_at AS createdAt, updated_at AS updatedAt';
const VERSION = 'workflow_id AS workflowId, version, document, unsupported, created_at AS createdAt';

/** Named statements over `workflows` and `workflow_versions`. Versions are never changed once written. */
export class WorkflowRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare('INSERT INTO workflows (id, name, current_version, source_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE workflows SET name = ?, current_version = ?, updated_at = ?, source_id = coalesce(?, source_id) WHERE id = ?'),
      insertVersion: db.prepare('INSERT INTO workflow_versions (workflow_id, version, document, unsupported, created_at) VALUES (?, ?, ?, ?, ?)'),
      get: db.prepare(`SELECT ${WORKFLOW} FROM workflows WHERE id = ?`),
      bySource: db.prepare(`SELECT ${WORKFLOW} FROM workflows WHERE source_id = ? ORDER BY created_at LIMIT 1`),
      bySourceAndName: db.prepare(`SELECT ${WORKFLOW} FROM workflows WHERE source_id = ? AND name = ? ORDER BY created_at LIMIT 1`),
      list: db.prepare(`SELECT ${WORKFLOW} FROM workflows ORDER BY name COLLATE NOCASE, id`),
      version: db.prepare(`SELECT ${VERSION} FROM workflow_versions WHERE workflow_id = ? AND version = ?`),
      versions: db.prepare(`SELECT ${VERSION} FROM workflow_versions WHERE workflow_id = ? ORDER BY version DESC`),
      delete: db.prepare('DELETE FROM workflows WHERE id = ?'),
    };
  }

  get(id: string): WorkflowRow | undefined {
    return this.statements.get.get(id) as WorkflowRow | undefined;
  }

  bySource(sourceId: string): WorkflowRow | undefined {
    return this.statements.bySource.get(sourceId) as WorkflowRow | undefined;
  }

  /** The earlier import of the same workflow: n8n ids ("1", "2"...) repeat across unrelated exports, names tell them apart. */
  bySourceAndName(sourceId: string, name: string): WorkflowRow | undefined {
    return this.statements.bySourceAndName.get(sourceId, name) as WorkflowRow | undefined;
  }

  list(): WorkflowRow[] {
    return this.statements.list.all() as WorkflowRow[];
  }

  version(id: string, version: number): VersionRow | undefined {
    return this.statements.version.get(id, version) as VersionRow | undefined;
  }

  versions(id: string): VersionRow[] {
    return this.statements.versions.all(id) as VersionRow[];
  }

  /** Adds a version (creating the workflow when new) in one transaction; returns the version number. */
  save(input: { id: string; name: string; document: string; unsupported: string; sourceId?: string; expectedVersion?: number }): number {
    return this.db.transaction(() => {
      const now = Date.now();
      const existing = this.get(input.id);
      const version = (existing?.currentVersion ?? 0) + 1;
      if (input.expectedVersion !== undefined && (existing?.currentVersion ?? 0) !== input.expectedVersion) {
        throw Object.assign(new Error('version conflict'), { current: existing?.currentVersion ?? 0 });
      }
      if (existing) this.statements.update.run(input.name, version, now, input.sourceId ?? null, input.id);
      else this.statements.insert.run(input.id, input.name, version, input.sourceId ?? null, now, now);
      this.statements.insertVersion.run(input.id, version, input.document, input.unsupported, now);
      return version;
    })();
  }

  delete(id: string): boolean {
    return this.statements.delete.run(id).changes > 0;
  }
}
