import path from 'node:path';
import sharp, { type FormatEnum } from 'sharp';
import type { z } from 'zod';
import { main, type BinaryRef, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { itemBinary, mapItems } from '../../../electron/main/services/engine/nodes/item-fields';
import type { EditParameters } from './manifest';
import { applyOperation } from './operations';

type Edit = z.infer<typeof EditParameters>;

const MIME: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', tiff: 'image/tiff', avif: 'image/avif', heif: 'image/avif' };

/** What n8n's `information` gives (GraphicsMagick's identify), for the fields sharp can tell. */
async function information(content: Buffer): Promise<JsonObject> {
  const meta = await sharp(content).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const bits = meta.depth === 'ushort' ? 16 : meta.depth === 'float' || meta.depth === 'double' ? 32 : 8;
  return {
    format: (meta.format ?? 'unknown').toUpperCase(),
    size: { width, height },
    depth: bits,
    Geometry: `${width}x${height}`,
    'Mime type': MIME[meta.format ?? ''] ?? 'application/octet-stream',
    Filesize: content.length,
    Colorspace: meta.space ?? 'srgb',
    Channels: meta.channels ?? 0,
    Alpha: meta.hasAlpha === true,
    ...(meta.density ? { Resolution: `${meta.density}x${meta.density}` } : {}),
  };
}

export const nodes: NodePlugin['nodes'] = {
  edit: {
    async run(ctx) {
      return main(
        await mapItems(ctx, async (item, index) => {
          const params = ctx.params<Edit>(index);
          if (params.mode === 'information') return { json: await information(itemBinary(ctx, item, params.dataPropertyName)), binary: item.binary };
          const startsBlank = params.operations[0]?.operation === 'create';
          const source: BinaryRef | undefined = item.binary?.[params.dataPropertyName];
          let image = startsBlank ? undefined : itemBinary(ctx, item, params.dataPropertyName);
          const original = image ? ((await sharp(image).metadata()).format ?? 'png') : 'png';
          for (const operation of params.operations) image = await applyOperation(image, operation, (property) => itemBinary(ctx, item, property));
          const format = params.format || (original in MIME ? original : 'png');
          const encoded = await sharp(image!)
            .toFormat(format as keyof FormatEnum, params.quality ? { quality: params.quality } : {})
            .toBuffer();
          let fileName = source?.fileName;
          if (params.format && fileName?.includes('.')) fileName = `${path.basename(fileName, path.extname(fileName))}.${params.format}`;
          const ref = ctx.services.saveBinary(encoded, MIME[format] ?? 'image/png', params.fileName || fileName || `image.${format}`);
          return { json: item.json, binary: { ...item.binary, [params.dataPropertyName]: ref } };
        }),
      );
    },
  },
};
