import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { NodeError, type Item, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { isObject, readField, writeField } from '../../../electron/main/services/engine/nodes/item-fields';
import type { JsonValue } from '../../../shared/workflow/document';
import type { CompareParameters } from './manifest';

type Parameters = z.infer<typeof CompareParameters>;
type Equal = (a: JsonValue | undefined, b: JsonValue | undefined) => boolean;

const falsy = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** n8n's fuzzy equality: 1 = "1", true = "true" = 1, null = "" = [], an object = its JSON text. */
function equality(fuzzy: boolean): Equal {
  const strict: Equal = (a, b) => isDeepStrictEqual(a ?? undefined, b ?? undefined) || (a === null && b === null);
  if (!fuzzy) return strict;
  return (a, b) => {
    if (a !== null && b !== null && typeof a === typeof b) return strict(a, b);
    if (falsy(a) && falsy(b)) return true;
    if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
    if (typeof a === 'string' && typeof b === 'number') return a === String(b);
    const parsed = (text: string, value: JsonValue) => {
      try {
        return strict(JSON.parse(text) as JsonValue, value);
      } catch {
        return false;
      }
    };
    if (a !== null && typeof a === 'object' && typeof b === 'string') return parsed(b, a);
    if (b !== null && typeof b === 'object' && typeof a === 'string') return parsed(a, b);
    const bool = (x: unknown, y: unknown) => typeof x === 'boolean' && (typeof y === 'string' ? y.toLowerCase() === String(x) || y === (x ? '1' : '0') : typeof y === 'number' && y === (x ? 1 : 0));
    return bool(a, b) || bool(b, a) || strict(a, b);
  };
}

const omit = (json: JsonObject, fields: string[]) => Object.fromEntries(Object.entries(json).filter(([key]) => !fields.includes(key)));

/** A differing pair side by side: the key fields, what is the same, and each different field's two values. */
function describeDifference(a: Item, b: Item, params: Parameters, skip: string[], equal: Equal): Item {
  const [left, right] = params.sideNames === 'inputA' ? ['inputA', 'inputB'] : ['input1', 'input2'];
  const keys: JsonObject = {};
  for (const { field1 } of params.fields) keys[field1] = a.json[field1] ?? null;
  const same: JsonObject = {};
  for (const key of Object.keys(a.json)) if (Object.hasOwn(b.json, key) && equal(a.json[key], b.json[key])) same[key] = a.json[key]!;
  const different: JsonObject = {};
  const skipped: JsonObject = {};
  for (const key of [...new Set([...Object.keys(a.json), ...Object.keys(b.json)])]) {
    if (Object.hasOwn(same, key)) continue;
    const pair = { [left!]: a.json[key] || null, [right!]: b.json[key] || null } as JsonObject;
    if (skip.includes(key)) skipped[key] = pair;
    else different[key] = pair;
  }
  return { json: { keys, same, different, ...(Object.keys(skipped).length > 0 ? { skipped } : {}) } };
}

function mix(a: Item, b: Item, params: Parameters): Item {
  const [entry, other] = params.preferWhenMix === 'input1' ? [a, b] : [b, a];
  const json = structuredClone(entry.json);
  for (const field of params.exceptWhenMix.split(',').map((name) => name.trim()).filter(Boolean)) {
    writeField(json, field, (params.dotNotation ? readField(other.json, field) : other.json[field]) || null, params.dotNotation);
  }
  return { json };
}

function checkInput(input: Item[], fields: string[], dots: boolean, label: string): Item[] {
  const kept = input.filter((item) => Object.keys(item.json).length > 0);
  if (kept.length === 0) return kept;
  for (const field of fields) {
    if (!kept.some((item) => readField(item.json, field, dots) !== undefined)) throw new NodeError(`Field '${field}' is not present in any of items in '${label}': check the fields to match.`, 'field_missing', true);
  }
  return kept;
}

export const nodes: NodePlugin['nodes'] = {
  compare: {
    run(ctx) {
      const params = ctx.params<Parameters>();
      const dots = params.dotNotation;
      const inputA = checkInput(ctx.inputs.inputA ?? [], params.fields.map((pair) => pair.field1), dots, 'Input A');
      const inputB = checkInput(ctx.inputs.inputB ?? [], params.fields.map((pair) => pair.field2), dots, 'Input B');
      const equal = equality(params.fuzzyCompare);
      const skip = params.skipFields.split(',').map((field) => field.trim()).filter(Boolean);
      const onlyA: Item[] = [];
      const same: Item[] = [];
      const different: Item[] = [];
      const matchedB = new Set<number>();
      inputA.forEach((entry) => {
        const lookup = params.fields.map(({ field1, field2 }) => ({ field: field2, value: readField(entry.json, field1, dots) }));
        if (lookup.some(({ value }) => value === undefined)) return void onlyA.push(entry);
        const matches: number[] = [];
        for (let j = 0; j < inputB.length; j++) {
          if (lookup.every(({ field, value }) => equal(value!, readField(inputB[j]!.json, field, dots)))) {
            matches.push(j);
            if (params.multipleMatches === 'first') break;
          }
        }
        if (matches.length === 0) return void onlyA.push(entry);
        let kept: Item | undefined;
        for (const j of matches) {
          matchedB.add(j);
          const match = inputB[j]!;
          const a = skip.length > 0 ? omit(entry.json, skip) : entry.json;
          const b = skip.length > 0 ? omit(match.json, skip) : match.json;
          const isSame = params.fuzzyCompare ? Object.keys(a).every((key) => equal(a[key], b[key])) : equal(a, b);
          if (isSame) kept ??= params.fuzzyCompare && params.resolve === 'preferInput2' ? match : entry;
          else if (params.resolve === 'preferInput1') different.push(entry);
          else if (params.resolve === 'preferInput2') different.push(match);
          else if (params.resolve === 'mix') different.push(mix(entry, match, params));
          else different.push(describeDifference(entry, match, params, skip, equal));
        }
        if (kept && isObject(kept.json) && Object.keys(kept.json).length > 0) same.push(kept);
      });
      const onlyB = inputB.filter((_, j) => !matchedB.has(j));
      const bare = (items: Item[]) => items.map((item) => ({ json: item.json, ...(item.binary ? { binary: item.binary } : {}) }));
      return { outputs: { inAOnly: bare(onlyA), same: bare(same), different: bare(different), inBOnly: bare(onlyB) } };
    },
  },
};
