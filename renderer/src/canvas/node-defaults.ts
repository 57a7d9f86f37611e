import type { WorkflowDocument, WorkflowNode } from '../../../shared/workflow/document';
import type { CanvasNodeType } from './canvas-types';

type Schema = { type?: unknown; default?: unknown; properties?: Record<string, Schema>; required?: string[] };

/** The parameter values a new node starts with: every default its JSON Schema declares. */
export function defaultParameters(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema as Schema).properties ?? {};
  const values: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (property.default !== undefined) values[key] = structuredClone(property.default);
    else if (property.type === 'object' && property.properties) values[key] = defaultParameters(property as Record<string, unknown>);
  }
  return values;
}

/** "HTTP Request", "HTTP Request 2", ...: names are unique because expressions refer to nodes by name. */
export function uniqueName(base: string, document: WorkflowDocument): string {
  const taken = new Set(document.nodes.map((node) => node.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}

export function newNodeId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 12);
}

export function createNode(nodeType: CanvasNodeType, position: { x: number; y: number }, document: WorkflowDocument): WorkflowNode {
  return {
    id: newNodeId(),
    type: nodeType.type,
    typeVersion: nodeType.version,
    name: uniqueName(nodeType.name, document),
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    parameters: defaultParameters(nodeType.parameters) as WorkflowNode['parameters'],
  };
}
