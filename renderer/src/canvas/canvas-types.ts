/**
 * What the canvas needs from the node-type catalog, validation and executions. Structural
 * subsets of the contract's types, so the canvas stays a pure component that any caller
 * (the editor page, a test harness) can feed.
 */
export interface CanvasNodeType {
  type: string;
  version: string;
  name: string;
  description: string;
  category: string;
  icon: string;
  kind: 'trigger' | 'action' | 'control';
  inputs: string[];
  outputs: string[];
  parameters: Record<string, unknown>;
  credentials?: { name: string; description: string; required: boolean }[];
  /** Set for API integrations' actions: the plugin whose connections authenticate the call. */
  integration?: string;
}

/** A connection an API node can use (made on the Integrations page). */
export interface CanvasConnection {
  id: string;
  name: string;
  pluginId: string;
}

export interface CanvasProblem {
  code: string;
  message: string;
  path: string;
  nodeId?: string;
  field?: string;
}

export interface CanvasPorts {
  inputs: string[];
  outputs: string[];
}

export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'waiting';
