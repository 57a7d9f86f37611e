import type { z } from 'zod';
import type { JsonValue } from '../../../shared/workflow/document';
import { main, type Item, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { mergeInputs, type MergeParameters } from './manifest';

type Parameters = z.infer<typeof MergeParameters>;

function combine(a: Item, b: Item, params: Parameters): Item {
  const json: JsonObject = params.clashHandling === 'preferInput1' ? { ...b.json, ...a.json } : { ...a.json, ...b.json };
  const binary = a.binary || b.binary ? { ...(params.clashHandling === 'preferInput1' ? { ...b.binary, ...a.binary } : { ...a.binary, ...b.binary }) } : undefined;
  return binary ? { json, binary } : { json };
}

function read(json: JsonObject, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = json;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as JsonObject)[part];
  }
  return node;
}

const keyOf = (item: Item, fields: string[]) => JSON.stringify(fields.map((field) => read(item.json, field) ?? null));

function byFields(input1: Item[], input2: Item[], params: Parameters): Item[] {
  const fields1 = params.fields.map((pair) => pair.field1);
  const fields2 = params.fields.map((pair) => pair.field2);
  const index2 = new Map<string, number[]>();
  input2.forEach((item, i) => {
    const key = keyOf(item, fields2);
    index2.set(key, [...(index2.get(key) ?? []), i]);
  });
  const matched2 = new Set<number>();
  const out: Item[] = [];
  const unmatched1: Item[] = [];
  for (const item of input1) {
    let matches = index2.get(keyOf(item, fields1)) ?? [];
    if (params.multipleMatches === 'first') matches = matches.slice(0, 1);
    if (matches.length === 0) {
      unmatched1.push(item);
      if (params.joinMode === 'enrichInput1') out.push({ json: { ...item.json } });
      continue;
    }
    for (const j of matches) {
      matched2.add(j);
      const other = input2[j]!;
      switch (params.joinMode) {
        case 'keepMatches':
          if (params.outputDataFrom === 'input1') out.push({ json: { ...item.json } });
          else if (params.outputDataFrom === 'input2') out.push({ json: { ...other.json } });
          else out.push(combine(item, other, params));
          break;
        case 'keepEverything':
        case 'enrichInput1':
        case 'enrichInput2':
          out.push(combine(item, other, params));
          break;
        case 'keepNonMatches':
          break;
      }
    }
  }
  const unmatched2 = input2.filter((_, j) => !matched2.has(j));
  if (params.joinMode === 'keepNonMatches') {
    if (params.outputDataFrom === 'input1') return unmatched1;
    if (params.outputDataFrom === 'input2') return unmatched2;
    return [...unmatched1, ...unmatched2];
  }
  if (params.joinMode === 'keepEverything') return [...out, ...unmatched1, ...unmatched2];
  if (params.joinMode === 'enrichInput2') return [...out, ...unmatched2];
  if (params.joinMode === 'keepMatches' && params.outputDataFrom === 'input1' && params.multipleMatches === 'all') {
    // Each input-1 item once, even when several input-2 items match it.
    const seen = new Set<Item>();
    return input1.filter((item) => index2.has(keyOf(item, fields1)) && !seen.has(item) && seen.add(item));
  }
  return out;
}

export const nodes: NodePlugin['nodes'] = {
  combine: {
    run(ctx) {
      const params = ctx.params<Parameters>();
      const all = mergeInputs(params).map((name) => ctx.inputs[name] ?? []);
      const [input1, input2] = all as [Item[], Item[]];
      if (params.wait === 'first') return main(input1.length > 0 || !ctx.inputs.input2 ? input1 : input2);
      switch (params.mode) {
        case 'append':
          return main(all.flat());
        case 'combineByFields':
          return main(byFields(input1, input2, params));
        case 'combineByPosition': {
          const lengths = all.map((items) => items.length);
          const count = params.includeUnpaired ? Math.max(...lengths) : Math.min(...lengths);
          const out: Item[] = [];
          for (let i = 0; i < count; i++) {
            const present = all.map((items) => items[i]).filter((item): item is Item => item !== undefined);
            out.push(present.slice(1).reduce((merged, next) => combine(merged, next, params), { json: { ...present[0]!.json }, ...(present[0]!.binary ? { binary: present[0]!.binary } : {}) }));
          }
          return main(out);
        }
        case 'combineAll':
          return main(input1.flatMap((a) => input2.map((b) => combine(a, b, params))));
        case 'chooseBranch':
          return main(all[params.useDataOfInput - 1] ?? []);
      }
    },
  },
};
