import dagre from '@dagrejs/dagre';
import type { WorkflowDocument } from '../../../shared/workflow/document';

const NODE = { width: 240, height: 64 };

/**
 * Tidies a workflow left to right by its connections (dagre's layered layout): each node after
 * the ones feeding it, branches one under another. Nodes keep their ids and everything else.
 */
export function autoLayout(document: WorkflowDocument, sizes: ReadonlyMap<string, { width: number; height: number }> = new Map()): WorkflowDocument {
  if (document.nodes.length === 0) return document;
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of document.nodes) graph.setNode(node.id, { ...NODE, ...sizes.get(node.id) });
  for (const edge of document.edges) graph.setEdge(edge.from.node, edge.to.node);
  dagre.layout(graph);
  const origin = document.nodes.reduce((first, node) => (node.position.x < first.x ? node.position : first), document.nodes[0]!.position);
  let left = Infinity;
  let top = Infinity;
  for (const id of graph.nodes()) {
    const laid = graph.node(id);
    left = Math.min(left, laid.x - laid.width / 2);
    top = Math.min(top, laid.y - laid.height / 2);
  }
  return {
    ...document,
    nodes: document.nodes.map((node) => {
      const laid = graph.node(node.id);
      // Anchored where the graph started, so the view does not jump away.
      return { ...node, position: { x: Math.round(laid.x - laid.width / 2 - left + origin.x), y: Math.round(laid.y - laid.height / 2 - top + origin.y) } };
    }),
  };
}
