import { main, NodeError, type Item, type NodeImplementation, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { JsonObject } from '../../../electron/main/services/engine/node-api';
import type { z } from 'zod';
import type { ManualParameters } from './manifest';

type Parameters = z.infer<typeof ManualParameters>;

/** n8n's manual trigger emits one empty item; an input object becomes that item, an array one item each. */
function itemsOf(payload: unknown): Item[] {
  if (payload === undefined || payload === null) return [{ json: {} }];
  if (Array.isArray(payload)) return payload.map((value) => ({ json: asObject(value) }));
  return [{ json: asObject(payload) }];
}

function asObject(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : ({ value } as JsonObject);
}

const trigger: NodeImplementation = {
  run(ctx) {
    const { fields } = ctx.params<Parameters>();
    const items = itemsOf(ctx.execution.payload);
    if (fields.length === 0) return main(items);
    for (const item of items) {
      for (const field of fields) {
        let value = item.json[field.name];
        if (value === undefined && field.default !== undefined) item.json[field.name] = value = field.default as JsonObject[string];
        if (value === undefined) {
          if (field.required) throw new NodeError(`The run form needs "${field.name}"${field.description ? ` (${field.description})` : ''}.`, 'invalid_input', true);
          continue;
        }
        const ok =
          field.type === 'json' ||
          (field.type === 'string' && typeof value === 'string') ||
          (field.type === 'number' && typeof value === 'number') ||
          (field.type === 'boolean' && typeof value === 'boolean');
        if (!ok) throw new NodeError(`The run form's "${field.name}" must be a ${field.type}, not ${JSON.stringify(value)}.`, 'invalid_input', true);
      }
    }
    return main(items);
  },
};

export const nodes: NodePlugin['nodes'] = { trigger };
