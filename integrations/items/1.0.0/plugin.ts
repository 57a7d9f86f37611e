import type { z } from 'zod';
import type { JsonValue } from '../../../shared/workflow/document';
import { NodeError, type Item, type JsonObject, type NodeContext, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { evaluateConditions } from '../../../electron/main/services/engine/nodes/conditions';
import { isObject, readField, writeField } from '../../../electron/main/services/engine/nodes/item-fields';
import type { AggregateParameters, FilterParameters, LimitParameters, RemoveDuplicatesParameters, RenameKeysParameters, SortParameters, SplitOutParameters, StopParameters } from './manifest';

const paired = (item: Item, index: number): Item => ({ ...item, pairedItem: { item: index } });

const fieldList = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** n8n compares as its lodash `isEqual` does: deep equality of JSON values. */
const key = (value: unknown) => JSON.stringify(value === undefined ? null : value);

function compareValues(a: JsonValue | undefined, b: JsonValue | undefined): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : 1;
  return key(a) < key(b) ? -1 : 1;
}

export const nodes: NodePlugin['nodes'] = {
  filter: {
    run(ctx) {
      const kept: Item[] = [];
      const discarded: Item[] = [];
      ctx.input.forEach((item, index) => {
        const params = ctx.params<z.infer<typeof FilterParameters>>(index);
        const conditions = params.looseTypeValidation ? { ...params.conditions, options: { ...params.conditions.options, typeValidation: 'loose' as const } } : params.conditions;
        (evaluateConditions(conditions, index) ? kept : discarded).push(paired(item, index));
      });
      return { outputs: { main: kept, discarded } };
    },
  },

  splitOut: {
    run(ctx) {
      const params = ctx.params<z.infer<typeof SplitOutParameters>>();
      const fields = fieldList(params.field);
      const out: Item[] = [];
      let found = false;
      ctx.input.forEach((item, index) => {
        const values = fields.map((field) => readField(item.json, field, params.dotNotation));
        if (values.every((value) => value === undefined)) return;
        found = true;
        const lists = values.map((value) => (Array.isArray(value) ? value : value === undefined ? [] : isObject(value) ? Object.values(value) : [value]));
        const count = Math.max(...lists.map((list) => list.length));
        for (let entry = 0; entry < count; entry++) {
          const json: JsonObject = {};
          if (params.include === 'all') Object.assign(json, item.json);
          for (const field of params.include === 'selected' ? params.includeFields : []) {
            const value = readField(item.json, field, params.dotNotation);
            if (value !== undefined) writeField(json, field, value, params.dotNotation);
          }
          fields.forEach((field, at) => {
            if (params.include === 'all') delete json[field];
            const value = lists[at]![entry];
            if (value === undefined) return;
            // An object entry becomes the item (n8n), unless a destination field is named.
            if (isObject(value) && !params.destinationField && fields.length === 1) Object.assign(json, value);
            else json[fields.length === 1 && params.destinationField ? params.destinationField : field] = value;
          });
          out.push({ json, pairedItem: { item: index } });
        }
      });
      if (!found && ctx.input.length > 0) throw new NodeError(`The field "${params.field}" wasn't found in any input item: check its name (dot notation is ${params.dotNotation ? 'on' : 'off'}).`, 'field_missing', true);
      return { outputs: { main: out } };
    },
  },

  aggregate: {
    run(ctx) {
      const params = ctx.params<z.infer<typeof AggregateParameters>>();
      if (ctx.input.length === 0) return { outputs: { main: [] } };
      const json: JsonObject = {};
      if (params.mode === 'all') json[params.destinationField] = ctx.input.map((item) => item.json);
      else {
        for (const { field, outputField } of params.fields) {
          const values: JsonValue[] = [];
          for (const item of ctx.input) {
            const value = readField(item.json, field, params.dotNotation);
            if (value === undefined || value === null) {
              if (params.keepMissing) values.push(null);
            } else if (params.mergeLists && Array.isArray(value)) values.push(...value);
            else values.push(value);
          }
          json[outputField || (params.dotNotation ? field.split('.').at(-1)! : field)] = values;
        }
      }
      return { outputs: { main: [{ json, pairedItem: { item: 0 } }] } };
    },
  },

  limit: {
    run(ctx) {
      const { maxItems, keep } = ctx.params<z.infer<typeof LimitParameters>>();
      const indexed = ctx.input.map(paired);
      return { outputs: { main: keep === 'first' ? indexed.slice(0, maxItems) : indexed.slice(Math.max(0, indexed.length - maxItems)) } };
    },
  },

  sort: {
    run(ctx) {
      const params = ctx.params<z.infer<typeof SortParameters>>();
      const indexed = ctx.input.map(paired);
      if (params.mode === 'random') {
        for (let i = indexed.length - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1));
          [indexed[i], indexed[j]] = [indexed[j]!, indexed[i]!];
        }
        return { outputs: { main: indexed } };
      }
      indexed.sort((a, b) => {
        for (const { field, order } of params.fields) {
          const result = compareValues(readField(a.json, field, params.dotNotation), readField(b.json, field, params.dotNotation));
          if (result !== 0) return order === 'descending' ? -result : result;
        }
        return 0;
      });
      return { outputs: { main: indexed } };
    },
  },

  removeDuplicates: {
    run(ctx) {
      const params = ctx.params<z.infer<typeof RemoveDuplicatesParameters>>();
      const seen = new Set<string>();
      const out: Item[] = [];
      ctx.input.forEach((item, index) => {
        let identity: string;
        if (params.compare === 'selected') identity = key(params.fields.map((field) => readField(item.json, field, params.dotNotation)));
        else if (params.compare === 'allExcept') identity = key(Object.fromEntries(Object.entries(item.json).filter(([name]) => !params.fields.includes(name))));
        else identity = key(item.json);
        if (seen.has(identity)) return;
        seen.add(identity);
        out.push(paired(item, index));
      });
      return { outputs: { main: out } };
    },
  },

  renameKeys: {
    run(ctx) {
      const { keys } = ctx.params<z.infer<typeof RenameKeysParameters>>();
      const out = ctx.input.map((item, index) => {
        const json = structuredClone(item.json);
        for (const { from, to } of keys) {
          const value = readField(json, from, true);
          if (value === undefined) continue;
          writeField(json, to, value, true);
          removeField(json, from);
        }
        return { ...item, json, pairedItem: { item: index } };
      });
      return { outputs: { main: out } };
    },
  },

  stop: {
    run(ctx: NodeContext) {
      const params = ctx.params<z.infer<typeof StopParameters>>();
      if (params.errorObject !== undefined) {
        const error = typeof params.errorObject === 'string' ? (JSON.parse(params.errorObject) as unknown) : params.errorObject;
        const message = isObject(error) && typeof error.message === 'string' ? error.message : JSON.stringify(error);
        throw new NodeError(message, 'stopped', true);
      }
      throw new NodeError(params.message, 'stopped', true);
    },
  },
};

function removeField(json: JsonObject, field: string): void {
  const parts = field.split('.');
  let target: JsonValue | undefined = json;
  for (const part of parts.slice(0, -1)) target = isObject(target) ? target[part] : undefined;
  if (isObject(target)) delete target[parts.at(-1)!];
}
