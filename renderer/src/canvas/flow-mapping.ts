import { MarkerType, type Edge } from '@xyflow/react';
import { edgeKey, ERROR_OUTPUT, MAIN, type WorkflowDocument, type WorkflowNode } from '../../../shared/workflow/document';
import type { CanvasNodeType, CanvasPorts, CanvasProblem, StepState } from './canvas-types';
import type { FlowNode } from './flow-node';

export interface CanvasContext {
  catalog: ReadonlyMap<string, CanvasNodeType>;
  /** Ports validation computed for each node (a switch's outputs follow its rules). */
  ports: Readonly<Record<string, CanvasPorts>>;
  problems: readonly CanvasProblem[];
  states: Readonly<Record<string, StepState>>;
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

export function toFlowNodes(document: WorkflowDocument, context: CanvasContext, selected: ReadonlySet<string>): FlowNode[] {
  return document.nodes.map((node) => ({
    id: node.id,
    type: 'workflow',
    position: { x: node.position.x, y: node.position.y },
    selected: selected.has(node.id),
    data: {
      node,
      nodeType: context.catalog.get(node.type),
      ports: portsOf(node, context),
      problems: context.problems.filter((problem) => problem.nodeId === node.id),
      state: context.states[node.id],
    },
  }));
}

export function toFlowEdges(document: WorkflowDocument, selected: ReadonlySet<string>, states: Readonly<Record<string, StepState>>): Edge[] {
  return document.edges.map((edge) => {
    const id = edgeKey(edge);
    const isError = edge.from.output === ERROR_OUTPUT;
    return {
      id,
      source: edge.from.node,
      sourceHandle: edge.from.output,
      target: edge.to.node,
      targetHandle: edge.to.input,
      selected: selected.has(id),
      animated: states[edge.from.node] === 'running',
      className: isError ? 'flow-edge error' : 'flow-edge',
      markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
    };
  });
}
