import { edgeKey, type WorkflowDocument } from '../../../shared/workflow/document';
import type { StepState } from './canvas-types';

/** The parts of an execution the canvas shows (a structural subset of the contract's detail). */
export interface OverlayStep {
  seq: number;
  nodeId: string;
  status: 'running' | 'succeeded' | 'failed' | 'waiting' | 'cancelled';
  items?: Record<string, number>;
}

export interface ExecutionOverlay {
  states: Record<string, StepState>;
  /** Items that went along each edge (by edge key), summed over the node's runs. */
  edgeItems: Record<string, number>;
  /** The last step of each node, to open in the panel. */
  lastStep: Record<string, number>;
}

/**
 * Each node's status in a run (its last step), nodes that never ran as skipped once the run is
 * over, and how many items went along each connection.
 */
export function executionOverlay(document: WorkflowDocument, steps: readonly OverlayStep[], finished: boolean): ExecutionOverlay {
  const states: Record<string, StepState> = {};
  const lastStep: Record<string, number> = {};
  const produced = new Map<string, Record<string, number>>();
  for (const step of steps) {
    states[step.nodeId] = step.status;
    lastStep[step.nodeId] = step.seq;
    if (!step.items) continue;
    const totals = produced.get(step.nodeId) ?? {};
    for (const [output, count] of Object.entries(step.items)) totals[output] = (totals[output] ?? 0) + count;
    produced.set(step.nodeId, totals);
  }
  if (finished) for (const node of document.nodes) states[node.id] ??= 'skipped';
  const edgeItems: Record<string, number> = {};
  for (const edge of document.edges) {
    const count = produced.get(edge.from.node)?.[edge.from.output];
    if (count !== undefined) edgeItems[edgeKey(edge)] = count;
  }
  return { states, edgeItems, lastStep };
}
