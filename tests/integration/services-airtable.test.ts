import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startAirtableApi, type AirtableApi } from '../fixtures/airtable-api';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

const BASE = 'appStandIn0000001';
let api: AirtableApi;
let env: IntegrationsHost;

beforeAll(async () => (api = await startAirtableApi()));
afterAll(() => api.close());
beforeEach(async () => {
  env = await integrationsHost();
  api.addTable(BASE, {
    id: 'tblLeads00000001',
    name: 'Leads',
    rows: Array.from({ length: 130 }, (_, i) => ({ Name: `Lead ${i + 1}`, Status: i % 10 === 0 ? 'Open' : 'Closed', Score: i })),
  });
});
afterEach(() => env.host.dispose());

const connect = async (token = api.token) =>
  (await env.call('integrations.connections.create', { pluginId: 'airtable', name: `Airtable ${Math.random()}`, config: { baseUrl: api.url }, auth: { type: 'bearer', token }, settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } } })).id;
const { run, fail } = pluginActions(() => env, 'airtable');

describe('Airtable', () => {
  it('searches with a formula across pages, sorted, and gets, creates, updates, upserts and deletes records', async () => {
    const id = await connect();
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const all = (await run('search', { base: `https://airtable.com/${BASE}/tblLeads00000001/viw1`, table: 'Leads' }, id)) as Record<string, unknown>[];
    expect(all).toHaveLength(130);
    expect(api.requests.filter((request) => request.path.endsWith('/Leads')).length).toBe(2);
    const open = (await run('search', { base: BASE, table: 'tblLeads00000001', filterByFormula: "{Status} = 'Open'", sort: [{ field: 'Score', direction: 'desc' }], fields: ['Name', 'Score'], limit: 3 }, id)) as Record<string, unknown>[];
    expect(open.map(({ Name, Score, Status }) => [Name, Score, Status])).toEqual([['Lead 121', 120, undefined], ['Lead 111', 110, undefined], ['Lead 101', 100, undefined]]);
    expect(open[0]).toMatchObject({ id: expect.stringMatching(/^rec/), createdTime: expect.any(String) });

    const created = (await run('create', { base: BASE, table: 'Leads', fields: { Name: 'Ada', Status: 'Open', Score: 99 } }, id)) as { id: string };
    expect(await run('get', { base: BASE, table: 'Leads', id: created.id }, id)).toMatchObject({ id: created.id, Name: 'Ada', Score: 99 });
    expect(await run('update', { base: BASE, table: 'Leads', id: created.id, fields: { id: created.id, Status: 'Won' } }, id)).toMatchObject({ Name: 'Ada', Status: 'Won' });
    expect(await run('upsert', { base: BASE, table: 'Leads', mergeOn: ['Name'], fields: { Name: 'Ada', Score: 100 } }, id)).toMatchObject({ id: created.id, Score: 100, created: false });
    expect(await run('upsert', { base: BASE, table: 'Leads', mergeOn: ['Name'], fields: { Name: 'Grace', Score: 1 } }, id)).toMatchObject({ Name: 'Grace', created: true });
    expect(await run('delete', { base: BASE, table: 'Leads', id: created.id }, id)).toEqual({ deleted: true, id: created.id });
    expect(api.records(BASE, 'Leads')).toHaveLength(131);
  });

  it('passes on what Airtable refuses, in its words', async () => {
    const id = await connect();
    expect(await fail('search', { base: BASE, table: 'Nope' }, id)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('(INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND). Check the base and table') } });
    expect(await fail('search', { base: 'appMissing0000000', table: 'Leads' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('Airtable search failed: NOT_FOUND.') } });
    expect(await fail('search', { base: BASE, table: 'Leads', filterByFormula: 'NOPE(' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('INVALID_FILTER_BY_FORMULA') } });
    expect(await fail('create', { base: BASE, table: 'Leads', fields: { Score: 'high' } }, id)).toMatchObject({ ok: false, error: { message: expect.stringContaining('Field "Score" cannot accept the provided value') } });
    expect(await run('create', { base: BASE, table: 'Leads', fields: { Score: '7' }, typecast: true }, id)).toMatchObject({ Score: '7' });
    expect(await fail('upsert', { base: BASE, table: 'Leads', mergeOn: ['Email'], fields: { Name: 'x' } }, id)).toMatchObject({ ok: false, error: { message: 'Give the value of "Email" in the fields: it finds the record to update.' } });
    const wrong = await connect('patWrong.token');
    expect(await fail('whoami', {}, wrong)).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Airtable whoami failed: Authentication required (AUTHENTICATION_REQUIRED). Check the personal access token of the connection.' } });
  });

  it('runs imported n8n Airtable nodes: search, then update each found record by id', async () => {
    const id = await connect();
    await env.host.engine.start({ owner: 'test', recover: true });
    const imported = importN8nWorkflow(
      {
        name: 'Close open leads',
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
          { name: 'Search', type: 'n8n-nodes-base.airtable', typeVersion: 2.1, parameters: { operation: 'search', base: { __rl: true, value: BASE, mode: 'list' }, table: { __rl: true, value: 'tblLeads00000001', mode: 'list', cachedResultName: 'Leads' }, filterByFormula: "{Status} = 'Open'", options: {} } },
          {
            name: 'Update',
            type: 'n8n-nodes-base.airtable',
            typeVersion: 2.1,
            parameters: { operation: 'update', base: { __rl: true, value: BASE, mode: 'list' }, table: { __rl: true, value: 'tblLeads00000001', mode: 'list' }, columns: { mappingMode: 'defineBelow', value: { id: '={{ $json.id }}', Status: 'Contacted' }, matchingColumns: ['id'] }, options: {} },
          },
        ],
        connections: { Start: { main: [[{ node: 'Search', type: 'main', index: 0 }]] }, Search: { main: [[{ node: 'Update', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    for (const entry of imported.document.nodes) if (entry.type.startsWith('airtable.')) entry.connection = id;
    const saved = env.host.engine.workflows.save({ document: imported.document });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    expect(env.host.engine.detail(row.id).status).toBe('succeeded');
    const statuses = api.records(BASE, 'Leads').map((record) => record.fields.Status);
    expect(statuses.filter((status) => status === 'Contacted')).toHaveLength(13);
    expect(statuses).not.toContain('Open');
  });
});
