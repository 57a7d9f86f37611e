/**
 * n8n's `$fromAI('name', 'description', 'type', default)`: in a tool node's parameters, a value
 * the model fills in. The calls found in a parameter tree make the tool's input schema; the
 * model's arguments then take their places. Echelon keeps them outside `{{ }}` (the import
 * unwraps them), so a step's expressions leave them for the model.
 */

export interface FromAiArgument {
  name: string;
  description: string;
  type: 'string' | 'number' | 'boolean' | 'json';
  default?: unknown;
}

const QUOTED = String.raw`(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|\x60((?:[^\x60\\]|\\.)*)\x60)`;
const LITERAL = String.raw`(?:${QUOTED}|(-?\d+(?:\.\d+)?|true|false|null))`;
/** `$fromAI(` name [, description [, type [, default]]] `)`; each argument a quoted string (the default may be a literal). */
const CALL = new RegExp(String.raw`\$fromAI\(\s*${QUOTED}(?:\s*,\s*${LITERAL})?(?:\s*,\s*${LITERAL})?(?:\s*,\s*${LITERAL})?\s*\)`, 'g');
const TYPES = new Set(['string', 'number', 'boolean', 'json']);

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

/** The quoted or literal value of capture groups [i, i+3]: text, or the literal parsed. */
function valueAt(groups: (string | undefined)[], index: number): unknown {
  const text = groups[index] ?? groups[index + 1] ?? groups[index + 2];
  if (text !== undefined) return unescape(text);
  const literal = groups[index + 3];
  return literal === undefined ? undefined : (JSON.parse(literal) as unknown);
}

function parseCall(match: RegExpMatchArray): FromAiArgument {
  const groups = [...match];
  const name = unescape(groups[1] ?? groups[2] ?? groups[3] ?? '');
  const description = valueAt(groups, 4);
  const type = valueAt(groups, 8);
  const fallback = valueAt(groups, 12);
  return {
    name,
    description: typeof description === 'string' ? description : '',
    type: typeof type === 'string' && TYPES.has(type) ? (type as FromAiArgument['type']) : 'string',
    ...(fallback !== undefined ? { default: fallback } : {}),
  };
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Every `$fromAI()` in the parameters, once per name (the first description wins). */
export function fromAiArguments(parameters: unknown): FromAiArgument[] {
  const found = new Map<string, FromAiArgument>();
  for (const text of strings(parameters)) {
    for (const match of text.matchAll(CALL)) {
      const argument = parseCall(match);
      if (argument.name && !found.has(argument.name)) found.set(argument.name, argument);
    }
  }
  return [...found.values()];
}

const JSON_TYPES = { string: 'string', number: 'number', boolean: 'boolean', json: undefined } as const;

/** The tool's input schema: one property per argument, required unless it has a default. */
export function fromAiSchema(parameters: unknown): Record<string, unknown> {
  const args = fromAiArguments(parameters);
  return {
    type: 'object',
    properties: Object.fromEntries(args.map((arg) => [arg.name, { ...(JSON_TYPES[arg.type] ? { type: JSON_TYPES[arg.type] } : {}), ...(arg.description ? { description: arg.description } : {}) }])),
    required: args.filter((arg) => arg.default === undefined).map((arg) => arg.name),
  };
}

/**
 * The parameters with the model's values in place: a value that is only `{{ $fromAI(…) }}`
 * becomes the argument itself (a number stays a number); inside longer text, its text.
 */
export function fillFromAi(parameters: unknown, args: Record<string, unknown>): unknown {
  const valueOf = (match: RegExpMatchArray) => {
    const argument = parseCall(match);
    return argument.name in args ? args[argument.name] : argument.default;
  };
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const whole = unwrapFromAi(value).trim();
      const only = [...whole.matchAll(CALL)];
      if (only.length === 1 && only[0]![0] === whole) return valueOf(only[0]!) ?? '';
      const text = (found: unknown) => (typeof found === 'string' ? found : found === undefined || found === null ? '' : JSON.stringify(found));
      return unwrapFromAi(value).replace(CALL, (...match) => text(valueOf(match as unknown as RegExpMatchArray)));
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item)]));
    return value;
  };
  return fill(parameters);
}

/** `{{ $fromAI(…) }}` as the bare call, so expressions evaluated before the model answers leave it alone. */
export function unwrapFromAi(text: string): string {
  return text.replace(new RegExp(String.raw`\{\{\s*(${CALL.source})\s*\}\}`, 'g'), '$1');
}
