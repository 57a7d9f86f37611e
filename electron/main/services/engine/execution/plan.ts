import type { z } from 'zod';
import { isNote, type WorkflowDocument, type WorkflowNode, type OnErrorPolicy } from '../../../../../shared/workflow/document';
import { compileTemplate, type Template } from '../expressions/template';
import type { NodeImplementation } from '../node-api';
import type { NodeTypes, NodeTypeSpec } from '../node-types';

/** Engine defaults for what a document leaves out. */
export const DEFAULTS = {
  maxTries: 1,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  concurrency: 1000,
} as const;

export interface PlanNode {
  node: WorkflowNode;
  spec: NodeTypeSpec;
  implementation: NodeImplementation;
  template: Template;
  /** Parameters parsed by the node's schema (defaults filled) when they hold no expression. */
  staticParams: unknown;
  schema: z.ZodType;
  /** Per output: the nodes it feeds, ordered top to bottom on the canvas (n8n's v1 order). */
  outgoing: Map<string, Array<{ to: PlanNode; input: string }>>;
  /** Inputs with at least one incoming edge: the node waits for all of them (or the first). */
  connectedInputs: string[];
  waitForFirst: boolean;
  retry: { maxTries: number; baseDelayMs: number; maxDelayMs: number; jitter: boolean };
  timeoutMs?: number;
  onError: OnErrorPolicy;
}

export interface WorkflowPlan {
  workflowId: string;
  version: number;
  name: string;
  document: WorkflowDocument;
  nodes: Map<string, PlanNode>;
  byName: Map<string, PlanNode>;
  triggers: PlanNode[];
  variables: Record<string, never>;
  concurrency: number;
  priority: number;
  timeoutMs?: number;
  errorWorkflow?: string;
}

export const PRIORITY = { high: 0, normal: 1, low: 2 } as const;

/**
 * Compiles a validated version once (node code loaded, expressions parsed, static parameters
 * parsed, edges indexed), so running a step does no lookups by name and no parsing.
 */
export async function compilePlan(workflowId: string, version: number, document: WorkflowDocument, nodeTypes: NodeTypes): Promise<WorkflowPlan> {
  const nodes = new Map<string, PlanNode>();
  for (const node of document.nodes) {
    if (isNote(node)) continue;
    const spec = nodeTypes.spec(node.type, node.typeVersion);
    if (!spec) throw new Error(`Unknown node type ${node.type}@${node.typeVersion}`);
    const implementation = await nodeTypes.load(node.type, node.typeVersion);
    const template = compileTemplate(node.parameters);
    const parsed = template.isStatic ? spec.parameters.safeParse(node.parameters) : undefined;
    const ports = nodeTypes.ports(node);
    nodes.set(node.id, {
      node,
      spec,
      implementation,
      template,
      staticParams: parsed?.success ? parsed.data : undefined,
      schema: spec.parameters,
      outgoing: new Map(ports.outputs.map((output) => [output, []])),
      connectedInputs: [],
      waitForFirst: node.parameters.wait === 'first',
      retry: {
        maxTries: node.retry?.maxTries ?? DEFAULTS.maxTries,
        baseDelayMs: node.retry?.baseDelayMs ?? DEFAULTS.baseDelayMs,
        maxDelayMs: node.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs,
        jitter: node.retry?.jitter ?? true,
      },
      timeoutMs: node.timeoutMs,
      onError: node.onError ?? 'stop',
    });
  }
  for (const edge of document.edges) {
    const from = nodes.get(edge.from.node);
    const to = nodes.get(edge.to.node);
    if (!from || !to) continue;
    let list = from.outgoing.get(edge.from.output);
    if (!list) from.outgoing.set(edge.from.output, (list = []));
    list.push({ to, input: edge.to.input });
    if (!to.connectedInputs.includes(edge.to.input)) to.connectedInputs.push(edge.to.input);
  }
  for (const plan of nodes.values()) {
    for (const list of plan.outgoing.values()) list.sort((a, b) => a.to.node.position.y - b.to.node.position.y || a.to.node.position.x - b.to.node.position.x);
    const declared = plan.spec.inputs;
    plan.connectedInputs.sort((a, b) => declared.indexOf(a) - declared.indexOf(b));
  }
  const settings = document.settings ?? {};
  return {
    workflowId,
    version,
    name: document.name,
    document,
    nodes,
    byName: new Map([...nodes.values()].map((plan) => [plan.node.name, plan])),
    triggers: [...nodes.values()].filter((plan) => plan.spec.isTrigger && !plan.node.disabled),
    variables: (settings.variables ?? {}) as Record<string, never>,
    concurrency: settings.concurrency ?? DEFAULTS.concurrency,
    priority: PRIORITY[settings.priority ?? 'normal'],
    timeoutMs: settings.timeoutMs,
    errorWorkflow: settings.errorWorkflow,
  };
}
