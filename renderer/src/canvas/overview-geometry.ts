import type { WorkflowDocument } from '../../../shared/workflow/document';
import { portsOf, type CanvasContext } from './flow-mapping';
import { NODE_BOX } from './viewport';

/** A node as the overview draws it: a filled box, red when it failed or has problems. */
export interface OverviewBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  alert: boolean;
}

export interface OverviewGeometry {
  boxes: OverviewBox[];
  /** Straight connections, four numbers each (x1, y1, x2, y2) in flow coordinates. */
  lines: Float64Array;
}

/** Where a port sits down the side of a node, as in flow-node.tsx (evenly spaced). */
const portY = (box: OverviewBox, index: number, count: number) => box.y + ((Math.max(0, index) + 1) * box.height) / (count + 1);

/** Everything the overview draws, computed once per document and state (not per frame). */
export function overviewGeometry(document: WorkflowDocument, context: Pick<CanvasContext, 'catalog' | 'ports' | 'problems' | 'states'>): OverviewGeometry {
  const withProblems = new Set(context.problems.map((problem) => problem.nodeId));
  const byId = new Map<string, { box: OverviewBox; inputs: string[]; outputs: string[] }>();
  const boxes = document.nodes.map((node) => {
    const box = { id: node.id, x: node.position.x, y: node.position.y, ...NODE_BOX, alert: withProblems.has(node.id) || context.states[node.id] === 'failed' };
    byId.set(node.id, { box, ...portsOf(node, context) });
    return box;
  });
  const lines = new Float64Array(document.edges.length * 4);
  let at = 0;
  for (const edge of document.edges) {
    const from = byId.get(edge.from.node);
    const to = byId.get(edge.to.node);
    if (!from || !to) continue;
    lines.set([from.box.x + from.box.width, portY(from.box, from.outputs.indexOf(edge.from.output), from.outputs.length), to.box.x, portY(to.box, to.inputs.indexOf(edge.to.input), to.inputs.length)], at);
    at += 4;
  }
  return { boxes, lines: lines.subarray(0, at) };
}

/** The node drawn at a flow position (the last drawn is on top), if any. */
export function nodeAt(geometry: OverviewGeometry, point: { x: number; y: number }): string | undefined {
  for (let index = geometry.boxes.length - 1; index >= 0; index--) {
    const box = geometry.boxes[index]!;
    if (point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height) return box.id;
  }
  return undefined;
}
