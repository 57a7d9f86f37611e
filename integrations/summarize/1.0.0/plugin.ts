import type { z } from 'zod';
import { main, NodeError, type Item, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { readField } from '../../../electron/main/services/engine/nodes/item-fields';
import type { JsonValue } from '../../../shared/workflow/document';
import type { SummarizeParameters } from './manifest';

type Parameters = z.infer<typeof SummarizeParameters>;
type Aggregation = Parameters['fields'][number];
type Row = { json: JsonObject; index: number };

const PREFIX: Record<Aggregation['aggregation'], string> = { append: 'appended_', average: 'average_', concatenate: 'concatenated_', count: 'count_', countUnique: 'unique_count_', max: 'max_', min: 'min_', sum: 'sum_' };
const isEmpty = (value: unknown) => value === undefined || value === null || value === '';
/** n8n's output names: brackets and quotes dropped, spaces and dots as underscores. */
const outputName = (name: string) => name.replace(/[\][""]/g, '').replace(/[ .]/g, '_');

function aggregate(rows: Row[], entry: Aggregation, get: (json: JsonObject, field: string) => JsonValue | undefined): JsonValue {
  const { aggregation, field } = entry;
  const values = (aggregation === 'average' || aggregation === 'sum' ? rows.filter((row) => typeof get(row.json, field) === 'number') : rows).map((row) => get(row.json, field));
  const kept = entry.includeEmpty ? values : values.filter((value) => !isEmpty(value));
  switch (aggregation) {
    case 'append':
      return kept.map((value) => value ?? null);
    case 'concatenate':
      return kept.map((value) => (value === undefined ? 'undefined' : typeof value === 'object' ? JSON.stringify(value) : String(value))).join(entry.separator);
    case 'average':
      return (values as number[]).reduce((sum, value) => sum + value, 0) / values.length;
    case 'sum':
      return (values as number[]).reduce((sum, value) => sum + value, 0);
    case 'min':
    case 'max': {
      let best: JsonValue | undefined;
      for (const value of values) {
        if (isEmpty(value)) continue;
        if (best === undefined || (aggregation === 'min' ? value! < best! : value! > best!)) best = value;
      }
      return best ?? null;
    }
    case 'countUnique':
      return new Set(kept.map((value) => (typeof value === 'object' && value !== null ? value : value))).size;
    default:
      return kept.length;
  }
}

type Tree = { [group: string]: Tree } | { summary: JsonObject; rows: Row[] };

export const nodes: NodePlugin['nodes'] = {
  summarize: {
    run(ctx) {
      const params = ctx.params<Parameters>();
      const get = (json: JsonObject, field: string) => readField(json, field, params.dotNotation);
      const rows: Row[] = ctx.input.map((item, index) => ({ json: item.json, index }));
      if (!params.continueIfFieldNotFound) {
        for (const { field } of params.fields) {
          if (field !== '' && !rows.some((row) => get(row.json, field) !== undefined)) throw new NodeError(`The field '${field}' does not exist in any items: check its name, or turn on "continue if field not found".`, 'field_missing', true);
        }
      }
      const summarize = (group: Row[]): { summary: JsonObject; rows: Row[] } => {
        const summary: JsonObject = {};
        for (const entry of params.fields) summary[outputName(`${PREFIX[entry.aggregation]}${entry.field}`)] = aggregate(group, entry, get);
        return { summary, rows: group };
      };
      // Groups in a plain object, as n8n keeps them: integer-like keys come first, in numeric order.
      const split = (group: Row[], keys: string[]): Tree => {
        if (keys.length === 0) return summarize(group);
        const [key, ...rest] = keys as [string, ...string[]];
        const groups: Record<string, Row[]> = Object.create(null) as Record<string, Row[]>;
        for (const row of group) {
          let value = get(row.json, key) as JsonValue | undefined;
          if (typeof value === 'object' && value !== null) value = JSON.stringify(value);
          if (params.skipEmptySplitFields && typeof value !== 'number' && !value) continue;
          (groups[String(value)] ??= []).push(row);
        }
        const tree: Record<string, Tree> = Object.create(null) as Record<string, Tree>;
        for (const name of Object.keys(groups)) tree[name] = split(groups[name]!, rest);
        return tree as Tree;
      };
      const tree = split(rows, params.splitBy);
      const paired = (group: Row[]) => group.map((row) => ({ item: row.index }));
      if (params.splitBy.length === 0) {
        const { summary, rows: group } = tree as { summary: JsonObject; rows: Row[] };
        return main([{ json: summary, pairedItem: paired(group)[0] ?? { item: 0 } }]);
      }
      if (params.outputFormat === 'singleItem') {
        const nested = (node: Tree, depth: number): JsonObject =>
          depth === params.splitBy.length ? (node as { summary: JsonObject }).summary : Object.fromEntries(Object.keys(node).map((name) => [name, nested((node as Record<string, Tree>)[name]!, depth + 1)]));
        return main([{ json: nested(tree, 0), pairedItem: { item: 0 } }]);
      }
      const names = params.splitBy.map(outputName);
      const typed = (value: string, depth: number): JsonValue => (!params.originalTypes || depth > 0 ? value : value === 'null' ? null : Number.isNaN(Number(value)) ? value : Number(value));
      const out: Item[] = [];
      const flatten = (node: Tree, depth: number, prefix: JsonObject) => {
        for (const name of Object.keys(node)) {
          const child = (node as Record<string, Tree>)[name]!;
          const json = { ...prefix, [names[depth]!]: typed(name, depth) };
          if (depth === names.length - 1) {
            const leaf = child as { summary: JsonObject; rows: Row[] };
            out.push({ json: { ...json, ...leaf.summary }, pairedItem: { item: leaf.rows[0]?.index ?? 0 } });
          } else flatten(child, depth + 1, json);
        }
      };
      flatten(tree, 0, {});
      return main(out);
    },
  },
};
