import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const ToMarkdownParameters = z.object({
  html: z.string().default(''),
  /** Where the Markdown goes on the item (a dot path). */
  destinationKey: z.string().min(1).default('data'),
  /** node-html-markdown options (n8n passes its own through): bulletMarker, codeBlockStyle, ignore, ... */
  options: z.record(z.string(), z.unknown()).default({}),
});

export const ToHtmlParameters = z.object({
  markdown: z.string().default(''),
  destinationKey: z.string().min(1).default('data'),
  /** showdown options (tables, strikethrough, simpleLineBreaks, ...). */
  options: z.record(z.string(), z.unknown()).default({}),
});

export default definePlugin({
  id: 'markdown',
  name: 'Markdown',
  version: '1.0.0',
  description: 'Converts HTML to Markdown and Markdown to HTML, per item (n8n Markdown).',
  category: 'Data',
  icon: 'file-text',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    { id: 'toMarkdown', name: 'HTML to Markdown', description: 'Writes the HTML as Markdown into a field of each item.', parameters: ToMarkdownParameters, sideEffects: false },
    { id: 'toHtml', name: 'Markdown to HTML', description: 'Writes the Markdown as HTML into a field of each item.', parameters: ToHtmlParameters, sideEffects: false },
  ],
  triggers: [],
});
