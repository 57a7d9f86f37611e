import type { NodeTypeInfo } from '../../../shared/contract';
import type { JsonValue, WorkflowNode } from '../../../shared/workflow/document';

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A value of the schema's type: its default, its first choice, or a `<placeholder>` to fill in. */
function sample(schema: Schema, key: string): JsonValue {
  if ('default' in schema) return schema.default as JsonValue;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as JsonValue;
  if ('const' in schema) return schema.const as JsonValue;
  const option = [schema.anyOf, schema.oneOf].find(Array.isArray)?.find(isSchema);
  if (option) return sample(option, key);
  switch (schema.type) {
    case 'string':
      return schema.format === 'uri' ? 'https://example.com' : `<${key}>`;
    case 'number':
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return parametersOf(schema);
    default:
      return `<${key}>`;
  }
}

/** Every parameter that has a default, with it, and every required one with a sample to replace. */
function parametersOf(schema: Schema): Record<string, JsonValue> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const parameters: Record<string, JsonValue> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (isSchema(property) && (required.has(key) || 'default' in property)) parameters[key] = sample(property, key);
  }
  return parameters;
}

/** A node of this type as it appears in a workflow file: copy it into `nodes`, then fill in the `<…>` values. */
export function exampleNode(info: NodeTypeInfo): WorkflowNode {
  const node: WorkflowNode = {
    id: info.type.split('.')[0]!,
    type: info.type,
    typeVersion: info.version,
    name: info.name,
    position: { x: 0, y: 0 },
    parameters: parametersOf(info.parameters),
  };
  const credentials = info.credentials.filter((slot) => slot.required);
  if (credentials.length > 0) node.credentials = Object.fromEntries(credentials.map((slot) => [slot.name, { secret: 'VAULT_RECORD_NAME' }]));
  return node;
}
