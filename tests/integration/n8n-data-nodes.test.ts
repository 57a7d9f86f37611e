import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countingServer, disposeHosts, engineHost } from '../helpers/engine';
import { n8nChain, n8nExport, outputOf, type N8nNodeSpec } from '../helpers/n8n-export';
import { tempDir } from '../helpers/temp-dir';

/**
 * n8n's data nodes (HTML, Markdown, XML, Crypto, Date & Time, Summarize, Compare Datasets,
 * the file nodes, Merge with more than two inputs) imported from exports written as n8n writes
 * them, then run. Expected values follow n8n's node sources.
 */

afterEach(disposeHosts);

const code = (name: string, js: string): N8nNodeSpec => [name, 'n8n-nodes-base.code', 2, { jsCode: js }];

async function run(text: string) {
  const host = await engineHost();
  const imported = host.engine.workflows.import(text);
  expect(imported.unsupported).toEqual([]);
  const { row } = await host.engine.run({ workflowId: imported.id });
  await host.engine.waitFor(row.id);
  return host.engine.detail(row.id);
}

describe('n8n data nodes', () => {
  it('HTML extracts with CSS selectors (text, attribute, lists), generates from a template, and builds a table', async () => {
    const execution = await run(
      n8nChain([
        code('Page', `return [{ json: { body: '<ul><li><a href="/a">  First\\n link </a></li><li><a href="/b">Second</a></li></ul><h1 class="t">Title</h1>' } }];`),
        [
          'Extract',
          'n8n-nodes-base.html',
          1.2,
          {
            operation: 'extractHtmlContent',
            dataPropertyName: 'body',
            extractionValues: {
              values: [
                { key: 'title', cssSelector: 'h1.t' },
                { key: 'links', cssSelector: 'a', returnValue: 'attribute', attribute: 'href', returnArray: true },
                { key: 'texts', cssSelector: 'a', returnArray: true },
              ],
            },
            options: { cleanUpText: true },
          },
        ],
        ['Template', 'n8n-nodes-base.html', 1.2, { operation: 'generateHtmlTemplate', html: '=<p>{{ $json.title }} has {{ $json.links.length }} links</p>' }],
        ['Table', 'n8n-nodes-base.html', 1.2, { operation: 'convertToHtmlTable', options: { customStyling: true } }],
      ]),
    );
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'Extract')).toEqual([{ title: 'Title', links: ['/a', '/b'], texts: ['First link', 'Second'] }]);
    expect(outputOf(execution, 'Template')).toEqual([{ html: '<p>Title has 2 links</p>' }]);
    expect(outputOf(execution, 'Table')).toEqual([{ table: '<table  ><thead  ><tr><th>html</th></tr></thead><tbody><tr  ><td  ><p>Title has 2 links</p></td></tr></tbody></table>' }]);
  });

  it('Markdown both ways and XML both ways', async () => {
    const execution = await run(
      n8nChain([
        code('Source', `return [{ json: { html: '<h1>Hi</h1><p>a <strong>b</strong></p>', xml: '<order id="7"><line sku="a"/><line sku="b"/><note>rush</note></order>' } }];`),
        ['To MD', 'n8n-nodes-base.markdown', 1, { html: '={{ $json.html }}', destinationKey: 'md', options: {} }],
        ['To HTML', 'n8n-nodes-base.markdown', 1, { mode: 'markdownToHtml', markdown: '={{ $json.md }}', destinationKey: 'back', options: {} }],
        ['Parse', 'n8n-nodes-base.xml', 1, { mode: 'xmlToJson', dataPropertyName: 'xml', options: {} }],
        ['Build', 'n8n-nodes-base.xml', 1, { mode: 'jsonToxml', dataPropertyName: 'xml', options: { headless: true } }],
      ]),
    );
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'To MD')[0]).toMatchObject({ md: '# Hi\n\na **b**' });
    expect(outputOf(execution, 'To HTML')[0]).toMatchObject({ back: '<h1 id="hi">Hi</h1>\n<p>a <strong>b</strong></p>' });
    expect(outputOf(execution, 'Parse')).toEqual([{ order: { id: '7', line: [{ sku: 'a' }, { sku: 'b' }], note: 'rush' } }]);
    expect(outputOf(execution, 'Build')).toEqual([{ xml: '<order>\n  <id>7</id>\n  <line>\n    <sku>a</sku>\n  </line>\n  <line>\n    <sku>b</sku>\n  </line>\n  <note>rush</note>\n</order>' }]);
  });

  it('Crypto hashes, signs with HMAC and generates UUIDs into the named field', async () => {
    const execution = await run(
      n8nChain([
        code('Source', `return [{ json: { word: 'hello' } }];`),
        ['MD5', 'n8n-nodes-base.crypto', 1, { value: '={{ $json.word }}', dataPropertyName: 'md5' }],
        ['SHA3', 'n8n-nodes-base.crypto', 1, { type: 'SHA3-256', value: '={{ $json.word }}', dataPropertyName: 'sha3' }],
        ['HMAC', 'n8n-nodes-base.crypto', 1, { action: 'hmac', type: 'SHA256', value: '={{ $json.word }}', secret: 'k', encoding: 'base64', dataPropertyName: 'mac' }],
        ['UUID', 'n8n-nodes-base.crypto', 1, { action: 'generate', dataPropertyName: 'id' }],
      ]),
    );
    expect(execution.status).toBe('succeeded');
    const [out] = outputOf(execution, 'UUID') as Array<Record<string, string>>;
    expect(out).toMatchObject({ word: 'hello', md5: '5d41402abc4b2a76b9719d911017c592', sha3: '3338be694f50c5f338814986cdf0686453a888b84f424d792af4b9202398f392', mac: 'QG5LQ/hwlaqGymKZ0l6HWSH++hgPAgQ7spvsVoHAwtA=' });
    expect(out!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('Date & Time 2 formats, shifts, rounds and measures in the workflow time zone; a bad date fails the item, or continues with { error }', async () => {
    const nodes: N8nNodeSpec[] = [
      code('Source', `return [{ json: { at: '2024-03-10T22:30:00Z' } }, { json: { at: 'not a date' } }];`),
      ['Format', 'n8n-nodes-base.dateTime', 2, { operation: 'formatDate', date: '={{ $json.at }}', format: 'custom', customFormat: 'yyyy-MM-dd HH:mm', outputFieldName: 'local' }, { onError: 'continueRegularOutput' }],
    ];
    const text = JSON.parse(n8nChain(nodes)) as { settings?: Record<string, unknown> };
    text.settings = { timezone: 'Europe/Paris' };
    const execution = await run(JSON.stringify(text));
    expect(execution.status).toBe('succeeded');
    const [good, bad] = outputOf(execution, 'Format') as Array<Record<string, unknown>>;
    expect(good).toEqual({ at: '2024-03-10T22:30:00Z', local: '2024-03-10 23:30' });
    expect(String(bad!.error)).toMatch(/not a date/);

    const shifted = await run(
      n8nChain([
        code('Source', `return [{ json: { at: '2024-01-31T10:15:00.000+00:00', end: '2024-02-02T12:15:00.000+00:00' } }];`),
        ['Add', 'n8n-nodes-base.dateTime', 2, { operation: 'addToDate', magnitude: '={{ $json.at }}', timeUnit: 'months', duration: 1 }],
        ['Round', 'n8n-nodes-base.dateTime', 2, { operation: 'roundDate', date: '={{ $json.at }}', mode: 'roundDown', toNearest: 'day' }],
        ['Between', 'n8n-nodes-base.dateTime', 2, { operation: 'getTimeBetweenDates', startDate: '={{ $json.at }}', endDate: '={{ $json.end }}', units: ['day', 'hour'] }],
      ]),
    );
    expect(shifted.status, JSON.stringify(shifted.error)).toBe('succeeded');
    const [out] = outputOf(shifted, 'Between') as Array<Record<string, unknown>>;
    expect(out!.newDate).toMatch(/^2024-02-29T10:15:00\.000/);
    expect(out!.roundedDate).toMatch(/^2024-01-31T00:00:00\.000/);
    expect(out!.timeDifference).toEqual({ days: 2, hours: 2 });
  });

  it('Summarize counts, sums and concatenates per group, keeping number groups as numbers (1.1)', async () => {
    const execution = await run(
      n8nChain([
        code('Sales', `return [{ json: { team: 2, rep: 'ada', amount: 10 } }, { json: { team: 1, rep: 'bob', amount: 5 } }, { json: { team: 2, rep: 'cy', amount: 7 } }, { json: { team: 2, rep: 'cy', amount: 'n/a' } }];`),
        [
          'Sum',
          'n8n-nodes-base.summarize',
          1.1,
          {
            fieldsToSummarize: { values: [{ aggregation: 'sum', field: 'amount' }, { field: 'rep' }, { aggregation: 'concatenate', field: 'rep', separateBy: 'other', customSeparator: '|' }, { aggregation: 'countUnique', field: 'rep' }] },
            fieldsToSplitBy: 'team',
            options: {},
          },
        ],
      ]),
    );
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'Sum')).toEqual([
      { team: 1, sum_amount: 5, count_rep: 1, concatenated_rep: 'bob', unique_count_rep: 1 },
      { team: 2, sum_amount: 17, count_rep: 3, concatenated_rep: 'ada|cy|cy', unique_count_rep: 2 },
    ]);
  });

  it('Compare Datasets sorts records into A only, same, different (both sides shown) and B only', async () => {
    const execution = await run(
      n8nExport(
        [
          ['Start', 'n8n-nodes-base.manualTrigger', 1, {}],
          code('A', `return [{ json: { id: 1, name: 'ada' } }, { json: { id: 2, name: 'bob' } }, { json: { id: 3, name: 'cy' } }];`),
          code('B', `return [{ json: { id: 2, name: 'bob' } }, { json: { id: 3, name: 'cyd' } }, { json: { id: 4, name: 'dee' } }];`),
          ['Compare', 'n8n-nodes-base.compareDatasets', 2.3, { mergeByFields: { values: [{ field1: 'id', field2: 'id' }] }, options: {} }],
        ],
        [
          ['Start', 'A'],
          ['Start', 'B'],
          ['A', 'Compare', 0],
          ['B', 'Compare', 1],
        ],
      ),
    );
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'Compare', 'inAOnly')).toEqual([{ id: 1, name: 'ada' }]);
    expect(outputOf(execution, 'Compare', 'same')).toEqual([{ id: 2, name: 'bob' }]);
    expect(outputOf(execution, 'Compare', 'different')).toEqual([{ keys: { id: 3 }, same: { id: 3 }, different: { name: { inputA: 'cy', inputB: 'cyd' } } }]);
    expect(outputOf(execution, 'Compare', 'inBOnly')).toEqual([{ id: 4, name: 'dee' }]);
  });

  it('Merge 3 appends three inputs in input order, and picks the third branch', async () => {
    const execution = await run(
      n8nExport(
        [
          ['Start', 'n8n-nodes-base.manualTrigger', 1, {}],
          code('One', `return [{ json: { n: 1 } }];`),
          code('Two', `return [{ json: { n: 2 } }];`),
          code('Three', `return [{ json: { n: 3 } }];`),
          ['All', 'n8n-nodes-base.merge', 3, { numberInputs: 3 }],
          ['Third', 'n8n-nodes-base.merge', 3, { mode: 'chooseBranch', numberInputs: 3, useDataOfInput: 3 }],
        ],
        [
          ['Start', 'One'],
          ['Start', 'Two'],
          ['Start', 'Three'],
          ['One', 'All', 0],
          ['Two', 'All', 1],
          ['Three', 'All', 2],
          ['One', 'Third', 0],
          ['Two', 'Third', 1],
          ['Three', 'Third', 2],
        ],
      ),
    );
    expect(execution.status).toBe('succeeded');
    expect(outputOf(execution, 'All')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(outputOf(execution, 'Third')).toEqual([{ n: 3 }]);
  });

  it('Convert to File, Extract from File and Read/Write Files move items through payload files and the allowed folder only', async () => {
    const folder = tempDir();
    process.env.ECHELON_FILE_ACCESS = folder;
    try {
      const execution = await run(
        n8nChain([
          code('Rows', `return [{ json: { name: 'ada', note: 'says "hi", twice' } }, { json: { name: 'bob', note: '' } }];`),
          ['To CSV', 'n8n-nodes-base.convertToFile', 1.1, { operation: 'csv', options: { fileName: 'people.csv' } }],
          ['Write', 'n8n-nodes-base.readWriteFile', 1, { operation: 'write', fileName: `${folder}/people.csv` }],
          ['Read', 'n8n-nodes-base.readWriteFile', 1, { fileSelector: `${folder}/*.csv` }],
          ['From CSV', 'n8n-nodes-base.extractFromFile', 1, { operation: 'csv', options: {} }],
        ]),
      );
      expect(execution.status, JSON.stringify(execution.error)).toBe('succeeded');
      expect(fs.readFileSync(path.join(folder, 'people.csv'), 'utf8')).toBe('name,note\nada,"says ""hi"", twice"\nbob,');
      expect(outputOf(execution, 'Read')).toEqual([{ fileName: 'people.csv', directory: fs.realpathSync(folder), fileExtension: 'csv', mimeType: 'text/csv', fileSize: 39 }]);
      expect(outputOf(execution, 'From CSV')).toEqual([
        { name: 'ada', note: 'says "hi", twice' },
        { name: 'bob', note: '' },
      ]);

      const outside = await run(n8nChain([code('Rows', `return [{ json: {} }];`), ['Read', 'n8n-nodes-base.readWriteFile', 1, { fileSelector: '/etc/passwd' }]]));
      expect(outside.status).toBe('failed');
      expect(outside.error?.message).toMatch(/outside the folders ECHELON_FILE_ACCESS allows/);
    } finally {
      delete process.env.ECHELON_FILE_ACCESS;
    }
  });
});

describe('n8n HTTP Request bodies', () => {
  it('sends multipart form data (a field and an item\'s file) and a file as the raw body', async () => {
    const server = await countingServer();
    const url = `http://127.0.0.1:${server.port}`;
    const execution = await run(
      n8nChain([
        code('File', `return [{ json: { who: 'ada' }, binary: { doc: { data: Buffer.from('hello file').toString('base64'), mimeType: 'text/plain', fileName: 'note.txt' } } }];`),
        [
          'Upload',
          'n8n-nodes-base.httpRequest',
          4.2,
          {
            method: 'POST',
            url: `${url}/upload`,
            sendBody: true,
            contentType: 'multipart-form-data',
            bodyParameters: { parameters: [{ name: 'who', value: '={{ $json.who }}' }, { parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'doc' }] },
            options: {},
          },
        ],
        code('Again', `return [{ json: {}, binary: { data: { data: Buffer.from('raw bytes').toString('base64'), mimeType: 'application/octet-stream' } } }];`),
        ['Raw', 'n8n-nodes-base.httpRequest', 4.2, { method: 'PUT', url: `${url}/raw`, sendBody: true, contentType: 'binaryData', inputDataFieldName: 'data', options: {} }],
      ]),
    );
    expect(execution.status, JSON.stringify(execution.error)).toBe('succeeded');
    const upload = server.requests.find((request) => request.path === '/upload')!;
    const form = await new Response(upload.body, { headers: { 'content-type': String(upload.headers['content-type']) } }).formData();
    expect(form.get('who')).toBe('ada');
    const file = form.get('file') as File;
    expect([file.name, file.type, await file.text()]).toEqual(['note.txt', 'text/plain', 'hello file']);
    const raw = server.requests.find((request) => request.path === '/raw')!;
    expect([raw.method, raw.headers['content-type'], raw.body]).toEqual(['PUT', 'application/octet-stream', 'raw bytes']);
  });
});

describe('n8n import report', () => {
  it('says what would make each unmapped node run, and the workflow problem repeats it', async () => {
    const host = await engineHost();
    const imported = host.engine.workflows.import(
      n8nChain([
        ['Py', 'n8n-nodes-base.code', 2, { language: 'python', pythonCode: 'return _input.all()' }],
        ['Watch', 'n8n-nodes-base.localFileTrigger', 1, { path: '/tmp' }],
        ['Sheets', 'n8n-nodes-base.googleSheets', 4.5, { operation: 'append' }],
        ['Mystery', 'n8n-nodes-base.hubspot', 2, {}],
        ['Made up', 'n8n-nodes-base.httpTrigger', 1, {}],
        ['Summarizer', '@n8n/n8n-nodes-langchain.chainSummarization', 2, {}],
      ]),
    );
    const remedies = Object.fromEntries(imported.unsupported.map((node) => [node.name, node.remedy]));
    expect(remedies.Py).toMatch(/Python code, which Echelon does not run .*rewrite it in JavaScript/);
    expect(remedies.Watch).toMatch(/Watches a local folder/);
    expect(remedies.Mystery).toMatch(/no Hubspot integration yet: call the Hubspot API with an HTTP request node/);
    expect(remedies['Made up']).toMatch(/^n8n has no "httpTrigger" node/);
    expect(remedies.Summarizer).toMatch(/AI agent and chat model nodes/);
    const workflow = host.engine.workflows.detail(imported.id);
    const problem = workflow.problems.find((found) => found.nodeId !== undefined && found.message.includes('"Py"'));
    expect(problem?.message).toMatch(/To run it: "Py" is Python code/);
  });

  it('imports the type names of n8n\'s first exports ("httpRequest", "function")', async () => {
    const host = await engineHost();
    const imported = host.engine.workflows.import(n8nChain([['Fn', 'function', 1, { functionCode: 'return items;' }]]));
    expect(imported.unsupported).toEqual([]);
  });
});
