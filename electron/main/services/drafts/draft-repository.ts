import type Database from 'better-sqlite3';
import type { Draft } from '../../../../shared/contract/drafts';
import type { ChangeTracker } from '../store/change-tracker';

/** 10 MB is far more than any hand-built workflow; a bigger draft is a bug, not work to keep. */
export const MAX_DRAFT_BYTES = 10 * 1024 * 1024;

interface Row {
  workflow_id: string;
  document: string;
  base_version: number;
  updated_at: string;
}

export class DraftRepository {
  private readonly getStatement: Database.Statement;
  private readonly upsertStatement: Database.Statement;
  private readonly deleteStatement: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.getStatement = db.prepare('SELECT workflow_id, document, base_version, updated_at FROM workflow_drafts WHERE workflow_id = ?');
    this.upsertStatement = db.prepare(
      `INSERT INTO workflow_drafts (workflow_id, document, base_version, updated_at) VALUES (@workflowId, @document, @baseVersion, @updatedAt)
       ON CONFLICT (workflow_id) DO UPDATE SET document = excluded.document, base_version = excluded.base_version, updated_at = excluded.updated_at`,
    );
    this.deleteStatement = db.prepare('DELETE FROM workflow_drafts WHERE workflow_id = ?');
  }

  get(workflowId: string): Draft | null {
    const row = this.getStatement.get(workflowId) as Row | undefined;
    if (!row) return null;
    return { workflowId: row.workflow_id, document: JSON.parse(row.document) as Draft['document'], baseVersion: row.base_version, updatedAt: row.updated_at };
  }

  save(workflowId: string, document: string, baseVersion: number): string {
    const updatedAt = new Date().toISOString();
    this.upsertStatement.run({ workflowId, document, baseVersion, updatedAt });
    this.changes.touched('workflow_drafts');
    return updatedAt;
  }

  discard(workflowId: string): boolean {
    const deleted = this.deleteStatement.run(workflowId).changes > 0;
    if (deleted) this.changes.touched('workflow_drafts');
    return deleted;
  }
}
