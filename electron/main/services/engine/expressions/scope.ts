import { DateTime, Duration } from 'luxon';
import type { JsonValue } from '../../../../../shared/workflow/document';
import type { Item, Outputs } from '../node-api';
import { chargeSize, checkArrayLength, checkStringLength, made, textSize } from './budget';
import { ExpressionError, safeFunction, type CompiledExpression, type ExpressionScope } from './compile';
import { isPlainObject } from './safe-members';
import { ENV_BLOCKED } from '../code/code-settings';
import jmespath from 'jmespath';

/**
 * The names n8n expressions use, over one execution's data: `$json`, `$input`, `$('Name')`,
 * `$node["Name"]`, `$vars`, `$workflow`, `$execution`, `$now`, plus a few safe globals
 * (Math, JSON, Object.keys, DateTime). One scope serves a whole node run; only the item
 * index changes between items, so evaluating per item allocates almost nothing.
 */

export interface NodeRunData {
  outputs: Outputs;
  /** The node and output whose items were this run's main input. */
  source?: { node: string; output: string };
}

export interface ScopeData {
  workflow: { id: string; name: string };
  execution: { id: number; mode: string };
  variables: Record<string, JsonValue>;
  /** The trigger's payload. */
  payload: JsonValue | undefined;
  nodeName: string;
  runIndex: number;
  input: Item[];
  /** Source of this node run's main input. */
  source?: { node: string; output: string };
  /** Last run of a node, by name. */
  nodeRun(name: string): NodeRunData | undefined;
  /** What a node keeps between its runs in this execution (n8n's node context: Split in Batches' noItemsLeft). */
  nodeContext?(name: string): JsonValue | undefined;
  /** Reveals a vault secret at use (and registers it with the redactor). */
  secret(name: string, field?: string): string;
  /** A value derived from these secrets by the expression `source`: redacted whole from then on. */
  taint?(value: unknown, secrets: string[], source: string): void;
  /** The environment variables `$env` shows, or undefined when the settings allow none. */
  env?(): Record<string, string> | undefined;
}

const MAX_LINEAGE = 1000;

export class ItemScope implements ExpressionScope {
  itemIndex = 0;
  private inputProxy: Record<string, unknown> | undefined;
  private nodeProxy: Record<string, unknown> | undefined;
  private readonly accessors = new Map<string, Record<string, unknown>>();

  constructor(private readonly data: ScopeData) {}

  tainted(value: unknown, expression: CompiledExpression): void {
    this.data.taint?.(value, expression.secrets.map((use) => (use.field ? `${use.name}.${use.field}` : use.name)), expression.source);
  }

  forItem(index: number): this {
    this.itemIndex = index;
    return this;
  }

  resolve(name: string): unknown {
    switch (name) {
      case '$json':
        return this.data.input[this.itemIndex]?.json ?? {};
      case '$binary':
        return this.data.input[this.itemIndex]?.binary ?? {};
      case '$input':
        return (this.inputProxy ??= this.makeInput());
      case '$':
        return (this.dollar ??= safeFunction((name: unknown) => this.accessor(name)));
      case '$node':
        return (this.nodeProxy ??= this.makeNodeProxy());
      case '$items':
        return (this.items ??= safeFunction((name?: unknown) => (name === undefined ? this.data.input : this.mainOutput(String(name)))));
      case '$itemIndex':
        return this.itemIndex;
      case '$runIndex':
        return this.data.runIndex;
      case '$vars':
        return this.data.variables;
      case '$workflow':
        return { id: this.data.workflow.id, name: this.data.workflow.name, active: true };
      case '$execution':
        return { id: String(this.data.execution.id), mode: this.data.execution.mode };
      case '$trigger':
        return this.data.payload;
      case '$prevNode':
        return this.data.source ? { name: this.data.source.node, outputIndex: 0, runIndex: 0 } : undefined;
      case '$now':
        return DateTime.now();
      case '$today':
        return DateTime.now().startOf('day');
      case '$item':
        return (this.itemFn ??= safeFunction((index: unknown) => this.itemView(Number(index))));
      case '$jmespath':
        return JMESPATH;
      case '$env': {
        const env = this.data.env?.();
        if (!env) throw new ExpressionError(ENV_BLOCKED);
        return env;
      }
      case '$secret':
        return (this.secretFn ??= safeFunction((name: string, field?: string) => this.data.secret(name, field)));
      default:
        if (Object.hasOwn(GLOBALS, name)) return GLOBALS[name];
        throw new ExpressionError(`${name} is not defined`);
    }
  }

  /** `$item(index)`: the n8n 0.x way to read item `index` of this node's input and of other nodes. */
  private itemView(index: number): Record<string, unknown> {
    if (!Number.isInteger(index) || index < 0) throw new ExpressionError('$item() takes an item index (0, 1, ...)');
    const nodes = new Proxy(
      {},
      {
        get: (_target, key) => {
          if (typeof key !== 'string' || !this.data.nodeRun(key)) return undefined;
          return withGetters({}, { json: () => this.mainOutput(key)[index]?.json, binary: () => this.mainOutput(key)[index]?.binary });
        },
        getOwnPropertyDescriptor: (_target, key) => (typeof key === 'string' && this.data.nodeRun(key) ? { value: undefined, enumerable: true, configurable: true, writable: false } : undefined),
        ownKeys: () => [],
      },
    );
    return withGetters({}, { $json: () => this.data.input[index]?.json, $binary: () => this.data.input[index]?.binary ?? {}, $node: () => nodes });
  }

  // Made on first use: most expressions read only `$json`.
  private itemFn: ((index: unknown) => Record<string, unknown>) | undefined;
  private secretFn: ((name: string, field?: string) => string) | undefined;
  private dollar: ((name: unknown) => Record<string, unknown>) | undefined;
  private items: ((name?: unknown) => Item[]) | undefined;

  private accessor(name: unknown): Record<string, unknown> {
    if (typeof name !== 'string') throw new ExpressionError('$() takes a node name');
    let accessor = this.accessors.get(name);
    if (!accessor) {
      accessor = this.makeAccessor(name);
      this.accessors.set(name, accessor);
    }
    return accessor;
  }

  private mainOutput(name: string): Item[] {
    const run = this.data.nodeRun(name);
    if (!run) throw new ExpressionError(`Node "${name}" has not run yet in this execution`);
    return run.outputs.main ?? Object.values(run.outputs)[0] ?? [];
  }

  private makeInput(): Record<string, unknown> {
    return withGetters(
      {
        all: safeFunction(() => this.data.input),
        first: safeFunction(() => this.data.input[0]),
        last: safeFunction(() => this.data.input.at(-1)),
      },
      { item: () => this.data.input[this.itemIndex] },
    );
  }

  private makeAccessor(name: string): Record<string, unknown> {
    return withGetters(
      {
        all: safeFunction(() => this.mainOutput(name)),
        first: safeFunction(() => this.mainOutput(name)[0]),
        last: safeFunction(() => this.mainOutput(name).at(-1)),
      },
      {
        item: () => this.pairedItem(name),
        json: () => this.pairedItem(name)?.json,
        isExecuted: () => this.data.nodeRun(name) !== undefined,
      },
    );
  }

  private makeNodeProxy(): Record<string, unknown> {
    const target: Record<string, unknown> = {};
    const view = (name: string) => {
      if (!this.data.nodeRun(name)) return undefined;
      return withGetters({}, { json: () => this.pairedItem(name)?.json, binary: () => this.pairedItem(name)?.binary, data: () => this.pairedItem(name)?.json, context: () => this.data.nodeContext?.(name) ?? {} });
    };
    // Reads like a plain object keyed by node names, so `$node["Fetch"].json` works.
    return new Proxy(target, {
      get: (_target, key) => (typeof key === 'string' ? view(key) : undefined),
      getOwnPropertyDescriptor: (_target, key) =>
        typeof key === 'string' && this.data.nodeRun(key) ? { value: view(key), enumerable: true, configurable: true, writable: false } : undefined,
      has: (_target, key) => typeof key === 'string' && this.data.nodeRun(key) !== undefined,
      ownKeys: () => [],
    });
  }

  /**
   * The item of node `name` that the current item descends from, following `pairedItem`
   * links back through the nodes between; the same index when the trail is lost.
   */
  pairedItem(name: string): Item | undefined {
    if (!this.data.nodeRun(name)) throw new ExpressionError(`Node "${name}" has not run yet in this execution`);
    return pairedItemOf(this.data, name, this.itemIndex);
  }
}

/** The item of node `name` that input item `itemIndex` of a step fed from `data.source` descends from. */
export function pairedItemOf(data: Pick<ScopeData, 'source' | 'nodeRun'>, name: string, itemIndex: number): Item | undefined {
  const target = data.nodeRun(name);
  if (!target) return undefined;
  let source = data.source;
  let index = itemIndex;
  for (let hops = 0; source && hops < MAX_LINEAGE; hops++) {
    const run = data.nodeRun(source.node);
    if (!run) break;
    const items = run.outputs[source.output] ?? [];
    if (source.node === name) return items[index];
    const item = items[index];
    index = item?.pairedItem?.item ?? index;
    source = run.source;
  }
  const fallback = target.outputs.main ?? Object.values(target.outputs)[0] ?? [];
  return fallback[itemIndex] ?? fallback[0];
}

const fn = safeFunction;

const JMESPATH = fn((data: unknown, expression: unknown) => {
  if (typeof expression !== 'string') throw new ExpressionError('$jmespath takes the data first, then a JMESPath expression (a string)');
  chargeSize(textSize(data));
  return made(jmespath.search(data as never, expression) as unknown);
});

/** A plain object with computed (getter) properties, read like data by expressions. */
function withGetters(values: Record<string, unknown>, getters: Record<string, () => unknown>): Record<string, unknown> {
  for (const [key, get] of Object.entries(getters)) Object.defineProperty(values, key, { get, enumerable: true, configurable: false });
  return values;
}

function plainOnly<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isPlainObject(value)) {
    throw new ExpressionError('Only plain objects are allowed here');
  }
  return value;
}

/** Globals every expression may use. Frozen plain objects of safe functions; nothing from the host. */
const GLOBALS: Record<string, unknown> = Object.freeze({
  Math: Object.freeze(
    Object.fromEntries(
      (['abs', 'ceil', 'floor', 'round', 'trunc', 'sign', 'max', 'min', 'pow', 'sqrt', 'cbrt', 'exp', 'log', 'log10', 'log2', 'sin', 'cos', 'tan', 'atan2', 'hypot', 'random'] as const).map(
        (name) => [name, fn((...args: number[]) => (Math[name] as (...a: number[]) => number)(...args))],
      ),
    ),
  ),
  JSON: Object.freeze({
    stringify: fn((value: unknown, _replacer?: unknown, space?: number | string) => {
      // Indentation can double a deep value's size.
      checkStringLength(textSize(value) * (space ? 2 : 1));
      return made(JSON.stringify(value, null, space));
    }),
    parse: fn((text: string) => {
      const source = String(text);
      chargeSize(source.length);
      made(source);
      return JSON.parse(source) as unknown;
    }),
  }),
  Object: Object.freeze({
    keys: fn((value: object) => made(Object.keys(plainOnly(value)))),
    values: fn((value: object) => made(Object.values(plainOnly(value)))),
    entries: fn((value: object) => made(Object.entries(plainOnly(value)))),
    fromEntries: fn((entries: Iterable<[string, unknown]>) => {
      const result: Record<string, unknown> = {};
      for (const [key, value] of entries) if (key !== '__proto__' && key !== 'constructor' && key !== 'prototype') result[key] = value;
      return result;
    }),
    assign: fn((...values: object[]) => Object.assign({}, ...values.map(plainOnly))),
  }),
  Array: Object.freeze({
    isArray: fn((value: unknown) => Array.isArray(value)),
    from: fn((value: unknown, map?: (v: unknown, i: number) => unknown) => {
      const length = Array.isArray(value) || typeof value === 'string' ? value.length : 0;
      checkArrayLength(length);
      const list = Array.isArray(value) ? value : typeof value === 'string' ? [...value] : [];
      return made(map ? list.map((v, i) => map(v, i)) : [...list]);
    }),
  }),
  Date: Object.freeze({ now: fn(() => Date.now()), parse: fn((text: string) => Date.parse(text)) }),
  DateTime: Object.freeze({
    now: fn(() => DateTime.now()),
    local: fn((...args: number[]) => (DateTime.local as (...a: number[]) => DateTime)(...args)),
    utc: fn((...args: number[]) => (DateTime.utc as (...a: number[]) => DateTime)(...args)),
    fromISO: fn((text: string, options?: Record<string, unknown>) => DateTime.fromISO(text, plainOnly(options))),
    fromMillis: fn((ms: number, options?: Record<string, unknown>) => DateTime.fromMillis(ms, plainOnly(options))),
    fromSeconds: fn((s: number, options?: Record<string, unknown>) => DateTime.fromSeconds(s, plainOnly(options))),
    fromFormat: fn((text: string, format: string, options?: Record<string, unknown>) => DateTime.fromFormat(text, format, plainOnly(options))),
    fromJSDate: fn((date: Date) => DateTime.fromJSDate(date)),
  }),
  Duration: Object.freeze({
    fromObject: fn((value: Record<string, number>) => Duration.fromObject(plainOnly(value))),
    fromMillis: fn((ms: number) => Duration.fromMillis(ms)),
    fromISO: fn((text: string) => Duration.fromISO(text)),
  }),
  String: fn((value: unknown) => {
    if (value !== null && typeof value === 'object') checkStringLength(textSize(value));
    return String(value);
  }),
  Number: fn((value: unknown) => Number(value)),
  Boolean: fn((value: unknown) => Boolean(value)),
  parseInt: fn((text: string, radix?: number) => parseInt(text, radix)),
  parseFloat: fn((text: string) => parseFloat(text)),
  isNaN: fn((value: unknown) => Number.isNaN(Number(value))),
  isFinite: fn((value: unknown) => Number.isFinite(Number(value))),
  encodeURIComponent: fn((text: string) => encodeURIComponent(text)),
  decodeURIComponent: fn((text: string) => decodeURIComponent(text)),
  encodeURI: fn((text: string) => encodeURI(text)),
  decodeURI: fn((text: string) => decodeURI(text)),
  $if: fn((condition: unknown, whenTrue: unknown, whenFalse: unknown) => (condition ? whenTrue : whenFalse)),
  $ifEmpty: fn((value: unknown, fallback: unknown) => {
    const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
    return empty ? fallback : value;
  }),
  $min: fn((...values: number[]) => Math.min(...values)),
  $max: fn((...values: number[]) => Math.max(...values)),
  true: true,
  false: false,
  null: null,
});
