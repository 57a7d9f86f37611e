import { WorkflowDocument, WorkflowEdge, WorkflowNode } from '../../../shared/workflow/document';
import { uniqueName } from './node-defaults';
import { stickyNotes, withStickyNotes, type StickyNote } from './sticky-notes';

/** What copying nodes puts on the clipboard: plain JSON, so it pastes into another workflow, window or app. */
export interface CanvasClip {
  echelon: 'canvas-selection';
  version: 1;
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
  stickyNotes: StickyNote[];
}

export function copySelection(document: WorkflowDocument, nodeIds: ReadonlySet<string>, noteIds: ReadonlySet<string> = new Set()): CanvasClip {
  return {
    echelon: 'canvas-selection',
    version: 1,
    nodes: document.nodes.filter((node) => nodeIds.has(node.id)),
    edges: document.edges.filter((edge) => nodeIds.has(edge.from.node) && nodeIds.has(edge.to.node)),
    stickyNotes: stickyNotes(document).filter((note) => noteIds.has(note.id)),
  };
}

/** Reads pasted text: a copied selection or a whole Echelon workflow document. Anything else is not ours. */
export function parseClip(text: string): { clip?: CanvasClip; error?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (!value || typeof value !== 'object') return {};
  const raw = value as Record<string, unknown>;
  const isClip = raw.echelon === 'canvas-selection';
  const asDocument = WorkflowDocument.safeParse(value);
  if (!isClip && !asDocument.success) return 'nodes' in raw ? { error: 'This JSON is not an Echelon workflow or canvas selection (an n8n export imports from the Workflows page).' } : {};
  const nodes = (Array.isArray(raw.nodes) ? raw.nodes : []).map((node) => WorkflowNode.safeParse(node)).filter((parsed) => parsed.success).map((parsed) => parsed.data);
  const edges = (Array.isArray(raw.edges) ? raw.edges : []).map((edge) => WorkflowEdge.safeParse(edge)).filter((parsed) => parsed.success).map((parsed) => parsed.data);
  const notes = isClip ? stickyNotes({ schemaVersion: 1, name: 'clip', nodes: [], edges: [], meta: { stickyNotes: (raw.stickyNotes ?? []) as never } }) : asDocument.success ? stickyNotes(asDocument.data) : [];
  if (nodes.length === 0 && notes.length === 0) return { error: 'Nothing to paste: the copied JSON holds no node.' };
  return { clip: { echelon: 'canvas-selection', version: 1, nodes, edges, stickyNotes: notes } };
}

/**
 * Adds a clip to a document: fresh ids, names made unique (expressions refer to nodes by name),
 * the group's top-left corner at `at` (the cursor) or just beside the originals.
 */
export function pasteClip(document: WorkflowDocument, clip: CanvasClip, newId: () => string, at?: { x: number; y: number }): { document: WorkflowDocument; created: string[] } {
  const positions = [...clip.nodes.map((node) => node.position), ...clip.stickyNotes.map((note) => note.position)];
  const left = Math.min(...positions.map((position) => position.x));
  const top = Math.min(...positions.map((position) => position.y));
  const shift = at ? { x: at.x - left, y: at.y - top } : { x: 40, y: 40 };
  const ids = new Map<string, string>();
  let next = document;
  const nodes: WorkflowNode[] = [];
  for (const node of clip.nodes) {
    const id = newId();
    ids.set(node.id, id);
    const name = uniqueName(node.name, next);
    const copy = { ...structuredClone(node), id, name, position: { x: Math.round(node.position.x + shift.x), y: Math.round(node.position.y + shift.y) } };
    nodes.push(copy);
    next = { ...next, nodes: [...next.nodes, copy] };
  }
  const edges = clip.edges
    .filter((edge) => ids.has(edge.from.node) && ids.has(edge.to.node))
    .map((edge) => ({ from: { ...edge.from, node: ids.get(edge.from.node)! }, to: { ...edge.to, node: ids.get(edge.to.node)! } }));
  next = { ...next, edges: [...next.edges, ...edges] };
  if (clip.stickyNotes.length > 0) {
    const notes = clip.stickyNotes.map((note) => ({ ...note, id: `note-${newId()}`, position: { x: note.position.x + shift.x, y: note.position.y + shift.y } }));
    next = withStickyNotes(next, [...stickyNotes(next), ...notes]);
  }
  return { document: next, created: nodes.map((node) => node.id) };
}
