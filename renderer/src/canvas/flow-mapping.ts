import { MarkerType, type Edge } from '@xyflow/react';
import { edgeKey, ERROR_OUTPUT, MAIN, type WorkflowDocument, type WorkflowNode } from '../../../shared/workflow/document';
import type { CanvasNodeType, CanvasPorts, CanvasProblem, StepState } from './canvas-types';
import type { FlowNode } from './flow-node';
import { nodeSubtitle } from './node-subtitle';
import type { StickyFlowNode } from './sticky-note-node';
import { STICKY_PREFIX, stickyNotes } from './sticky-notes';

export interface CanvasContext {
  catalog: ReadonlyMap<string, CanvasNodeType>;
  /** Ports validation computed for each node (a switch's outputs follow its rules). */
  ports: Readonly<Record<string, CanvasPorts>>;
  problems: readonly CanvasProblem[];
  states: Readonly<Record<string, StepState>>;
  /** Items that went along each edge in the execution shown, by edge key. */
  edgeItems?: Readonly<Record<string, number>>;
}

/** A node's ports: validation's answer when known, else the catalog's defaults, plus "error" when it routes errors. */
export function portsOf(node: WorkflowNode, context: Pick<CanvasContext, 'catalog' | 'ports'>): CanvasPorts {
  const known = context.ports[node.id];
  const nodeType = context.catalog.get(node.type);
  const inputs = known?.inputs ?? nodeType?.inputs ?? [MAIN];
  const outputs = [...(known?.outputs ?? nodeType?.outputs ?? [MAIN])];
  if (node.onError === 'route' && !outputs.includes(ERROR_OUTPUT)) outputs.push(ERROR_OUTPUT);
  return { inputs, outputs };
}

const NO_PROBLEMS: CanvasProblem[] = [];

export function toFlowNodes(document: WorkflowDocument, context: CanvasContext, selected: ReadonlySet<string>): FlowNode[] {
  const problemsOf = new Map<string, CanvasProblem[]>();
  for (const problem of context.problems) {
    if (!problem.nodeId) continue;
    const list = problemsOf.get(problem.nodeId) ?? [];
    list.push(problem);
    problemsOf.set(problem.nodeId, list);
  }
  return document.nodes.map((node) => {
    const nodeType = context.catalog.get(node.type);
    return {
      id: node.id,
      type: 'workflow',
      position: { x: node.position.x, y: node.position.y },
      selected: selected.has(node.id),
      data: { node, nodeType, ports: portsOf(node, context), problems: problemsOf.get(node.id) ?? NO_PROBLEMS, state: context.states[node.id], subtitle: nodeSubtitle(node, nodeType) },
    };
  });
}

export function toStickyNodes(document: WorkflowDocument, selected: ReadonlySet<string>, onEdit: (id: string, content: string) => void, readOnly: boolean): StickyFlowNode[] {
  return stickyNotes(document).map((note) => ({
    id: `${STICKY_PREFIX}${note.id}`,
    type: 'sticky',
    position: note.position,
    width: note.width,
    height: note.height,
    zIndex: -1,
    selected: selected.has(`${STICKY_PREFIX}${note.id}`),
    data: { note, onEdit, readOnly },
  }));
}

const MARKER = { type: MarkerType.ArrowClosed, width: 16, height: 16 } as const;

export function toFlowEdges(document: WorkflowDocument, selected: ReadonlySet<string>, states: Readonly<Record<string, StepState>>, edgeItems?: Readonly<Record<string, number>>): Edge[] {
  return document.edges.map((edge) => {
    const id = edgeKey(edge);
    const isError = edge.from.output === ERROR_OUTPUT;
    const items = edgeItems?.[id];
    return {
      id,
      source: edge.from.node,
      sourceHandle: edge.from.output,
      target: edge.to.node,
      targetHandle: edge.to.input,
      selected: selected.has(id),
      animated: states[edge.from.node] === 'running',
      className: isError ? 'flow-edge error' : items !== undefined ? 'flow-edge counted' : 'flow-edge',
      markerEnd: MARKER,
      ...(items !== undefined && { label: `${items} item${items === 1 ? '' : 's'}`, labelShowBg: true, labelBgPadding: [6, 3] as [number, number], labelBgBorderRadius: 4 }),
    };
  });
}
