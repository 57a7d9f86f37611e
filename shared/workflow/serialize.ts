import { edgeKey, WorkflowDocument, type WorkflowEdge, type WorkflowNode } from './document';

/**
 * The canonical text of a document: keys sorted at every depth, nodes by id, edges by their
 * ends, two-space indentation and a final newline. Array order inside parameters is kept
 * (it means something there); the order of nodes and edges does not, so sorting them keeps
 * diffs to what really changed.
 */
export function serializeWorkflow(document: WorkflowDocument): string {
  const canonical = {
    ...document,
    nodes: [...document.nodes].sort((a: WorkflowNode, b: WorkflowNode) => compare(a.id, b.id)),
    edges: [...document.edges].sort((a: WorkflowEdge, b: WorkflowEdge) => compare(edgeKey(a), edgeKey(b))),
  };
  return `${stableStringify(canonical, 2)}\n`;
}

export type ParseResult = { ok: true; document: WorkflowDocument } | { ok: false; issues: { path: string; message: string }[] };

/** Parses a document's text, reporting every shape problem at once with its path. */
export function parseWorkflow(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [{ path: '', message: `Not JSON: ${(error as Error).message}` }] };
  }
  const parsed = WorkflowDocument.safeParse(json);
  if (parsed.success) return { ok: true, document: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
}

/** JSON.stringify with object keys sorted at every depth. */
export function stableStringify(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compare)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) sorted[key] = sortKeys(item);
  }
  return sorted;
}

/** Code-unit order, the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
