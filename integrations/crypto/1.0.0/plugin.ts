import { createHash, createHmac, createSign, randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { main, type Item, type NodeContext, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { itemBinary, mapItems, withField } from '../../../electron/main/services/engine/nodes/item-fields';
import type { GenerateParameters, HashParameters, HmacParameters, SignParameters } from './manifest';

/** The bytes to digest: the value's text, or the item's file when `binaryData` is on. */
function input(ctx: NodeContext, item: Item, params: { value: string; binaryData: boolean; binaryPropertyName: string }): string | Buffer {
  return params.binaryData ? itemBinary(ctx, item, params.binaryPropertyName) : String(params.value ?? '');
}

/** Node's hash names are lower case ("sha3-256"); n8n lists them in capitals. */
const algorithm = (type: string) => type.toLowerCase();

export const nodes: NodePlugin['nodes'] = {
  hash: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof HashParameters>>(index);
          return withField(item, params.dataPropertyName, createHash(algorithm(params.type)).update(input(ctx, item, params)).digest(params.encoding));
        }),
      );
    },
  },
  hmac: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof HmacParameters>>(index);
          return withField(item, params.dataPropertyName, createHmac(algorithm(params.type), params.secret).update(input(ctx, item, params)).digest(params.encoding));
        }),
      );
    },
  },
  sign: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof SignParameters>>(index);
          const signer = createSign(params.algorithm);
          signer.write(params.value);
          signer.end();
          return withField(item, params.dataPropertyName, signer.sign(params.privateKey, params.encoding));
        }),
      );
    },
  },
  generate: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof GenerateParameters>>(index);
          const value = params.encodingType === 'uuid' ? randomUUID() : randomBytes(params.stringLength).toString(params.encodingType).slice(0, params.stringLength);
          return withField(item, params.dataPropertyName, value);
        }),
      );
    },
  },
};
