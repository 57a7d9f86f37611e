import path from 'node:path';
import { promisify } from 'node:util';
import * as fflate from 'fflate';
import type { z } from 'zod';
import { NodeError, type BinaryRef, type Item, type NodeContext } from '../../../electron/main/services/engine/node-api';
import { itemBinary } from '../../../electron/main/services/engine/nodes/item-fields';
import { mimeTypeOf } from './disk';
import type { CompressParameters, DecompressParameters } from './manifest';

/** n8n's Compression node: zip or gzip an item's files, unzip or gunzip them (fflate, as n8n). */

const zip = promisify(fflate.zip);
const unzip = promisify(fflate.unzip);
const gzip = promisify(fflate.gzip);
const gunzip = promisify(fflate.gunzip);

/** Formats already compressed: stored in a zip without deflating again, as n8n does. */
const ALREADY_COMPRESSED = new Set(['7z', 'aifc', 'bz2', 'doc', 'docx', 'gif', 'gz', 'heic', 'heif', 'jpg', 'jpeg', 'mov', 'mp3', 'mp4', 'pdf', 'png', 'ppt', 'pptx', 'rar', 'webm', 'webp', 'xls', 'xlsx', 'zip']);

const names = (list: string) => list.split(',').map((name) => name.trim()).filter(Boolean);
const extension = (ref: BinaryRef) => path.extname(ref.fileName ?? '').slice(1).toLowerCase();
const baseName = (ref: BinaryRef) => (ref.fileName ?? 'file').split('.')[0] || 'file';

function refOf(item: Item, property: string): BinaryRef {
  const ref = item.binary?.[property];
  if (!ref) throw new NodeError(`The item has no binary property "${property}": name the property holding the file.`, 'binary_missing', true);
  return ref;
}

export async function compressItem(ctx: NodeContext, item: Item, params: z.infer<typeof CompressParameters>): Promise<Item> {
  const binary: Record<string, BinaryRef> = {};
  const entries: fflate.Zippable = {};
  for (const [index, property] of names(params.binaryPropertyName).entries()) {
    const ref = refOf(item, property);
    const content = itemBinary(ctx, item, property);
    if (params.outputFormat === 'zip') entries[ref.fileName ?? `${property}`] = [content, { level: ALREADY_COMPRESSED.has(extension(ref)) ? 0 : 6 }];
    else binary[`${params.outputPrefix}${index}`] = ctx.services.saveBinary(await gzip(content), 'application/gzip', `${baseName(ref)}.gzip`);
  }
  if (params.outputFormat === 'zip') {
    const fileName = params.fileName || 'data.zip';
    return { json: item.json, binary: { [params.binaryPropertyOutput]: ctx.services.saveBinary(await zip(entries), 'application/zip', fileName) } };
  }
  return { json: item.json, binary };
}

export async function decompressItem(ctx: NodeContext, item: Item, params: z.infer<typeof DecompressParameters>): Promise<Item> {
  const binary: Record<string, BinaryRef> = {};
  let zipIndex = 0;
  for (const [index, property] of names(params.binaryPropertyName).entries()) {
    const ref = refOf(item, property);
    const content = itemBinary(ctx, item, property);
    const kind = extension(ref);
    try {
      if (kind === 'zip') {
        for (const [name, data] of Object.entries(await unzip(content))) {
          // macOS zips carry a copy of every file's metadata under __MACOSX.
          if (name.includes('__MACOSX') || name.endsWith('/')) continue;
          binary[`${params.outputPrefix}${zipIndex++}`] = ctx.services.saveBinary(data, mimeTypeOf(name), name);
        }
      } else if (kind === 'gz' || kind === 'gzip') {
        const name = (ref.fileName ?? 'file').replace(/\.gz(ip)?$/i, '');
        binary[`${params.outputPrefix}${index}`] = ctx.services.saveBinary(await gunzip(content), mimeTypeOf(name), name);
      }
    } catch (error) {
      throw new NodeError(`"${ref.fileName ?? property}" is not a valid ${kind} file (${(error as Error).message}).`, 'invalid_file', true);
    }
  }
  return { json: item.json, binary };
}
