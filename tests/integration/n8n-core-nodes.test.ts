import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import { disposeHosts, engineHost } from '../helpers/engine';
import { n8nChain, n8nExport, outputOf, type N8nNodeSpec } from '../helpers/n8n-export';
import { makePdf } from '../helpers/pdf';

/**
 * n8n's core nodes on real things. File nodes on real files: a PDF written in the test, spreadsheets made by Convert to
 * File / Spreadsheet File and read back by Extract from File. Expected values follow n8n's
 * node sources (pdf.operation.ts, SpreadsheetFile v1/v2, utils/binary.ts).
 */

let host: Host;
beforeAll(async () => {
  host = await engineHost({}, { webhookPort: 0 });
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

  it('Compression zips two files and unzips them back; gzips and gunzips; Move Binary Data moves JSON to a file and back', async () => {
    const files = `return [{ json: { id: 1 }, binary: { a: { data: Buffer.from('alpha '.repeat(50)).toString('base64'), mimeType: 'text/plain', fileName: 'a.txt' }, b: { data: Buffer.from('{"b":2}').toString('base64'), mimeType: 'application/json', fileName: 'b.json' } } }];`;
    const execution = await run(
      n8nChain([
        code('Files', files),
        ['Zip', 'n8n-nodes-base.compression', 1, { operation: 'compress', binaryPropertyName: 'a, b', outputFormat: 'zip', fileName: 'both.zip', binaryPropertyOutput: 'archive' }],
        ['Unzip', 'n8n-nodes-base.compression', 1, { binaryPropertyName: 'archive' }],
        code('Read', `return $input.all().map((item) => ({ json: { names: Object.keys(item.binary), files: Object.values(item.binary).map((file) => file.fileName), a: Buffer.from(item.binary.file_0.data, 'base64').toString().length } }));`),
        code('Again', files),
        ['Gzip', 'n8n-nodes-base.compression', 1, { operation: 'compress', binaryPropertyName: 'a', outputFormat: 'gzip', outputPrefix: 'gz' }],
        ['Rename', 'n8n-nodes-base.code', 2, { jsCode: `return $input.all().map((item) => ({ json: { size: Buffer.from(item.binary.gz0.data, 'base64').length, name: item.binary.gz0.fileName }, binary: { data: { ...item.binary.gz0, fileName: 'a.txt.gz' } } }));` }],
        ['Gunzip', 'n8n-nodes-base.compression', 1, { binaryPropertyName: 'data' }],
        ['To JSON', 'n8n-nodes-base.moveBinaryData', 1, { setAllData: false, sourceKey: 'file_0', destinationKey: 'text', options: {} }],
        ['To file', 'n8n-nodes-base.moveBinaryData', 1.1, { mode: 'jsonToBinary', convertAllData: false, sourceKey: 'text', destinationKey: 'out', options: { useRawData: true } }],
      ]),
    );
    expect(execution.status, JSON.stringify(execution.error)).toBe('succeeded');
    expect(outputOf(execution, 'Read')).toEqual([{ names: ['file_0', 'file_1'], files: ['a.txt', 'b.json'], a: 300 }]);
    const [gz] = outputOf(execution, 'Rename') as Array<{ size: number; name: string }>;
    expect(gz!.name).toBe('a.gzip');
    expect(gz!.size).toBeLessThan(100);
    expect(outputOf(execution, 'To JSON')).toEqual([{ size: gz!.size, name: 'a.gzip', text: 'alpha '.repeat(50) }]);
    expect(outputOf(execution, 'To file')).toEqual([{ size: gz!.size, name: 'a.gzip' }]);
    const parsed = await run(
      n8nChain([
        code('File', `return [{ json: {}, binary: { data: { data: Buffer.from('\\uFEFF{"n":1,"list":[1,2]}').toString('base64'), mimeType: 'application/json' } } }];`),
        ['Parse', 'n8n-nodes-base.moveBinaryData', 1, { options: {} }],
      ]),
    );
    expect(outputOf(parsed, 'Parse')).toEqual([{ n: 1, list: [1, 2] }]);
  });
});

describe('n8n Execute Command on real child processes', () => {
  const command = (parameters: Record<string, unknown>) => n8nChain([code('Items', `return [{ json: { n: 1 } }, { json: { n: 2 } }];`), ['Run', 'n8n-nodes-base.executeCommand', 1, parameters]]);

  it('is off until the operator allows it, with an error naming the setting', async () => {
    delete process.env.ECHELON_EXECUTE_COMMAND;
    const execution = await run(command({ command: 'echo hi' }));
    expect(execution.status).toBe('failed');
    expect(execution.error?.message).toContain('ECHELON_EXECUTE_COMMAND=1');
  });

  it('runs once or per item, returns exit code and trimmed output, fails on a non-zero exit, and stops a command past its timeout', async () => {
    process.env.ECHELON_EXECUTE_COMMAND = '1';
    process.env.ECHELON_TEST_SECRET = 'do-not-pass';
    try {
      const once = await run(command({ command: 'echo "out $ECHELON_TEST_SECRET"; echo err >&2' }));
      expect(outputOf(once, 'Run')).toEqual([{ exitCode: 0, stdout: 'out', stderr: 'err' }]);
      const each = await run(command({ command: '=echo item {{ $json.n }}', executeOnce: false }));
      expect(outputOf(each, 'Run')).toEqual([
        { exitCode: 0, stdout: 'item 1', stderr: '' },
        { exitCode: 0, stdout: 'item 2', stderr: '' },
      ]);
      const failing = await run(command({ command: 'echo broken >&2; exit 3' }));
      expect(failing.status).toBe('failed');
      expect(failing.error?.message).toBe('Command failed: echo broken >&2; exit 3\nbroken');

      const imported = host.engine.workflows.import(command({ command: 'sleep 30 & echo $! > /dev/null; sleep 30' }));
      const { document } = host.engine.workflows.document(imported.id);
      const runNode = document.nodes.find((node) => node.name === 'Run')!;
      runNode.parameters = { ...runNode.parameters, timeoutMs: 300 };
      host.engine.workflows.save({ id: imported.id, document });
      const started = Date.now();
      const { row } = await host.engine.run({ workflowId: imported.id });
      await host.engine.waitFor(row.id);
      const timedOut = host.engine.detail(row.id);
      expect(timedOut.status).toBe('failed');
      expect(timedOut.error?.message).toContain('did not finish within 300 ms');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      delete process.env.ECHELON_EXECUTE_COMMAND;
      delete process.env.ECHELON_TEST_SECRET;
    }
  });
});

describe("n8n Set's number fields", () => {
  it("fails the node on NaN with n8n's message, reads '' as 0, and passes NaN through when conversion errors are ignored", async () => {
    const set = (options: Record<string, unknown>): N8nNodeSpec => [
      'Set',
      'n8n-nodes-base.set',
      3.4,
      { assignments: { assignments: [{ id: 'a', name: 'doubled', value: '={{ $json.n * 2 }}', type: 'number' }, { id: 'b', name: 'empty', value: '', type: 'number' }] }, options },
    ];
    const failing = await run(n8nChain([code('Items', `return [{ json: { n: 2 } }, { json: { n: 'abc' } }];`), set({})]));
    expect(failing.status).toBe('failed');
    expect(failing.error?.message).toBe("'doubled' expects a number but we got 'NaN' [item 1]");
    const ignored = await run(n8nChain([code('Items', `return [{ json: { n: 2 } }];`), set({ ignoreConversionErrors: true })]));
    expect(outputOf(ignored, 'Set')).toEqual([{ doubled: 4, empty: 0 }]);
  });
});

describe('n8n Edit Image on real images', () => {
  const binaryOf = (execution: Awaited<ReturnType<typeof run>>, name: string) =>
    (execution.steps.find((step) => step.nodeName === name)!.output.value as { main: Array<{ binary: Record<string, { fileName: string; mimeType: string }> }> }).main[0]!.binary;

  it('resizes, crops, rotates, frames and converts a photo, reads its information, and draws, writes and composites on a new image', async () => {
    const photo = (await sharp({ create: { width: 200, height: 100, channels: 3, background: '#3366cc' } }).png().toBuffer()).toString('base64');
    const execution = await run(
      n8nChain([
        code('Photo', `return [{ json: { id: 1 }, binary: { data: { data: '${photo}', mimeType: 'image/png', fileName: 'photo.png' }, logo: { data: '${photo}', mimeType: 'image/png', fileName: 'logo.png' } } }];`),
        ['Resize', 'n8n-nodes-base.editImage', 1, { operation: 'resize', width: 100, height: 100, resizeOption: 'onlyIfLarger', options: {} }],
        ['Info', 'n8n-nodes-base.editImage', 1, { operation: 'information' }],
        [
          'Steps',
          'n8n-nodes-base.editImage',
          1,
          {
            operation: 'multiStep',
            operations: { operations: [{ operation: 'crop', width: 40, height: 30, positionX: 10, positionY: 5 }, { operation: 'rotate', rotate: 90 }, { operation: 'border', borderWidth: 2, borderHeight: 3, borderColor: '#ff0000' }] },
            options: { format: 'jpeg', quality: 80 },
          },
        ],
        ['Size', 'n8n-nodes-base.editImage', 1, { operation: 'information' }],
        [
          'Canvas',
          'n8n-nodes-base.editImage',
          1,
          {
            operation: 'multiStep',
            operations: {
              operations: [
                { operation: 'create', width: 60, height: 40, backgroundColor: '#000000ff' },
                { operation: 'draw', primitive: 'rectangle', color: '#00ff00', startPositionX: 0, startPositionY: 0, endPositionX: 10, endPositionY: 10 },
                { operation: 'composite', dataPropertyNameComposite: 'logo', positionX: 50, positionY: 30 },
                { operation: 'text', text: 'Hello there', fontSize: 10, fontColor: '#ffffff', positionX: 20, positionY: 20, lineLength: 6 },
              ],
            },
            dataPropertyName: 'canvas',
            options: {},
          },
        ],
      ]),
    );
    expect(execution.status, JSON.stringify(execution.error)).toBe('succeeded');
    expect(outputOf(execution, 'Info')).toEqual([expect.objectContaining({ format: 'PNG', size: { width: 100, height: 50 }, Geometry: '100x50', 'Mime type': 'image/png' })]);
    expect(outputOf(execution, 'Size')).toEqual([expect.objectContaining({ format: 'JPEG', size: { width: 34, height: 46 } })]);
    expect(binaryOf(execution, 'Steps').data).toMatchObject({ fileName: 'photo.jpeg', mimeType: 'image/jpeg' });
    const canvasRef = binaryOf(execution, 'Canvas').canvas as unknown as { file: string };
    expect(canvasRef).toMatchObject({ mimeType: 'image/png' });
    const { data, info: meta } = await sharp(fs.readFileSync(`${host.info.dataDir}/payloads/${canvasRef.file}`)).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * meta.width + x) * meta.channels, (y * meta.width + x) * meta.channels + 3)];
    expect([meta.width, meta.height]).toEqual([60, 40]);
    expect(pixel(2, 2)).toEqual([0, 255, 0]);
    expect(pixel(55, 35)).toEqual([0x33, 0x66, 0xcc]);
    expect(pixel(40, 2)).toEqual([0, 0, 0]);
    // The text is drawn in white somewhere on its lines.
    let white = 0;
    for (let y = 10; y < 40; y++) for (let x = 20; x < 50; x++) if (pixel(x, y).every((c) => c > 200)) white++;
    expect(white).toBeGreaterThan(5);
  });
});

describe('n8n Respond to Webhook with a file or a redirect', () => {
  it('answers with the first item\'s file, a redirect, and 500 when a Set field gets NaN', async () => {
    const hook = (path: string): N8nNodeSpec => ['Hook', 'n8n-nodes-base.webhook', 2, { path, httpMethod: 'POST', responseMode: 'responseNode' }];
    const reply = (parameters: Record<string, unknown>): N8nNodeSpec => ['Reply', 'n8n-nodes-base.respondToWebhook', 1.1, parameters];
    const flow = (path: string, middle: N8nNodeSpec, last: N8nNodeSpec) => n8nExport([hook(path), middle, last], [['Hook', middle[0]], [middle[0], 'Reply']]);
    const file = code('File', `return [{ json: {}, binary: { report: { data: Buffer.from('col\\n1').toString('base64'), mimeType: 'text/csv', fileName: 'r.csv' } } }];`);
    for (const text of [
      flow('file', file, reply({ respondWith: 'binary', options: {} })),
      flow('go', code('Pass', 'return $input.all();'), reply({ respondWith: 'redirect', redirectURL: 'https://example.com/done', options: {} })),
      flow('double', ['Set', 'n8n-nodes-base.set', 3.4, { assignments: { assignments: [{ id: 'a', name: 'doubled', value: '={{ $json.body.n * 2 }}', type: 'number' }] }, options: {} }], reply({ respondWith: 'firstIncomingItem', options: {} })),
    ]) {
      const imported = host.engine.workflows.import(text);
      expect(imported.unsupported).toEqual([]);
    }
    const base = host.engine.webhookInfo().baseUrl!;
    const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const got = await post('file', {});
    expect([got.status, got.headers.get('content-type'), await got.text()]).toEqual([200, 'text/csv', 'col\n1']);
    const moved = await post('go', {});
    expect([moved.status, moved.headers.get('location')]).toEqual([307, 'https://example.com/done']);
    expect((await post('double', { n: 4 })).status).toBe(200);
    const nan = await post('double', { n: 'four' });
    expect(nan.status).toBe(500);
    const { executionId, message } = (await nan.json()) as { executionId: number; message: string };
    expect(message).toBe('Error in workflow');
    expect(host.engine.detail(executionId).error?.message).toBe("'doubled' expects a number but we got 'NaN' [item 0]");
  });
});

describe('n8n Split In Batches v1–2 loops', () => {
  it('sends one batch per run and ends the loop on $node["Split In Batches"].context["noItemsLeft"]', async () => {
    const execution = await run(
      n8nExport(
        [
          ['Start', 'n8n-nodes-base.manualTrigger', 1, {}],
          code('Items', 'return [1, 2, 3, 4, 5].map((n) => ({ json: { n } }));'),
          ['Split In Batches', 'n8n-nodes-base.splitInBatches', 2, { batchSize: 2, options: {} }],
          code('Work', `return [{ json: { batch: $input.all().map((item) => item.json.n) } }];`),
          ['Last?', 'n8n-nodes-base.if', 1, { conditions: { boolean: [{ value1: '={{ $node["Split In Batches"].context["noItemsLeft"] }}', value2: true }] } }],
          ['Done', 'n8n-nodes-base.noOp', 1, {}],
        ],
        [
          ['Start', 'Items'],
          ['Items', 'Split In Batches'],
          ['Split In Batches', 'Work'],
          ['Work', 'Last?'],
          ['Last?', 'Done', 0, 0],
          ['Last?', 'Split In Batches', 0, 1],
        ],
      ),
    );
    expect(execution.status, JSON.stringify(execution.error)).toBe('succeeded');
    expect(outputOf(execution, 'Work')).toEqual([
      { batch: [1, 2] },
      { batch: [3, 4] },
      { batch: [5] },
    ]);
    expect(outputOf(execution, 'Done')).toEqual([{ batch: [5] }]);
  });
});

