import { Cron } from 'croner';
import type { z } from 'zod';
import type { NodePorts, ValidationProblem, ValidationReport } from '../../../../../shared/contract/workflows';
import { edgeKey, isNote, NoteParameters, WorkflowDocument, WorkflowEdge, WorkflowNode, WorkflowSettings } from '../../../../../shared/workflow/document';
import { compileTemplate, type TemplateProblem } from '../expressions/template';
import { NodeTypes, UNSUPPORTED_TYPE } from '../node-types';

/** The loop node: the one place a cycle is allowed to pass through. */
export const LOOP_TYPE = 'loop.batches';

export interface ValidationContext {
  nodeTypes: NodeTypes;
  /** Whether a vault record exists; throws when the vault cannot tell (locked): the check is then skipped. */
  secretExists(name: string): boolean;
  workflowExists(id: string): boolean;
}

type Problems = ValidationProblem[];

function problem(problems: Problems, code: string, message: string, path: string, nodeId?: string, field?: string): void {
  problems.push({ code, message, path, ...(nodeId !== undefined ? { nodeId } : {}), ...(field !== undefined ? { field } : {}) });
}

/** What n8n runs anyway (a node nothing reaches, a cycle): reported, never blocking. */
const WARNINGS = new Set(['unreachable', 'cycle']);

/** The problems that stop a run. */
export function blockingProblems(problems: readonly ValidationProblem[]): ValidationProblem[] {
  return problems.filter((found) => found.severity !== 'warning');
}

const isExpression = (value: unknown) => typeof value === 'string' && value.includes('{{');

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** A node or edge with its index in the document, for problem paths. */
interface Indexed<T> {
  value: T;
  index: number;
}

/** What can still be checked in a document that does not parse: its well-formed nodes, edges and settings. */
interface Salvaged {
  nodes: Indexed<WorkflowNode>[];
  edges: Indexed<WorkflowEdge>[];
  settings: WorkflowSettings;
  /** Ids of nodes too malformed to check: edges to them are not "dangling". */
  malformedIds: Set<string>;
}

const entries = (value: unknown, key: string): unknown[] => {
  const list = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(list) ? list : [];
};

function salvage(input: unknown): Salvaged {
  const malformedIds = new Set<string>();
  const nodes: Indexed<WorkflowNode>[] = [];
  entries(input, 'nodes').forEach((value, index) => {
    const node = WorkflowNode.safeParse(value);
    if (node.success) nodes.push({ value: node.data, index });
    else if (typeof valueAt(value, ['id']) === 'string') malformedIds.add(valueAt(value, ['id']) as string);
  });
  const edges: Indexed<WorkflowEdge>[] = [];
  entries(input, 'edges').forEach((value, index) => {
    const edge = WorkflowEdge.safeParse(value);
    if (edge.success) edges.push({ value: edge.data, index });
  });
  const settings = WorkflowSettings.safeParse(valueAt(input, ['settings']) ?? {});
  return { nodes, edges, settings: settings.success ? settings.data : {}, malformedIds };
}

/**
 * Every problem of a document at once, each pointing at its node and field: shape, unknown
 * types and versions, parameters (schema, expressions, secrets), edges, cycles, reachability.
 * A malformed node does not hide the others' problems: what is well-formed is still checked.
 */
export function validateWorkflow(input: unknown, ctx: ValidationContext): ValidationReport & { document?: WorkflowDocument } {
  const problems: Problems = [];
  const parsed = WorkflowDocument.safeParse(input);
  let parts: Salvaged;
  if (parsed.success) {
    const document = parsed.data;
    parts = { nodes: document.nodes.map((value, index) => ({ value, index })), edges: document.edges.map((value, index) => ({ value, index })), settings: document.settings ?? {}, malformedIds: new Set() };
  } else {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const nodeIndex = issue.path[0] === 'nodes' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
      const nodeId = nodeIndex !== undefined ? valueAt(input, ['nodes', nodeIndex, 'id']) : undefined;
      problem(problems, 'invalid_document', issue.message, path, typeof nodeId === 'string' ? nodeId : undefined, nodeIndex !== undefined ? issue.path.slice(2).map(String).join('.') : undefined);
    }
    parts = salvage(input);
  }
  const ports: Record<string, NodePorts> = {};
  const byId = new Map<string, { node: WorkflowNode; index: number }>();
  const names = new Map<string, string>();
  const triggers = new Set<string>();

  for (const { value: node, index } of parts.nodes) {
    const at = `nodes.${index}`;
    if (byId.has(node.id)) problem(problems, 'duplicate_id', `Node id "${node.id}" is used twice.`, `${at}.id`, node.id, 'id');
    byId.set(node.id, { node, index });
    if (names.has(node.name)) problem(problems, 'duplicate_name', `Two nodes are named "${node.name}": expressions refer to nodes by name, so names must differ.`, `${at}.name`, node.id, 'name');
    names.set(node.name, node.id);
    ports[node.id] = ctx.nodeTypes.ports(node);
    checkNode(node, at, ctx, problems, triggers);
  }

  checkEdges(parts, byId, ports, triggers, problems);
  // Reachability and triggers mean something only once every node is known.
  if (parsed.success) checkGraph(parsed.data, byId, triggers, problems);
  checkSettings(parts, ctx, problems);
  for (const found of problems) if (WARNINGS.has(found.code)) found.severity = 'warning';
  return { ok: blockingProblems(problems).length === 0, problems, ports, document: parsed.success ? parsed.data : undefined };
}

function checkNode(node: WorkflowNode, at: string, ctx: ValidationContext, problems: Problems, triggers: Set<string>): void {
  if (isNote(node)) {
    const result = NoteParameters.safeParse(node.parameters);
    for (const issue of result.error?.issues ?? []) {
      problem(problems, 'invalid_parameter', `Note "${node.name}": ${issue.path.map(String).join('.') || 'parameters'}: ${issue.message}`, `${at}.parameters`, node.id, 'parameters');
    }
    return;
  }
  if (node.type === UNSUPPORTED_TYPE) {
    const original = typeof node.parameters.n8nType === 'string' ? node.parameters.n8nType : 'unknown';
    const remedy = typeof node.parameters.remedy === 'string' ? ` To run it: ${node.parameters.remedy}` : ' Replace or delete it.';
    problem(problems, 'unsupported_node', `"${node.name}" (${original}) came from n8n and has no Echelon equivalent.${remedy}`, `${at}.type`, node.id, 'type');
    return;
  }
  const spec = ctx.nodeTypes.spec(node.type, node.typeVersion);
  if (!spec) {
    if (ctx.nodeTypes.knows(node.type)) {
      problem(problems, 'unknown_version', `${node.type} has no version ${node.typeVersion} (known: ${ctx.nodeTypes.versions(node.type).join(', ')}).`, `${at}.typeVersion`, node.id, 'typeVersion');
    } else problem(problems, 'unknown_type', `Unknown node type "${node.type}".`, `${at}.type`, node.id, 'type');
    return;
  }
  if (spec.isTrigger && !node.disabled) triggers.add(node.id);

  const templateProblems: TemplateProblem[] = [];
  const template = compileTemplate(node.parameters, templateProblems);
  for (const found of templateProblems) problem(problems, 'invalid_expression', found.message, `${at}.parameters.${found.path}`, node.id, `parameters.${found.path}`);

  const result = (spec.parameters as z.ZodType).safeParse(node.parameters);
  if (!result.success) {
    for (const issue of result.error.issues) {
      // An expression's value is only known at run time: its type is checked then.
      if (isExpression(valueAt(node.parameters, issue.path))) continue;
      const field = ['parameters', ...issue.path.map(String)].join('.');
      const missing = valueAt(node.parameters, issue.path) === undefined;
      problem(
        problems,
        missing ? 'missing_parameter' : 'invalid_parameter',
        missing ? `"${node.name}" needs the parameter "${issue.path.map(String).join('.')}".` : `"${node.name}": ${issue.path.map(String).join('.') || 'parameters'}: ${issue.message}`,
        `${at}.${field}`,
        node.id,
        field,
      );
    }
  }

  for (const expression of template.expressions) {
    for (const secret of expression.secrets) checkSecret(secret.name, `${at}.parameters`, node, ctx, problems);
  }
  for (const [slot, ref] of Object.entries(node.credentials ?? {})) checkSecret(ref.secret, `${at}.credentials.${slot}`, node, ctx, problems);
  for (const slot of spec.definition.credentials ?? []) {
    if (slot.required && !node.credentials?.[slot.name]) {
      problem(problems, 'missing_credential', `"${node.name}" needs a vault record in its "${slot.name}" credential.`, `${at}.credentials.${slot.name}`, node.id, `credentials.${slot.name}`);
    }
  }
  if (node.type === 'schedule.trigger' && typeof node.parameters.cron === 'string' && !isExpression(node.parameters.cron)) {
    try {
      new Cron(node.parameters.cron, { paused: true, timezone: typeof node.parameters.timezone === 'string' ? node.parameters.timezone : undefined });
    } catch (error) {
      problem(problems, 'invalid_parameter', `"${node.name}": cron "${node.parameters.cron}": ${(error as Error).message}`, `${at}.parameters.cron`, node.id, 'parameters.cron');
    }
  }
}

function checkSecret(name: string, path: string, node: WorkflowNode, ctx: ValidationContext, problems: Problems): void {
  let exists: boolean;
  try {
    exists = ctx.secretExists(name);
  } catch {
    // The vault cannot tell now (locked, absent): checked again when the step reads it.
    return;
  }
  if (!exists) problem(problems, 'missing_secret', `"${node.name}" refers to the vault record "${name}", which does not exist.`, path, node.id, path.split('.').slice(2).join('.'));
}

function checkEdges(
  parts: Salvaged,
  byId: Map<string, { node: WorkflowNode; index: number }>,
  ports: Record<string, NodePorts>,
  triggers: Set<string>,
  problems: Problems,
): void {
  const seen = new Set<string>();
  for (const { value: edge, index } of parts.edges) {
    const at = `edges.${index}`;
    const from = byId.get(edge.from.node);
    const to = byId.get(edge.to.node);
    if (!from && !parts.malformedIds.has(edge.from.node)) problem(problems, 'dangling_edge', `An edge starts at node "${edge.from.node}", which does not exist.`, `${at}.from.node`);
    if (!to && !parts.malformedIds.has(edge.to.node)) problem(problems, 'dangling_edge', `An edge ends at node "${edge.to.node}", which does not exist.`, `${at}.to.node`);
    if (!from || !to) continue;
    if (isNote(from.node) || isNote(to.node)) {
      problem(problems, 'note_edge', `Notes cannot be connected: remove the edge between "${from.node.name}" and "${to.node.name}".`, at, isNote(to.node) ? to.node.id : from.node.id);
      continue;
    }
    if (seen.has(edgeKey(edge))) problem(problems, 'duplicate_edge', `"${from.node.name}" is connected to "${to.node.name}" twice.`, at, to.node.id);
    seen.add(edgeKey(edge));
    if (!ports[from.node.id]!.outputs.includes(edge.from.output)) {
      problem(problems, 'unknown_output', `"${from.node.name}" has no output "${edge.from.output}" (it has: ${ports[from.node.id]!.outputs.join(', ') || 'none'}).`, `${at}.from.output`, from.node.id);
    }
    const toSpecIsTrigger = ports[to.node.id]!.inputs.length === 0;
    if (toSpecIsTrigger || triggers.has(to.node.id)) {
      problem(problems, 'trigger_not_root', `"${to.node.name}" is a trigger: it starts runs and cannot have incoming edges.`, `${at}.to.node`, to.node.id);
    } else if (!ports[to.node.id]!.inputs.includes(edge.to.input)) {
      problem(problems, 'unknown_input', `"${to.node.name}" has no input "${edge.to.input}" (it has: ${ports[to.node.id]!.inputs.join(', ')}).`, `${at}.to.input`, to.node.id);
    }
  }
}

function checkGraph(document: WorkflowDocument, byId: Map<string, { node: WorkflowNode; index: number }>, triggers: Set<string>, problems: Problems): void {
  const next = new Map<string, string[]>();
  for (const node of document.nodes) next.set(node.id, []);
  for (const edge of document.edges) if (byId.has(edge.from.node) && byId.has(edge.to.node)) next.get(edge.from.node)!.push(edge.to.node);

  if (document.nodes.some((node) => !isNote(node)) && triggers.size === 0) {
    problem(problems, 'no_trigger', 'The workflow has no enabled trigger: add one (manual, schedule, webhook, ...) to start it.', 'nodes');
  }

  for (const component of stronglyConnected(document.nodes.map((node) => node.id), next)) {
    const cyclic = component.length > 1 || next.get(component[0]!)!.includes(component[0]!);
    if (!cyclic) continue;
    if (component.some((id) => byId.get(id)!.node.type === LOOP_TYPE)) continue;
    const names = component.map((id) => `"${byId.get(id)!.node.name}"`).join(' → ');
    const first = byId.get(component[0]!)!;
    problem(problems, 'cycle', `These nodes form a cycle: ${names}. Cycles are allowed only through a "Loop over items" node.`, `nodes.${first.index}`, first.node.id);
  }

  const reached = new Set<string>();
  const stack = [...triggers];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    stack.push(...next.get(id)!);
  }
  if (triggers.size === 0) return;
  document.nodes.forEach((node, index) => {
    if (!reached.has(node.id) && !node.disabled && !isNote(node)) {
      problem(problems, 'unreachable', `"${node.name}" cannot be reached from any trigger: connect it or delete it.`, `nodes.${index}`, node.id);
    }
  });
}

function checkSettings({ settings, nodes }: Salvaged, ctx: ValidationContext, problems: Problems): void {
  if (settings.errorWorkflow && !ctx.workflowExists(settings.errorWorkflow)) {
    problem(problems, 'unknown_workflow', `The error workflow "${settings.errorWorkflow}" does not exist.`, 'settings.errorWorkflow');
  }
  if (settings.timezone && !validZone(settings.timezone)) problem(problems, 'invalid_timezone', `"${settings.timezone}" is not a time zone (use an IANA name like Europe/Berlin).`, 'settings.timezone');
  for (const { value: node, index } of nodes) {
    if (node.type === 'schedule.trigger' && typeof node.parameters.timezone === 'string' && !validZone(node.parameters.timezone)) {
      problem(problems, 'invalid_timezone', `"${node.parameters.timezone}" is not a time zone.`, `nodes.${index}.parameters.timezone`, node.id, 'parameters.timezone');
    }
  }
  const hooks = new Map<string, string>();
  for (const { value: node, index } of nodes) {
    if (node.type !== 'webhook.trigger' || node.disabled) continue;
    const key = `${String(node.parameters.method ?? 'POST')} ${String(node.parameters.path ?? '')}`;
    if (hooks.has(key)) problem(problems, 'duplicate_webhook', `"${node.name}" listens on ${key} like "${hooks.get(key)}".`, `nodes.${index}.parameters.path`, node.id, 'parameters.path');
    hooks.set(key, node.name);
  }
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Tarjan's strongly connected components, iteratively (deep graphs must not overflow the stack). */
export function stronglyConnected(ids: string[], next: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; child: number }> = [{ id: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const children = next.get(frame.id) ?? [];
      if (frame.child < children.length) {
        const child = children[frame.child++]!;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ id: child, child: 0 });
        } else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component.reverse());
      }
    }
  }
  return components;
}
