import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import { disposeHosts, engineHost } from '../helpers/engine';
import { n8nChain, outputOf, type N8nNodeSpec } from '../helpers/n8n-export';
import { makePdf } from '../helpers/pdf';

/**
 * n8n's file nodes on real files: a PDF written in the test, spreadsheets made by Convert to
 * File / Spreadsheet File and read back by Extract from File. Expected values follow n8n's
 * node sources (pdf.operation.ts, SpreadsheetFile v1/v2, utils/binary.ts).
 */

let host: Host;
beforeAll(async () => {
  host = await engineHost();
});
afterAll(disposeHosts);

const code = (name: string, js: string): N8nNodeSpec => [name, 'n8n-nodes-base.code', 2, { jsCode: js }];

async function run(text: string) {
  const imported = host.engine.workflows.import(text);
  expect(imported.unsupported).toEqual([]);
  const { row } = await host.engine.run({ workflowId: imported.id });
  await host.engine.waitFor(row.id);
  return host.engine.detail(row.id);
}

describe('n8n file nodes on real files', () => {
  it("Extract from File reads a PDF's text, pages and information, keeping the source as its option says", async () => {
    const pdf = makePdf([['Invoice 42', 'Total: 10 EUR'], ['Page two']], { Title: 'Invoice' }).toString('base64');
    const execution = await run(
      n8nChain([
        code('File', `return [{ json: { id: 7 }, binary: { data: { data: '${pdf}', mimeType: 'application/pdf', fileName: 'invoice.pdf' } } }];`),
        ['PDF', 'n8n-nodes-base.extractFromFile', 1, { operation: 'pdf', options: {} }],
        code('Back', `return [{ json: {}, binary: { data: { data: '${pdf}', mimeType: 'application/pdf' } } }];`),
        ['Pages', 'n8n-nodes-base.extractFromFile', 1, { operation: 'pdf', options: { joinPages: false, keepSource: 'both', maxPages: 1 } }],
      ]),
    );
    expect(execution.status, JSON.stringify(execution.error)).toBe('succeeded');
    const [read] = outputOf(execution, 'PDF') as Array<Record<string, unknown>>;
    expect(read).toMatchObject({ numpages: 2, numrender: 2, text: 'Invoice 42\nTotal: 10 EUR\n\nPage two', info: { Title: 'Invoice' } });
    expect(read).not.toHaveProperty('id');
    const pages = execution.steps.find((step) => step.nodeName === 'Pages')!.output.value as { main: Array<{ json: unknown; binary?: Record<string, unknown> }> };
    expect(pages.main[0]!.json).toMatchObject({ text: ['Invoice 42\nTotal: 10 EUR'], numpages: 2 });
    expect(Object.keys(pages.main[0]!.binary ?? {})).toEqual(['data']);
  });

  it('writes XLSX, ODS and HTML spreadsheets of all items (nested fields flattened) and reads their rows back', async () => {
    const rows = `return [{ json: { name: 'ada', age: 36, address: { city: 'London' } } }, { json: { name: 'bob', age: 41, address: { city: 'Paris' } } }];`;
    const execution = await run(
      n8nChain([
        code('Rows', rows),
        ['To XLSX', 'n8n-nodes-base.convertToFile', 1.1, { operation: 'xlsx', options: { sheetName: 'People' } }],
        ['From XLSX', 'n8n-nodes-base.extractFromFile', 1, { operation: 'xlsx', options: { sheetName: 'People' } }],
        ['To ODS', 'n8n-nodes-base.spreadsheetFile', 1, { operation: 'toFile', fileFormat: 'ods', options: { headerRow: false } }],
        ['From ODS', 'n8n-nodes-base.spreadsheetFile', 2, { options: { headerRow: false } }],
        code('Again', rows),
        ['To HTML', 'n8n-nodes-base.convertToFile', 1.1, { operation: 'html', options: {} }],
        ['From HTML', 'n8n-nodes-base.extractFromFile', 1, { operation: 'html', options: {} }],
      ]),
    );
    expect(execution.status, JSON.stringify(execution.error)).toBe('succeeded');
    const flat = [
      { name: 'ada', age: 36, 'address.city': 'London' },
      { name: 'bob', age: 41, 'address.city': 'Paris' },
    ];
    expect(outputOf(execution, 'From XLSX')).toEqual(flat);
    expect(outputOf(execution, 'From ODS')).toEqual([{ row: ['ada', 36, 'London'] }, { row: ['bob', 41, 'Paris'] }]);
    expect(outputOf(execution, 'From HTML')).toEqual(flat);
    const file = (execution.steps.find((step) => step.nodeName === 'To XLSX')!.output.value as { main: Array<{ binary: Record<string, { fileName: string; mimeType: string }> }> }).main[0]!.binary.data;
    expect(file).toMatchObject({ fileName: 'File.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  });

  it('fails the item with a clear error for a sheet the file does not have and for a file that is not a PDF', async () => {
    const execution = await run(
      n8nChain([
        code('Rows', `return [{ json: { a: 1 } }];`),
        ['To XLSX', 'n8n-nodes-base.convertToFile', 1.1, { operation: 'xlsx', options: {} }],
        ['From XLSX', 'n8n-nodes-base.extractFromFile', 1, { operation: 'xlsx', options: { sheetName: 'Missing' } }],
      ]),
    );
    expect(execution.status).toBe('failed');
    expect(execution.error?.message).toContain('no sheet called "Missing" (it has "Sheet")');
    const notPdf = await run(
      n8nChain([code('File', `return [{ json: {}, binary: { data: { data: Buffer.from('hello').toString('base64'), mimeType: 'text/plain' } } }];`), ['PDF', 'n8n-nodes-base.extractFromFile', 1, { operation: 'pdf' }]]),
    );
    expect(notPdf.status).toBe('failed');
    expect(notPdf.error?.message).toContain('not a readable PDF');
  });
});
