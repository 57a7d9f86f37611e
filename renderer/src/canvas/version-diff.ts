import type { JsonValue, WorkflowDocument, WorkflowNode } from '../../../shared/workflow/document';
import { edgeKey } from '../../../shared/workflow/document';

export interface FieldChange {
  /** Dotted path: "parameters.url", "retry.maxTries", "name". */
  path: string;
  before: JsonValue | undefined;
  after: JsonValue | undefined;
}

export interface NodeChange {
  id: string;
  name: string;
  before: WorkflowNode;
  after: WorkflowNode;
  fields: FieldChange[];
}

export interface DocumentDiff {
  added: WorkflowNode[];
  removed: WorkflowNode[];
  changed: NodeChange[];
  /** Moved only (no other change): listed apart, they rarely matter. */
  moved: string[];
  edgesAdded: string[];
  edgesRemoved: string[];
  /** Workflow-level fields: name, settings, description. */
  workflow: FieldChange[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>, prefix = '', ignore: ReadonlySet<string> = new Set()): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (ignore.has(key)) continue;
    const a = before[key] as JsonValue | undefined;
    const b = after[key] as JsonValue | undefined;
    if (same(a, b)) continue;
    const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
    if (isObject(a) && isObject(b)) changes.push(...fieldChanges(a as Record<string, unknown>, b as Record<string, unknown>, `${prefix}${key}.`));
    else changes.push({ path: `${prefix}${key}`, before: a, after: b });
  }
  return changes;
}

/** What changed from one version to another: nodes added, removed and changed (field by field), and connections. */
export function diffDocuments(before: WorkflowDocument, after: WorkflowDocument): DocumentDiff {
  const old = new Map(before.nodes.map((node) => [node.id, node]));
  const current = new Map(after.nodes.map((node) => [node.id, node]));
  const changed: NodeChange[] = [];
  const moved: string[] = [];
  for (const node of after.nodes) {
    const previous = old.get(node.id);
    if (!previous) continue;
    const fields = fieldChanges(previous as Record<string, unknown>, node as Record<string, unknown>, '', new Set(['position']));
    if (fields.length > 0) changed.push({ id: node.id, name: node.name, before: previous, after: node, fields });
    else if (!same(previous.position, node.position)) moved.push(node.name);
  }
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  const name = (key: string, nodes: Map<string, WorkflowNode>) => {
    const [from, to] = key.split('->');
    const label = (end: string) => {
      const [id, port] = end.split(':');
      return `${nodes.get(id!)?.name ?? id}${port && port !== 'main' ? ` (${port})` : ''}`;
    };
    return `${label(from!)} → ${label(to!)}`;
  };
  return {
    added: after.nodes.filter((node) => !old.has(node.id)),
    removed: before.nodes.filter((node) => !current.has(node.id)),
    changed,
    moved,
    edgesAdded: [...newEdges].filter((key) => !oldEdges.has(key)).map((key) => name(key, current)),
    edgesRemoved: [...oldEdges].filter((key) => !newEdges.has(key)).map((key) => name(key, old)),
    workflow: fieldChanges(before as Record<string, unknown>, after as Record<string, unknown>, '', new Set(['nodes', 'edges', 'meta', 'id', 'schemaVersion'])),
  };
}

export function isEmptyDiff(diff: DocumentDiff): boolean {
  return [diff.added, diff.removed, diff.changed, diff.moved, diff.edgesAdded, diff.edgesRemoved, diff.workflow].every((list) => list.length === 0);
}
