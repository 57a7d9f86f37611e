import xml2js from 'xml2js';
import type { z } from 'zod';
import type { JsonObject } from '../../../electron/main/services/engine/node-api';
import { main, NodeError, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { mapItems } from '../../../electron/main/services/engine/nodes/item-fields';
import type { XmlParameters } from './manifest';

type Parameters = z.infer<typeof XmlParameters>;

export const nodes: NodePlugin['nodes'] = {
  toJson: {
    async run(ctx) {
      const { dataPropertyName, options } = ctx.params<Parameters>();
      // n8n's defaults: attributes beside the children, and a list only where an element repeats.
      const parser = new xml2js.Parser({ mergeAttrs: true, explicitArray: false, ...options });
      return main(
        await mapItems(ctx, async (item) => {
          const source = item.json[dataPropertyName];
          if (source === undefined) throw new NodeError(`No json property "${dataPropertyName}" exists on the item: name the field holding the XML.`, 'field_missing', true);
          const json = (await parser.parseStringPromise(String(source))) as JsonObject | null;
          return { json: json ?? {} };
        }),
      );
    },
  },
  toXml: {
    async run(ctx) {
      const { dataPropertyName, options } = ctx.params<Parameters>();
      const builder = new xml2js.Builder(options);
      return main(await mapItems(ctx, (item) => ({ json: { [dataPropertyName]: builder.buildObject(item.json) } })));
    },
  },
};
