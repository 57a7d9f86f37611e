import type { z } from 'zod';
import { NodeError, type Item, type JsonObject, type NodeContext } from '../../../electron/main/services/engine/node-api';
import { itemBinary, readField, writeField } from '../../../electron/main/services/engine/nodes/item-fields';
import type { JsonValue } from '../../../shared/workflow/document';
import type { MoveParameters } from './manifest';

/**
 * n8n's Move Binary Data node: a file's content into the item's JSON (all of it, parsed, or
 * one field), or JSON (all of it or one field) into a file. An item without the source is
 * left out, as n8n does.
 */

type Move = z.infer<typeof MoveParameters>;

const parse = (text: string): JsonValue => {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new NodeError(`The file is not valid JSON: ${(error as Error).message}`, 'invalid_file', true);
  }
};

function unsetField(json: JsonObject, field: string): void {
  const path = field.split('.');
  let target: JsonValue | undefined = json;
  for (const part of path.slice(0, -1)) target = target && typeof target === 'object' && !Array.isArray(target) ? target[part] : undefined;
  if (target && typeof target === 'object' && !Array.isArray(target)) delete target[path.at(-1)!];
}

function toJson(ctx: NodeContext, item: Item, params: Move): Item | [] {
  if (!item.binary?.[params.sourceKey]) return [];
  const content = itemBinary(ctx, item, params.sourceKey);
  let text = params.keepAsBase64 && !params.setAllData ? content.toString('base64') : content.toString(params.encoding);
  if (params.stripBOM) text = text.replace(/^\uFEFF/, '');
  let json: JsonObject;
  if (params.setAllData) {
    const parsed = parse(text);
    json = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { data: parsed };
  } else {
    json = structuredClone(item.json);
    writeField(json, params.destinationKey, params.jsonParse ? parse(text) : text);
  }
  const binary = { ...item.binary };
  if (!params.keepSource) delete binary[params.sourceKey];
  return Object.keys(binary).length > 0 ? { json, binary } : { json };
}

function toBinary(ctx: NodeContext, item: Item, params: Move): Item | [] {
  const value = params.convertAllData ? item.json : readField(item.json, params.sourceKey);
  if (value === undefined) return [];
  let content: Buffer;
  let mimeType = params.mimeType;
  if (params.dataIsBase64) content = Buffer.from(String(value), 'base64');
  else {
    const raw = params.useRawData && typeof value !== 'object';
    if (!raw) mimeType ||= 'application/json';
    content = Buffer.from(`${params.addBOM ? '\uFEFF' : ''}${raw ? String(value) : JSON.stringify(value)}`, params.encoding);
  }
  mimeType ||= params.nameFile ? 'text/plain' : 'application/json';
  const fileName = params.fileName || (params.nameFile ? (mimeType === 'application/json' ? 'file.json' : mimeType === 'text/plain' ? 'file.txt' : 'file') : undefined);
  const ref = ctx.services.saveBinary(content, mimeType, fileName);
  let json: JsonObject = item.json;
  if (!params.keepSource) {
    json = params.convertAllData ? {} : structuredClone(item.json);
    if (!params.convertAllData) unsetField(json, params.sourceKey);
  }
  return { json, binary: { ...item.binary, [params.destinationKey]: ref } };
}

export function moveItem(ctx: NodeContext, item: Item, params: Move): Item | [] {
  return params.mode === 'binaryToJson' ? toJson(ctx, item, params) : toBinary(ctx, item, params);
}
