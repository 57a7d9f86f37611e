import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const XmlParameters = z.object({
  /** The field holding the XML (to JSON), or receiving it (to XML). */
  dataPropertyName: z.string().min(1).default('data'),
  /** xml2js options, as n8n passes them (attrkey, charkey, explicitArray, mergeAttrs, headless, rootName, ...). */
  options: z.record(z.string(), z.unknown()).default({}),
});

export default definePlugin({
  id: 'xml',
  name: 'XML',
  version: '1.0.0',
  description: 'Parses XML into JSON and builds XML from JSON, per item (n8n XML).',
  category: 'Data',
  icon: 'code',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    { id: 'toJson', name: 'XML to JSON', description: "Replaces each item with the XML of one of its fields, parsed (attributes merged, single children unwrapped, as n8n's defaults).", parameters: XmlParameters, sideEffects: false },
    { id: 'toXml', name: 'JSON to XML', description: "Replaces each item with one field holding the item's JSON as XML.", parameters: XmlParameters, sideEffects: false },
  ],
  triggers: [],
});
