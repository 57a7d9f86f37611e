type Schema = { [key: string]: unknown; title?: string; properties?: Record<string, Schema>; items?: Schema | Schema[]; required?: string[]; enum?: unknown[]; type?: unknown };
type Ui = Record<string, unknown>;

/** Words people write in capitals. */
const ACRONYMS = new Set(['url', 'uri', 'id', 'ids', 'json', 'http', 'https', 'api', 'mcp', 'sql', 'html', 'xml', 'csv', 'jwt', 'oauth', 'ip', 'ssl', 'tls', 'utc', 'llm', 'cpu']);

/** "includeFields" → "Include fields", "ignore_errors" → "Ignore errors", "jsonBody" → "JSON body". */
export function humanize(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((word) => (ACRONYMS.has(word) ? (word === 'ids' ? 'IDs' : word === 'oauth' ? 'OAuth' : word.toUpperCase()) : word));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Conditions" → "Condition", for one item of a list. */
function singular(title: string): string {
  return title.endsWith('ies') ? `${title.slice(0, -3)}y` : title.endsWith('s') && !title.endsWith('ss') ? title.slice(0, -1) : title;
}

/** A schema that says nothing about its value's type: any JSON value goes. */
function isAnyValue(schema: Schema): boolean {
  return !['type', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', '$ref', 'properties', 'items'].some((key) => key in schema);
}

/**
 * Readies a JSON Schema for a generated form: every property gets a readable title from its
 * key ("Dot notation", not "dotNotation"), and properties of any type get the JSON value field
 * (RJSF has no field for a schema without a type); a property marked `x-multiline` (a PEM
 * certificate) gets a text area.
 */
export function prepareSchema<T extends Record<string, unknown>>(schema: T): { schema: T; uiSchema: Ui } {
  const walk = (node: Schema, inList = false): { schema: Schema; ui: Ui } => {
    const next: Schema = { ...node };
    const ui: Ui = {};
    if (Array.isArray(node.enum) && node.enum.every((value) => typeof value === 'string') && !('enumNames' in node)) {
      ui['ui:enumNames'] = (node.enum as string[]).map(humanize);
    }
    if (node.properties) {
      const properties: Record<string, Schema> = {};
      for (const [key, property] of Object.entries(node.properties)) {
        // A list item's own id (n8n writes one per condition) is bookkeeping, not something to type.
        if (inList && key === 'id' && property.type === 'string') {
          properties[key] = property;
          ui[key] = { 'ui:widget': 'hidden' };
          next.required = (node.required ?? []).filter((name) => name !== 'id');
          continue;
        }
        const titled: Schema = { ...property, title: property.title ?? humanize(key) };
        if (isAnyValue(titled)) {
          properties[key] = titled;
          ui[key] = { 'ui:field': 'jsonValue' };
          continue;
        }
        const inner = walk(titled);
        properties[key] = inner.schema;
        if (titled['x-multiline']) ui[key] = { 'ui:widget': 'textarea', 'ui:options': { rows: 4 } };
        else if (Object.keys(inner.ui).length > 0) ui[key] = inner.ui;
      }
      next.properties = properties;
    }
    if (node.items && !Array.isArray(node.items)) {
      const inner = walk(node.items, true);
      next.items = inner.schema;
      // Each item is titled "Condition", not RJSF's "Conditions-1".
      if (node.items.properties) inner.ui['ui:title'] = node.items.title ?? singular(node.title ?? 'Item');
      if (Object.keys(inner.ui).length > 0) ui.items = inner.ui;
    }
    return { schema: next, ui };
  };
  const { schema: prepared, ui } = walk(schema as Schema);
  return { schema: prepared as T, uiSchema: ui };
}
