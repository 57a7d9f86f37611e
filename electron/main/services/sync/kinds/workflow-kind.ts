import { edgeKey, WorkflowDocument, type WorkflowEdge } from '../../../../../shared/workflow/document';
import type { WorkflowService } from '../../engine/workflows/workflow-service';
import type { Json } from '../merge/three-way';
import type { SyncKind, SyncRow } from './sync-kind';

const nodeLabel = (row: SyncRow | undefined, id: string) => {
  const nodes = ((row?.document as { nodes?: { id: string; name?: string }[] } | undefined)?.nodes ?? []) as { id: string; name?: string }[];
  return nodes.find((node) => node.id === id)?.name ?? id;
};

/**
 * Workflows: the current version's document. A team change saves a new local version (so
 * history, schedules and webhooks follow as for any save); nodes merge by id and edges by their
 * ends, so teammates editing different nodes both keep their work.
 */
export function workflowKind(workflows: WorkflowService, changed: (ids: string[]) => void, log: (message: string) => void = () => {}): SyncKind {
  // Saved from the team but not yet announced to the engine (schedules, webhooks, listeners).
  const saved = new Set<string>();
  return {
    kind: 'workflow',
    table: 'workflows',
    columns: ['name', 'document'],
    strategy: 'merge',
    local: {
      table: 'workflows',
      key: (row) => `${row}.id`,
      columns: ['name', 'current_version'],
      auditName: (row) => `${row}.name`,
    },
    read(id) {
      const row = workflows.resolve(id);
      if (!row || row.id !== id) return undefined;
      const { document } = workflows.document(id);
      return { name: row.name, document: document as unknown as Json };
    },
    apply(id, row) {
      const exists = workflows.resolve(id)?.id === id;
      if (!row) {
        if (exists) workflows.delete(id);
        return;
      }
      const parsed = WorkflowDocument.safeParse(row.document);
      if (!parsed.success) {
        log(`A team change to workflow ${id} was not applied: its document is not one this Echelon reads (${parsed.error.issues[0]?.message}).`);
        return;
      }
      const document = { ...parsed.data, name: typeof row.name === 'string' && row.name ? row.name : parsed.data.name };
      delete document.id;
      if (exists && JSON.stringify(this.read(id)?.document) === JSON.stringify(document)) return;
      workflows.saveSynced(id, document);
      saved.add(id);
    },
    flush() {
      if (saved.size === 0) return;
      const ids = [...saved];
      saved.clear();
      changed(ids);
    },
    name: (row, id) => (typeof row?.name === 'string' ? row.name : id),
    arrayKey: (path) => {
      const at = path.join('.');
      if (at === 'document.nodes') return (item) => String((item as { id?: unknown }).id);
      if (at === 'document.edges') return (item) => edgeKey(item as unknown as WorkflowEdge);
      return undefined;
    },
    label(path, row) {
      if (path[0] === 'document' && path[1] === 'nodes' && path[2]) {
        const rest = path.slice(3).join('.');
        return `Node “${nodeLabel(row, path[2])}”${rest ? `: ${rest}` : ' (removed on one side)'}`;
      }
      if (path[0] === 'document' && path[1] === 'edges' && path[2]) return `Connection ${path[2]}`;
      if (path[0] === 'document') return `Workflow ${path.slice(1).join('.') || 'document'}`;
      return path.length ? `Workflow ${path.join('.')}` : 'The whole workflow (deleted on one side)';
    },
  };
}
