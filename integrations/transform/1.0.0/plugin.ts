import type { z } from 'zod';
import type { JsonValue } from '../../../shared/workflow/document';
import { mapItems, NodeError, type Item, type JsonObject, type NodePlugin, type NodeResult } from '../../../electron/main/services/engine/node-api';
import type { FieldAssignment, TransformParameters } from './manifest';

type Parameters = z.infer<typeof TransformParameters>;
type Assignment = z.infer<typeof FieldAssignment>;

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function splitPath(name: string, dotNotation: boolean): string[] {
  const parts = dotNotation ? name.split('.') : [name];
  for (const part of parts) if (UNSAFE_KEYS.has(part)) throw new NodeError(`"${name}" is not an allowed field name.`, 'invalid_field', true);
  return parts;
}

/** Sets a (nested) field, copying objects along the path so the input item is never changed. */
function setPath(target: JsonObject, parts: string[], value: JsonValue): void {
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i]!;
    const next = node[key];
    const copy: JsonObject = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...next } : {};
    node[key] = copy;
    node = copy;
  }
  node[parts.at(-1)!] = value;
}

function getPath(source: JsonObject, parts: string[]): JsonValue | undefined {
  let node: JsonValue | undefined = source;
  for (const part of parts) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, part)) return undefined;
    node = (node as JsonObject)[part];
  }
  return node;
}

function deletePath(target: JsonObject, parts: string[]): void {
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node[parts[i]!];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return;
    const copy = { ...next };
    node[parts[i]!] = copy;
    node = copy;
  }
  delete node[parts.at(-1)!];
}

function convert(assignment: Assignment, ignoreErrors: boolean, itemIndex: number): JsonValue {
  const { value, type, name } = assignment;
  // n8n's message, word for word (its Set node's validateEntry).
  const fail = (): JsonValue => {
    if (ignoreErrors) return value as JsonValue;
    throw new NodeError(`'${name}' expects a ${type} but we got '${String(value).slice(0, 60)}' [item ${itemIndex}]`, 'conversion_error', true);
  };
  switch (type) {
    case 'auto':
      return (value === undefined ? null : value) as JsonValue;
    case 'string':
      return value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'number': {
      // As n8n: no value stays null, NaN fails, anything Number() reads ('' → 0) passes.
      if (value === null || value === undefined) return null;
      const number = typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? Number(value) : NaN;
      return Number.isNaN(number) ? fail() : number;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 1 || value === '1') return true;
      if (value === 'false' || value === 0 || value === '0') return false;
      return fail();
    case 'array':
    case 'object': {
      let parsed: unknown = value;
      if (typeof value === 'string') {
        try {
          parsed = JSON.parse(value);
        } catch {
          return fail();
        }
      }
      const ok = type === 'array' ? Array.isArray(parsed) : parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
      return ok ? (parsed as JsonValue) : fail();
    }
  }
}

function base(json: JsonObject, params: Parameters): JsonObject {
  switch (params.include) {
    case 'all':
      return { ...json };
    case 'none':
      return {};
    case 'selected': {
      const out: JsonObject = {};
      for (const field of params.includeFields) {
        const parts = splitPath(field, params.dotNotation);
        const value = getPath(json, parts);
        if (value !== undefined) setPath(out, parts, value);
      }
      return out;
    }
    case 'except': {
      const out: JsonObject = { ...json };
      for (const field of params.includeFields) deletePath(out, splitPath(field, params.dotNotation));
      return out;
    }
  }
}

function transform(item: Item, index: number, params: Parameters): Item {
  const json = base(item.json, params);
  if (params.mode === 'json') {
    const extra = typeof params.json === 'string' ? (JSON.parse(params.json) as unknown) : params.json;
    if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) throw new NodeError(`"json" must be a JSON object (item ${index}).`, 'invalid_json', true);
    for (const [key, value] of Object.entries(extra)) if (!UNSAFE_KEYS.has(key)) json[key] = value as JsonValue;
  } else {
    for (const assignment of params.fields) setPath(json, splitPath(assignment.name, params.dotNotation), convert(assignment, params.ignoreConversionErrors, index));
  }
  for (const { from, to } of params.rename) {
    const fromParts = splitPath(from, params.dotNotation);
    const value = getPath(json, fromParts);
    if (value === undefined) continue;
    deletePath(json, fromParts);
    setPath(json, splitPath(to, params.dotNotation), value);
  }
  for (const field of params.remove) deletePath(json, splitPath(field, params.dotNotation));
  const out: Item = { json, pairedItem: { item: index } };
  if (item.binary) out.binary = item.binary;
  return out;
}

export const nodes: NodePlugin['nodes'] = {
  edit: {
    run(ctx) {
      const fixed = ctx.dynamicParams ? undefined : ctx.params<Parameters>();
      const items = mapItems(ctx.input, (item, index) => transform(item, index, fixed ?? ctx.params<Parameters>(index)));
      return Array.isArray(items) ? { outputs: { main: items } } : items.then((list): NodeResult => ({ outputs: { main: list } }));
    },
  },
};
