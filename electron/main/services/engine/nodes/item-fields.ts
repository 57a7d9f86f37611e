import type { JsonValue } from '../../../../../shared/workflow/document';
import { NodeError, type Item, type JsonObject, type NodeContext } from '../node-api';

/** Field access and per-item error handling as n8n's core nodes do them (lodash `get`/`set` paths, `continueOnFail`). */

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);
export const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** `a.b[0].c` → ['a', 'b', '0', 'c'], as lodash reads a path. */
const parts = (field: string) => field.replace(/\[(\w+)\]/g, '.$1').split('.').filter((part) => part !== '');

/** A field by name, as a dot path unless dot notation is off. */
export function readField(json: JsonObject, field: string, dots = true): JsonValue | undefined {
  if (!dots || !/[.[]/.test(field)) return Object.hasOwn(json, field) ? json[field] : undefined;
  let value: JsonValue | undefined = json;
  for (const part of parts(field)) {
    if (!isObject(value) && !Array.isArray(value)) return undefined;
    value = Object.hasOwn(value, part) ? (value as Record<string, JsonValue>)[part] : undefined;
  }
  return value;
}

export function writeField(json: JsonObject, field: string, value: JsonValue, dots = true): void {
  const path = dots ? parts(field) : [field];
  if (path.some((part) => UNSAFE.has(part))) throw new NodeError(`"${field}" cannot be a field name.`, 'invalid_parameters', true);
  let target = json;
  for (const part of path.slice(0, -1)) {
    if (!isObject(target[part])) target[part] = {};
    target = target[part] as JsonObject;
  }
  target[path.at(-1)!] = value;
}

/** Whether the node turns a failed item into an `{ error }` item (n8n's "continue" settings) instead of failing. */
export const continuesOnFail = (ctx: NodeContext) => ctx.node.onError === 'continue' || ctx.node.onError === 'route';

/**
 * Runs `each` for every input item and gathers what it returns, paired with its input item.
 * A failing item fails the node with the item's number, or (continue on fail) becomes
 * `{ error }`, as n8n's nodes do.
 */
export async function mapItems(ctx: NodeContext, each: (item: Item, index: number) => Item[] | Item | Promise<Item[] | Item>): Promise<Item[]> {
  const out: Item[] = [];
  for (let index = 0; index < ctx.input.length; index++) {
    try {
      const produced = await each(ctx.input[index]!, index);
      for (const item of Array.isArray(produced) ? produced : [produced]) out.push({ ...item, pairedItem: item.pairedItem ?? { item: index } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!continuesOnFail(ctx)) throw error instanceof NodeError ? error : new NodeError(`Item ${index}: ${message}`, 'item_failed', true);
      out.push({ json: { error: message }, pairedItem: { item: index } });
    }
  }
  return out;
}

/** A copy of the item's JSON with `value` set at `field`. */
export function withField(item: Item, field: string, value: JsonValue, dots = true): Item {
  const json = structuredClone(item.json);
  writeField(json, field, value, dots);
  return item.binary ? { json, binary: item.binary } : { json };
}

/** The bytes of an item's binary property, or a clear error naming the property. */
export function itemBinary(ctx: NodeContext, item: Item, property: string): Buffer {
  const ref = item.binary?.[property];
  if (!ref) throw new NodeError(`The item has no binary property "${property}": name the property holding the file.`, 'binary_missing', true);
  return ctx.services.readBinary(ref);
}
