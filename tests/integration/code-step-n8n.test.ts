import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import type { WorkflowNode } from '../../shared/workflow/document';
import { chain, countingServer, disposeHosts, engineHost, manualStart, node, runToEnd } from '../helpers/engine';

const saved = { ...process.env };
afterEach(async () => {
  await disposeHosts();
  for (const name of ['ECHELON_CODE_MODULES', 'ECHELON_ENV_ACCESS', 'ECHELON_TEST_GREETING']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

const code = (name: string, source: string, extra: Record<string, unknown> = {}) => node('code.run', { code: source, ...extra }, { id: name.toLowerCase().replace(/\W/g, '-'), name });
const people = node('transform.edit', { fields: [{ name: 'name', value: 'Ada' }] }, { id: 'people', name: 'People' });

/** Runs Start → ...nodes and returns the last step's output JSON (or the failure). */
async function outputOf(host: Host, nodes: WorkflowNode[], input?: unknown) {
  const detail = await runToEnd(host, chain('Code globals', [manualStart(), ...nodes]), input);
  if (detail.status !== 'succeeded') return { status: detail.status, error: detail.error?.message ?? '' };
  return { status: detail.status, json: (detail.output.value as Array<{ json: unknown }>).map((item) => item.json) };
}

describe('Code step: n8n globals', () => {
  it("reads other nodes: $('Node'), $node, $items(), paired items, $json of item 0 in all-items mode, $workflow, $execution, $prevNode", async () => {
    const host = await engineHost();
    const split = code('Split', 'return [{ json: { n: 1 } }, { json: { n: 2 } }];');
    const result = await outputOf(host, [
      people,
      split,
      code(
        'Read',
        `return $input.all().map((item, i) => ({ json: {
          name: $('People').first().json.name,
          pairedName: $('People').itemMatching(i).json.name,
          count: $('Split').all().length,
          viaNode: $node["People"].json.name,
          viaItems: $items("Split")[1].json.n,
          firstJson: $json.n,
          workflow: $workflow.name,
          execution: typeof $execution.id,
          prev: $prevNode.name,
        } }));`,
      ),
    ]);
    expect(result).toEqual({
      status: 'succeeded',
      json: [0, 1].map(() => ({ name: 'Ada', pairedName: 'Ada', count: 2, viaNode: 'Ada', viaItems: 2, firstJson: 1, workflow: 'Code globals', execution: 'string', prev: 'Split' })),
    });
  });

  it("answers $('Node').item per item in each-item mode and refuses it in all-items mode, as n8n does", async () => {
    const host = await engineHost();
    const each = await outputOf(host, [people, code('Each', "return { json: { name: $('People').item.json.name, index: $itemIndex } };", { mode: 'runOnceForEachItem' })]);
    expect(each).toEqual({ status: 'succeeded', json: [{ name: 'Ada', index: 0 }] });
    const all = await outputOf(host, [people, code('All', "return [{ json: { name: $('People').item.json.name } }];")]);
    expect(all.status).toBe('failed');
    expect(all.error).toMatch(/Can't use \.item in 'Run Once for All Items' mode/);
    const missing = await outputOf(host, [code('Missing', "return $('Nowhere').all();")]);
    expect(missing.error).toMatch(/no node named 'Nowhere'/);
  });

  it('hashes like Node (crypto hash, HMAC, UUID), and has Buffer, btoa, URL, TextEncoder and timers', async () => {
    const host = await engineHost();
    const result = await outputOf(host, [
      code(
        'Tools',
        `const crypto = require('crypto');
        await new Promise((resolve) => setTimeout(resolve, 20));
        const url = new URL('https://example.com/a?b=1');
        url.searchParams.append('c', 'two words');
        return [{ json: {
          sha256: crypto.createHash('sha256').update('echelon').digest('hex'),
          hmac: crypto.createHmac('sha1', 'key').update('data').digest('base64'),
          uuid: crypto.randomUUID(),
          base64: Buffer.from('héllo').toString('base64'),
          fromBase64: Buffer.from('aMOpbGxv', 'base64').toString('utf8'),
          btoa: btoa('hi'),
          url: url.href,
          bytes: new TextEncoder().encode('é').length,
        } }];`,
      ),
    ]);
    expect(result.status).toBe('succeeded');
    const json = result.json![0] as Record<string, unknown>;
    expect(json).toMatchObject({
      sha256: crypto.createHash('sha256').update('echelon').digest('hex'),
      hmac: crypto.createHmac('sha1', 'key').update('data').digest('base64'),
      base64: Buffer.from('héllo').toString('base64'),
      fromBase64: 'héllo',
      btoa: 'aGk=',
      url: 'https://example.com/a?b=1&c=two+words',
      bytes: 2,
    });
    expect(json.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("has luxon's DateTime and $now in the workflow's time zone", async () => {
    const host = await engineHost();
    const document = chain('Dates', [manualStart(), code('Dates', "return [{ json: { zone: $now.zoneName, day: DateTime.fromISO('2024-03-10T12:00:00Z').toFormat('yyyy-LL-dd HH:mm'), plus: DateTime.fromISO('2024-01-31').plus({ months: 1 }).toISODate() } }];")], {
      settings: { timezone: 'Asia/Tokyo' },
    });
    const detail = await runToEnd(host, document);
    expect(detail.status).toBe('succeeded');
    expect((detail.output.value as Array<{ json: unknown }>)[0]!.json).toEqual({ zone: 'Asia/Tokyo', day: '2024-03-10 21:00', plus: '2024-02-29' });
  });

  it('keeps $getWorkflowStaticData between executions, per workflow and per node', async () => {
    const host = await engineHost();
    const document = chain('Counter', [
      manualStart(),
      code('Count', "const data = $getWorkflowStaticData('global'); data.runs = (data.runs ?? 0) + 1; const mine = $getWorkflowStaticData('node'); mine.seen = [...(mine.seen ?? []), data.runs]; return [{ json: { runs: data.runs, seen: mine.seen } }];"),
    ]);
    const { id } = host.engine.workflows.save({ document });
    const outputs = [];
    for (let i = 0; i < 3; i++) {
      const { row } = await host.engine.run({ workflowId: id });
      await host.engine.waitFor(row.id);
      outputs.push((host.engine.detail(row.id).output.value as Array<{ json: unknown }>)[0]!.json);
    }
    expect(outputs).toEqual([
      { runs: 1, seen: [1] },
      { runs: 2, seen: [1, 2] },
      { runs: 3, seen: [1, 2, 3] },
    ]);
    const stored = host.store.db.prepare('SELECT node, data FROM workflow_static_data WHERE workflow_id = ? ORDER BY node').all(id);
    expect(stored).toEqual([
      { node: '', data: '{"runs":3}' },
      { node: 'count', data: '{"seen":[1,2,3]}' },
    ]);
  });

  it('require outside the allowlist fails naming the setting; $env is closed until ECHELON_ENV_ACCESS opens it', async () => {
    process.env.ECHELON_CODE_MODULES = 'crypto';
    process.env.ECHELON_TEST_GREETING = 'hello';
    const closed = await engineHost();
    const luxon = await outputOf(closed, [code('Luxon', "require('luxon'); return [];")]);
    expect(luxon.error).toMatch(/Cannot require 'luxon'.*ECHELON_CODE_MODULES.*Allowed here: crypto/);
    const env = await outputOf(closed, [code('Env', 'return [{ json: { greeting: $env.ECHELON_TEST_GREETING } }];')]);
    expect(env.error).toMatch(/access to env vars denied.*ECHELON_ENV_ACCESS/);

    process.env.ECHELON_ENV_ACCESS = 'ECHELON_TEST_GREETING';
    const open = await engineHost();
    const allowed = await outputOf(open, [code('Env', 'return [{ json: { greeting: $env.ECHELON_TEST_GREETING, path: $env.PATH ?? null } }];')]);
    expect(allowed).toEqual({ status: 'succeeded', json: [{ greeting: 'hello', path: null }] });
  });

  it('calls HTTP through this.helpers.httpRequest with the engine client', async () => {
    const server = await countingServer();
    server.on('/echo', (request) => ({ status: 200, body: { method: request.method, query: request.query, body: JSON.parse(request.body || 'null') } }));
    const host = await engineHost();
    const result = await outputOf(host, [code('Fetch', `const answer = await this.helpers.httpRequest({ method: 'POST', url: '${server.url('/echo')}', qs: { q: 'x' }, body: { a: 1 } }); return [{ json: answer }];`)]);
    expect(result).toEqual({ status: 'succeeded', json: [{ method: 'POST', query: { q: 'x' }, body: { a: 1 } }] });
  });

  it('writes binary data with prepareBinaryData and reads it back in the next step', async () => {
    const host = await engineHost();
    const result = await outputOf(host, [
      code('Write', "return [{ json: {}, binary: { data: await this.helpers.prepareBinaryData(Buffer.from('file body'), 'notes.txt', 'text/plain') } }];"),
      code('Read', "const bytes = await this.helpers.getBinaryDataBuffer(0, 'data'); const b = $input.first().binary.data; return [{ json: { text: bytes.toString(), name: b.fileName, mime: b.mimeType, ext: b.fileExtension } }];"),
    ]);
    expect(result).toEqual({ status: 'succeeded', json: [{ text: 'file body', name: 'notes.txt', mime: 'text/plain', ext: 'txt' }] });
  });

  it('runs legacy Function Item code: item is the JSON', async () => {
    const host = await engineHost();
    const result = await outputOf(host, [people, code('Legacy', 'item.greeting = `Hi ${item.name}`; return item;', { mode: 'runOnceForEachItem', legacy: true })]);
    expect(result).toEqual({ status: 'succeeded', json: [{ name: 'Ada', greeting: 'Hi Ada' }] });
  });
});
