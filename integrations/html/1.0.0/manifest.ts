import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const ExtractParameters = z.object({
  /** Read the HTML from a JSON field or from a binary property. */
  sourceData: z.enum(['json', 'binary']).default('json'),
  dataPropertyName: z.string().min(1).default('data'),
  values: z
    .array(
      z.object({
        key: z.string().min(1),
        cssSelector: z.string().min(1),
        returnValue: z.enum(['text', 'html', 'attribute', 'value']).default('text'),
        attribute: z.string().default(''),
        returnArray: z.boolean().default(false),
        /** Comma-separated selectors left out of the text. */
        skipSelectors: z.string().default(''),
      }),
    )
    .default([]),
  trimValues: z.boolean().default(false),
  cleanUpText: z.boolean().default(false),
  /** n8n 1.0/1.1 read text with `.text()`; 1.2 renders it as html-to-text does (line breaks, links). */
  textMode: z.enum(['plain', 'rendered']).default('rendered'),
});

export const GenerateParameters = z.object({ html: z.string().default('') });

export const TableParameters = z.object({
  capitalize: z.boolean().default(false),
  customStyling: z.boolean().default(false),
  caption: z.string().default(''),
  tableAttributes: z.string().default(''),
  headerAttributes: z.string().default(''),
  rowAttributes: z.string().default(''),
  cellAttributes: z.string().default(''),
});

export default definePlugin({
  id: 'html',
  name: 'HTML',
  version: '1.0.0',
  description: 'Extracts values from HTML with CSS selectors, builds HTML from a template, or turns items into a table (n8n HTML).',
  category: 'Data',
  icon: 'code',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    { id: 'extract', name: 'Extract HTML content', description: 'Reads values out of the HTML of each item with CSS selectors.', parameters: ExtractParameters, sideEffects: false },
    { id: 'generate', name: 'Generate HTML', description: 'Writes an HTML template, with expressions filled in, as the `html` field of each item.', parameters: GenerateParameters, sideEffects: false },
    { id: 'table', name: 'Convert to HTML table', description: 'Turns all items into one HTML table (one row per item).', parameters: TableParameters, sideEffects: false },
  ],
  triggers: [],
});
