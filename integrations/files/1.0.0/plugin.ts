import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { main, NodeError, type Item, type NodeContext, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { itemBinary, mapItems, readField, withField } from '../../../electron/main/services/engine/nodes/item-fields';
import { compressItem, decompressItem } from './compression';
import { toCsv } from './csv';
import { allowedPath, matchFiles, mimeTypeOf } from './disk';
import { extractItems } from './extract';
import { moveItem } from './move';
import type { CompressParameters, ConvertParameters, DecompressParameters, MoveParameters, ReadParameters, WriteParameters } from './manifest';
import { SHEET_MIME, writeSheet, type SheetFormat } from './spreadsheet';

type Convert = z.infer<typeof ConvertParameters>;

function convertedFile(ctx: NodeContext, content: Buffer, params: Convert, fallbackName: string, fallbackType: string): Item['binary'] {
  return { [params.binaryPropertyName]: ctx.services.saveBinary(content, params.mimeType || fallbackType, params.fileName || fallbackName) };
}

export const nodes: NodePlugin['nodes'] = {
  extract: {
    async run(ctx) {
      return main(await mapItems(ctx, (item, index) => extractItems(ctx, item, index)));
    },
  },

  convert: {
    async run(ctx) {
      const first = ctx.params<Convert>();
      if (first.format in SHEET_MIME) {
        // A spreadsheet is always one file of all items, as in n8n.
        if (ctx.input.length === 0) return main([]);
        const format = first.format as SheetFormat;
        const content = writeSheet(ctx.input.map((item) => item.json), format, first);
        return main([{ json: {}, binary: convertedFile(ctx, content, first, `file.${format}`, SHEET_MIME[format]), pairedItem: { item: 0 } }]);
      }
      if ((first.format === 'json' || first.format === 'csv') && first.mode === 'once') {
        if (ctx.input.length === 0) return main([]);
        const rows = ctx.input.map((item) => item.json);
        const content = first.format === 'json' ? JSON.stringify(rows, null, first.format_json ? 2 : undefined) : toCsv(rows, first.delimiter, first.headerRow);
        const [name, type] = first.format === 'json' ? ['file.json', 'application/json'] : ['file.csv', 'text/csv'];
        return main([{ json: {}, binary: convertedFile(ctx, Buffer.from(content), first, name, type), pairedItem: { item: 0 } }]);
      }
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<Convert>(index);
          if (params.format === 'json') return { json: {}, binary: convertedFile(ctx, Buffer.from(JSON.stringify(item.json, null, params.format_json ? 2 : undefined)), params, 'file.json', 'application/json') };
          if (params.format === 'csv') return { json: {}, binary: convertedFile(ctx, Buffer.from(toCsv([item.json], params.delimiter, params.headerRow)), params, 'file.csv', 'text/csv') };
          const value = readField(item.json, params.sourceProperty);
          if (value === undefined) throw new NodeError(`The item has no field "${params.sourceProperty}": name the field holding the content.`, 'field_missing', true);
          const text = typeof value === 'string' ? value : JSON.stringify(value);
          const content = params.format === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text);
          return { json: item.json, binary: { ...item.binary, ...convertedFile(ctx, content, params, params.format === 'text' ? 'file.txt' : 'file', params.format === 'text' ? 'text/plain' : 'application/octet-stream') } };
        }),
      );
    },
  },

  move: {
    async run(ctx) {
      return main(await mapItems(ctx, (item, index) => moveItem(ctx, item, ctx.params<z.infer<typeof MoveParameters>>(index))));
    },
  },

  compress: {
    async run(ctx) {
      return main(await mapItems(ctx, (item, index) => compressItem(ctx, item, ctx.params<z.infer<typeof CompressParameters>>(index))));
    },
  },

  decompress: {
    async run(ctx) {
      return main(await mapItems(ctx, (item, index) => decompressItem(ctx, item, ctx.params<z.infer<typeof DecompressParameters>>(index))));
    },
  },

  read: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (_item, index) => {
          const params = ctx.params<z.infer<typeof ReadParameters>>(index);
          return matchFiles(params.fileSelector).map((file) => {
            const ref = ctx.services.saveBinary(fs.readFileSync(file), mimeTypeOf(file), path.basename(file));
            return { json: { fileName: path.basename(file), directory: path.dirname(file), fileExtension: path.extname(file).slice(1), mimeType: ref.mimeType, fileSize: ref.fileSize }, binary: { [params.binaryPropertyName]: ref } };
          });
        }),
      );
    },
  },

  write: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof WriteParameters>>(index);
          const target = allowedPath(params.fileName);
          const content = itemBinary(ctx, item, params.binaryPropertyName);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          if (params.append) fs.appendFileSync(target, content);
          else fs.writeFileSync(target, content);
          return { ...withField(item, 'fileName', params.fileName), binary: item.binary };
        }),
      );
    },
  },
};
