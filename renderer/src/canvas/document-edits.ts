import { edgeKey, type WorkflowDocument, type WorkflowEdge, type WorkflowNode } from '../../../shared/workflow/document';

/** Pure edits of a workflow document: each returns a new document, so undo is a stack of them. */

export function addNode(document: WorkflowDocument, node: WorkflowNode): WorkflowDocument {
  return { ...document, nodes: [...document.nodes, node] };
}

export function updateNode(document: WorkflowDocument, id: string, change: (node: WorkflowNode) => WorkflowNode): WorkflowDocument {
  return { ...document, nodes: document.nodes.map((node) => (node.id === id ? change(node) : node)) };
}

export function moveNodes(document: WorkflowDocument, positions: ReadonlyMap<string, { x: number; y: number }>): WorkflowDocument {
  return {
    ...document,
    nodes: document.nodes.map((node) => {
      const position = positions.get(node.id);
      return position ? { ...node, position: { x: Math.round(position.x), y: Math.round(position.y) } } : node;
    }),
  };
}

/** Removes nodes and every edge touching them. */
export function removeNodes(document: WorkflowDocument, ids: ReadonlySet<string>): WorkflowDocument {
  return {
    ...document,
    nodes: document.nodes.filter((node) => !ids.has(node.id)),
    edges: document.edges.filter((edge) => !ids.has(edge.from.node) && !ids.has(edge.to.node)),
  };
}

export function removeEdges(document: WorkflowDocument, keys: ReadonlySet<string>): WorkflowDocument {
  return { ...document, edges: document.edges.filter((edge) => !keys.has(edgeKey(edge))) };
}

/** Connects an output to an input; an existing identical edge or a self-loop is ignored. */
export function connect(document: WorkflowDocument, edge: WorkflowEdge): WorkflowDocument {
  if (edge.from.node === edge.to.node) return document;
  const key = edgeKey(edge);
  if (document.edges.some((existing) => edgeKey(existing) === key)) return document;
  return { ...document, edges: [...document.edges, edge] };
}

/** Copies nodes (and the edges among them) with fresh ids and names, offset so the copy is visible. */
export function duplicateNodes(document: WorkflowDocument, ids: ReadonlySet<string>, newId: () => string): { document: WorkflowDocument; created: string[] } {
  const idMap = new Map<string, string>();
  const taken = new Set(document.nodes.map((node) => node.name));
  const copies: WorkflowNode[] = [];
  for (const node of document.nodes.filter((n) => ids.has(n.id))) {
    const id = newId();
    idMap.set(node.id, id);
    let name = `${node.name} copy`;
    for (let n = 2; taken.has(name); n++) name = `${node.name} copy ${n}`;
    taken.add(name);
    copies.push({ ...structuredClone(node), id, name, position: { x: node.position.x + 40, y: node.position.y + 40 } });
  }
  const edges = document.edges
    .filter((edge) => idMap.has(edge.from.node) && idMap.has(edge.to.node))
    .map((edge) => ({ from: { ...edge.from, node: idMap.get(edge.from.node)! }, to: { ...edge.to, node: idMap.get(edge.to.node)! } }));
  return { document: { ...document, nodes: [...document.nodes, ...copies], edges: [...document.edges, ...edges] }, created: [...idMap.values()] };
}
