import { NodeHtmlMarkdown, type NodeHtmlMarkdownOptions } from 'node-html-markdown';
import showdown from 'showdown';
import type { z } from 'zod';
import { main, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { mapItems, withField } from '../../../electron/main/services/engine/nodes/item-fields';
import type { ToHtmlParameters, ToMarkdownParameters } from './manifest';

/** n8n's option shapes → node-html-markdown's: lists as comma-separated text, replacement pairs as rows. */
function markdownOptions(options: Record<string, unknown>): Partial<NodeHtmlMarkdownOptions> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!value) continue;
    if ((key === 'ignore' || key === 'blockElements') && typeof value === 'string') out[key] = value.split(',').map((part) => part.trim());
    else if (key === 'textReplace') out[key] = ((value as { values?: Array<{ pattern: string; replacement: string }> }).values ?? []).map((row) => [new RegExp(row.pattern, 'g'), row.replacement]);
    else if (key === 'lineStartEscape' || key === 'globalEscape') {
      const pair = (value as { value?: { pattern: string; replacement: string } }).value;
      if (pair) out[key] = [new RegExp(pair.pattern, 'g'), pair.replacement];
    } else out[key] = value;
  }
  return out as Partial<NodeHtmlMarkdownOptions>;
}

export const nodes: NodePlugin['nodes'] = {
  toMarkdown: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof ToMarkdownParameters>>(index);
          return { json: withField(item, params.destinationKey, NodeHtmlMarkdown.translate(String(params.html ?? ''), markdownOptions(params.options))).json };
        }),
      );
    },
  },
  toHtml: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<z.infer<typeof ToHtmlParameters>>(index);
          const converter = new showdown.Converter();
          for (const [key, value] of Object.entries(params.options)) converter.setOption(key, value);
          return { json: withField(item, params.destinationKey, converter.makeHtml(String(params.markdown ?? ''))).json };
        }),
      );
    },
  },
};
