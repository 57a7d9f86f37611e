import { load, type Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { convert } from 'html-to-text';
import type { z } from 'zod';
import { main, NodeError, type Item, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { itemBinary, mapItems, readField } from '../../../electron/main/services/engine/nodes/item-fields';
import type { JsonValue } from '../../../shared/workflow/document';
import type { ExtractParameters, GenerateParameters, TableParameters } from './manifest';

type Extract = z.infer<typeof ExtractParameters>;
type Value = Extract['values'][number];

function valueOf(element: Cheerio<AnyNode>, value: Value, params: Extract): string | undefined {
  let text: string | undefined;
  switch (value.returnValue) {
    case 'attribute':
      text = element.attr(value.attribute);
      break;
    case 'html':
      text = element.html() || undefined;
      break;
    case 'value':
      text = element.val() as string | undefined;
      break;
    default:
      if (params.textMode === 'plain') text = element.text() || undefined;
      else {
        const skip = value.skipSelectors.split(',').map((selector) => selector.trim()).filter(Boolean);
        text = convert(element.html() || '', skip.length > 0 ? { selectors: skip.map((selector) => ({ selector, format: 'skip' })) } : undefined);
      }
  }
  if (text === undefined) return undefined;
  if (params.trimValues) text = text.trim();
  if (params.cleanUpText) text = text.replace(/^\s+|\s+$/g, '').replace(/(\r\n|\n|\r)/gm, '').replace(/\s+/g, ' ');
  return text;
}

function sourceHtml(ctx: Parameters<NodePlugin['nodes'][string]['run']>[0], item: Item, params: Extract): string[] {
  if (params.sourceData === 'binary') return [itemBinary(ctx, item, params.dataPropertyName).toString('utf8')];
  const value = readField(item.json, params.dataPropertyName);
  if (value === undefined) throw new NodeError(`No property named "${params.dataPropertyName}" exists!`, 'field_missing', true);
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

const capitalizeHeader = (header: string, capitalize: boolean) =>
  capitalize
    ? header
        .split('_')
        .filter(Boolean)
        .map((word) => word[0]!.toUpperCase() + word.slice(1))
        .join(' ')
    : header;

export const nodes: NodePlugin['nodes'] = {
  extract: {
    async run(ctx) {
      return main(
        await mapItems(ctx, (item, index) => {
          const params = ctx.params<Extract>(index);
          return sourceHtml(ctx, item, params).map((html) => {
            const $ = load(html);
            const json: Record<string, JsonValue> = {};
            for (const value of params.values) {
              const found = $(value.cssSelector);
              if (value.returnArray) json[value.key] = found.toArray().map((element) => valueOf($(element), value, params) ?? null);
              else {
                const text = valueOf(found, value, params);
                if (text !== undefined) json[value.key] = text;
              }
            }
            return { json };
          });
        }),
      );
    },
  },

  generate: {
    async run(ctx) {
      return main(await mapItems(ctx, (_item, index) => ({ json: { html: ctx.params<z.infer<typeof GenerateParameters>>(index).html } })));
    },
  },

  table: {
    run(ctx) {
      if (ctx.input.length === 0) return main([]);
      const options = ctx.params<z.infer<typeof TableParameters>>();
      const styled = !options.customStyling;
      const tableStyle = styled ? "style='border-spacing:0; font-family:helvetica,arial,sans-serif'" : '';
      const headerStyle = styled ? "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee; text-align:left; color:#888; font-weight:normal'" : '';
      const cellStyle = styled ? "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee'" : '';
      const headers = [...new Set(ctx.input.flatMap((item) => Object.keys(item.json)))];
      let table = `<table ${tableStyle} ${options.tableAttributes}>`;
      if (options.caption) table += `<caption>${options.caption}</caption>`;
      table += `<thead ${headerStyle} ${options.headerAttributes}><tr>${headers.map((header) => `<th>${capitalizeHeader(header, options.capitalize)}</th>`).join('')}</tr></thead><tbody>`;
      ctx.input.forEach((item, index) => {
        const row = ctx.params<z.infer<typeof TableParameters>>(index);
        table += `<tr  ${row.rowAttributes}>`;
        table += headers
          .map((header) => {
            const value = item.json[header];
            const cell = typeof value === 'boolean' ? `<input type="checkbox" ${value ? 'checked="checked"' : ''}/>` : String(value);
            return `<td ${cellStyle} ${row.cellAttributes}>${cell}</td>`;
          })
          .join('');
        table += '</tr>';
      });
      table += '</tbody></table>';
      return main([{ json: { table }, pairedItem: { item: 0 } }]);
    },
  },
};
