type Schema = { [key: string]: unknown; title?: string; properties?: Record<string, Schema>; items?: Schema | Schema[] };
type Ui = Record<string, unknown>;

/** "includeFields" → "Include fields", "ignore_errors" → "Ignore errors". */
export function humanize(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
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
  const walk = (node: Schema): { schema: Schema; ui: Ui } => {
    const next: Schema = { ...node };
    const ui: Ui = {};
    if (node.properties) {
      const properties: Record<string, Schema> = {};
      for (const [key, property] of Object.entries(node.properties)) {
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
      const inner = walk(node.items);
      next.items = inner.schema;
      if (Object.keys(inner.ui).length > 0) ui.items = inner.ui;
    }
    return { schema: next, ui };
  };
  const { schema: prepared, ui } = walk(schema as Schema);
  return { schema: prepared as T, uiSchema: ui };
}
