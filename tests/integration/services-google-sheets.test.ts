import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startGoogleSheetsApi, type GoogleSheetsApi } from '../fixtures/google-sheets-api';
import { waitUntil } from '../helpers/api';
import { chain, manualStart, node } from '../helpers/engine';
import { approvingBrowser, authorizedGoogleConnection } from '../helpers/google-connection';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: GoogleSheetsApi;
let env: IntegrationsHost;
let visited: Promise<unknown>[];

beforeAll(async () => (api = await startGoogleSheetsApi()));
afterAll(() => api.close());
beforeEach(async () => {
  visited = [];
  env = await integrationsHost({ browser: approvingBrowser(visited) });
  api.addSpreadsheet('sheet-1', {
    Contacts: [
      ['id', 'name', 'email', 'score'],
      [1, 'Ada', 'ada@example.com', 90],
      [2, 'Grace', 'grace@example.com', 85],
      [3, 'Linus', 'linus@example.com', 70],
    ],
    'Q1 plan': [],
  });
});
afterEach(() => env.host.dispose());

const authorizedConnection = () => authorizedGoogleConnection(env, 'google-sheets', api, visited);

const { run, fail } = pluginActions(() => env, 'google-sheets');

describe('Google Sheets', () => {
  it('signs in with Google OAuth 2.0 and PKCE, asking for offline access, and refreshes when Google refuses a stale token', async () => {
    const id = await authorizedConnection();
    const asked = api.oauth.authorizations.at(-1)!;
    expect(asked).toMatchObject({ access_type: 'offline', prompt: 'consent', code_challenge_method: 'S256', scope: 'https://www.googleapis.com/auth/spreadsheets', response_type: 'code' });
    expect(api.oauth.grants.at(-1)).toBe('authorization_code');
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const rows = (await run('readRows', { spreadsheetId: 'sheet-1', sheet: 'Contacts' }, id)) as Record<string, unknown>[];
    expect(rows).toHaveLength(3);

    api.oauth.expireAccessTokens();
    const again = (await run('readRows', { spreadsheetId: 'https://docs.google.com/spreadsheets/d/sheet-1/edit#gid=0', sheet: 'Contacts', lookupColumn: 'name', lookupValue: 'Grace' }, id)) as Record<string, unknown>[];
    expect(again).toEqual([{ row_number: 3, id: 2, name: 'Grace', email: 'grace@example.com', score: 85 }]);
    expect(api.oauth.grants.at(-1)).toBe('refresh_token');
  });

  it('reads, appends (adding new columns), updates by a column, appends or updates, deletes and clears rows', async () => {
    const id = await authorizedConnection();
    const rows = (await run('readRows', { spreadsheetId: 'sheet-1', sheet: 'Contacts' }, id)) as Record<string, unknown>[];
    expect(rows[0]).toEqual({ row_number: 2, id: 1, name: 'Ada', email: 'ada@example.com', score: 90 });
    const read = api.requests.find((request) => request.path.includes('/values/'))!;
    expect(decodeURIComponent(read.path)).toBe("/v4/spreadsheets/sheet-1/values/'Contacts'!A1:ZZZ");
    expect(read.url.searchParams.get('valueRenderOption')).toBe('UNFORMATTED_VALUE');

    expect(await run('appendRow', { spreadsheetId: 'sheet-1', sheet: 'Contacts', values: { id: 4, name: 'Barbara', email: 'barbara@example.com', team: 'Compilers' } }, id)).toEqual({
      id: 4,
      name: 'Barbara',
      email: 'barbara@example.com',
      score: '',
      team: 'Compilers',
      row_number: 5,
    });
    expect(api.rows('sheet-1', 'Contacts')[0]).toEqual(['id', 'name', 'email', 'score', 'team']);
    expect(api.rows('sheet-1', 'Contacts')[4]).toEqual([4, 'Barbara', 'barbara@example.com', '', 'Compilers']);

    expect(await run('updateRow', { spreadsheetId: 'sheet-1', sheet: 'Contacts', matchColumn: 'name', values: { name: 'Grace', score: '99' } }, id)).toEqual([
      { id: 2, name: 'Grace', email: 'grace@example.com', score: '99', team: '', row_number: 3 },
    ]);
    // USER_ENTERED: the sheet parses "99" as a number, as if typed in.
    expect(api.rows('sheet-1', 'Contacts')[2]).toEqual([2, 'Grace', 'grace@example.com', 99]);
    expect(await run('updateRow', { spreadsheetId: 'sheet-1', sheet: 'Contacts', matchColumn: 'name', values: { name: 'Nobody', score: 1 } }, id)).toEqual([]);

    const upserted = (await run('appendOrUpdateRow', { spreadsheetId: 'sheet-1', sheet: 'Contacts', matchColumn: 'id', values: { id: 6, name: 'Ken' } }, id)) as Record<string, unknown>[];
    expect(upserted).toEqual([{ id: 6, name: 'Ken', email: '', score: '', team: '', row_number: 6 }]);
    await run('appendOrUpdateRow', { spreadsheetId: 'sheet-1', sheet: 'Contacts', matchColumn: 'id', values: { id: 6, email: 'ken@example.com' } }, id);
    expect(api.rows('sheet-1', 'Contacts').filter((row) => row[0] === 6)).toEqual([[6, 'Ken', 'ken@example.com']]);

    expect(await run('deleteRows', { spreadsheetId: 'sheet-1', sheet: 'Contacts', startRow: 2, count: 2 }, id)).toEqual({ deleted: 2, startRow: 2 });
    expect(api.rows('sheet-1', 'Contacts').map((row) => row[1])).toEqual(['name', 'Linus', 'Barbara', 'Ken']);

    await run('clear', { spreadsheetId: 'sheet-1', sheet: 'Contacts', range: 'A2:E' }, id);
    expect(api.rows('sheet-1', 'Contacts')).toEqual([['id', 'name', 'email', 'score', 'team']]);
    // An empty tab whose name needs quoting gets its header from the first row appended.
    await run('appendRow', { spreadsheetId: 'sheet-1', sheet: 'Q1 plan', values: { goal: 'Ship', owner: 'Ada' }, valueInputOption: 'RAW' }, id);
    expect(api.rows('sheet-1', 'Q1 plan')).toEqual([['goal', 'owner'], ['Ship', 'Ada']]);

    const created = (await run('createSpreadsheet', { title: 'Budget', sheets: ['2027', 'Notes'] }, id)) as { spreadsheetId: string; sheets: { title: string }[] };
    expect(created.sheets.map((sheet) => sheet.title)).toEqual(['2027', 'Notes']);
    await run('appendRow', { spreadsheetId: created.spreadsheetId, sheet: 'Notes', values: { text: 'hello' } }, id);
    expect(api.rows(created.spreadsheetId, 'Notes')).toEqual([['text'], ['hello']]);
  });

  it('says clearly what is wrong: an unknown spreadsheet, sheet or column, and a connection never authorized', async () => {
    const id = await authorizedConnection();
    expect(await fail('readRows', { spreadsheetId: 'missing', sheet: 'Contacts' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Google Sheets read failed: Requested entity was not found. (NOT_FOUND).' } });
    expect(await fail('readRows', { spreadsheetId: 'sheet-1', sheet: 'Nope' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining("Unable to parse range: 'Nope'!A1:ZZZ") } });
    expect(await fail('appendRow', { spreadsheetId: 'sheet-1', sheet: 'Contacts', values: { nickname: 'x' }, newColumns: 'error' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('no column named "nickname"') } });
    expect(await fail('updateRow', { spreadsheetId: 'sheet-1', sheet: 'Contacts', matchColumn: 'name', values: { score: 1 } }, id)).toMatchObject({ ok: false, error: { message: 'Give the value of "name" in the values: it finds the row(s) to update.' } });
    expect(api.rows('sheet-1', 'Contacts')).toHaveLength(4);

    const unauthorized = await env.call('integrations.connections.create', {
      pluginId: 'google-sheets',
      name: 'Not signed in',
      config: { baseUrl: api.url },
      auth: { type: 'oauth2', flow: 'authorization_code', clientId: api.oauth.client.id, authorizationUrl: `${api.url}/o/oauth2/v2/auth`, tokenUrl: `${api.url}/token` },
    });
    expect(await fail('readRows', { spreadsheetId: 'sheet-1' }, unauthorized.id)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('click Authorize') } });
  });

  it('is in the gallery, and a new connection gets Google\'s endpoints and scope', async () => {
    const connection = await env.call('integrations.connections.create', { pluginId: 'google-sheets', name: 'Defaults', config: {}, auth: { type: 'oauth2', flow: 'authorization_code', clientId: 'client' } });
    expect(connection.auth).toMatchObject({ authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth', tokenUrl: 'https://oauth2.googleapis.com/token', scopes: 'https://www.googleapis.com/auth/spreadsheets' });
    const gallery = await env.call('integrations.gallery', { search: 'sheet', type: 'api' });
    expect(gallery.entries.find((entry) => entry.id === 'google-sheets')).toMatchObject({ name: 'Google Sheets', category: 'Productivity', icon: 'sheet', connections: 1 });
  });

  it('runs as workflow nodes, one output item per row, and from an imported n8n workflow', async () => {
    const id = await authorizedConnection();
    await env.host.engine.start({ owner: 'test', recover: true });
    const document = chain('Sheets', [
      manualStart(),
      node('google-sheets.readRows', { spreadsheetId: 'sheet-1', sheet: 'Contacts' }, { id: 'read', name: 'Read', connection: id }),
      node('google-sheets.appendRow', { spreadsheetId: 'sheet-1', sheet: 'Q1 plan', values: { who: '{{ $json.name }}', points: '{{ $json.score * 2 }}' } }, { id: 'copy', name: 'Copy', connection: id }),
    ]);
    const saved = env.host.engine.workflows.save({ document });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    const detail = env.host.engine.detail(row.id);
    expect(detail.status).toBe('succeeded');
    const read = (detail.steps.find((step) => step.nodeId === 'read')!.output.value as { main: { json: Record<string, unknown>; pairedItem: unknown }[] }).main;
    expect(read.map((item) => [item.json.name, item.pairedItem])).toEqual([['Ada', { item: 0 }], ['Grace', { item: 0 }], ['Linus', { item: 0 }]]);
    const copied = (await run('readRows', { spreadsheetId: 'sheet-1', sheet: 'Q1 plan' }, id)) as Record<string, unknown>[];
    expect(copied.map(({ who, points }) => [who, points])).toEqual([['Ada', 180], ['Grace', 170], ['Linus', 140]]);

    const imported = importN8nWorkflow(
      {
        name: 'From n8n',
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
          {
            name: 'Lookup',
            type: 'n8n-nodes-base.googleSheets',
            typeVersion: 4.5,
            parameters: {
              documentId: { __rl: true, value: 'sheet-1', mode: 'list', cachedResultName: 'CRM' },
              sheetName: { __rl: true, value: 'gid=0', mode: 'list', cachedResultName: 'Contacts' },
              filtersUI: { values: [{ lookupColumn: 'score', lookupValue: '70' }] },
              options: {},
            },
          },
          {
            name: 'Log',
            type: 'n8n-nodes-base.googleSheets',
            typeVersion: 4.5,
            parameters: {
              operation: 'append',
              documentId: { __rl: true, value: 'sheet-1', mode: 'id' },
              sheetName: { __rl: true, value: 'Q1 plan', mode: 'name' },
              columns: { mappingMode: 'defineBelow', value: { who: '={{ $json.name }}', points: '={{ $json.score }}' }, matchingColumns: [] },
              options: {},
            },
          },
        ],
        connections: { Start: { main: [[{ node: 'Lookup', type: 'main', index: 0 }]] }, Lookup: { main: [[{ node: 'Log', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.notes).toContain('"Lookup" needs a Google Sheets connection: choose one on the node (create it in Integrations).');
    expect(imported.document.nodes.map((entry) => entry.type)).toEqual(['manual.trigger', 'google-sheets.readRows', 'google-sheets.appendRow']);
    for (const entry of imported.document.nodes) if (entry.type.startsWith('google-sheets.')) entry.connection = id;
    const fromN8n = env.host.engine.workflows.save({ document: imported.document });
    const second = await env.host.engine.run({ workflowId: fromN8n.id });
    await env.host.engine.waitFor(second.row.id);
    expect(env.host.engine.detail(second.row.id).status).toBe('succeeded');
    const logged = (await run('readRows', { spreadsheetId: 'sheet-1', sheet: 'Q1 plan' }, id)) as Record<string, unknown>[];
    expect(logged.at(-1)).toMatchObject({ who: 'Linus', points: 70 });
  });
  it('starts runs for rows added or changed in watched columns, from an imported n8n Google Sheets Trigger', async () => {
    const id = await authorizedConnection();
    const imported = importN8nWorkflow(
      {
        name: 'Score changes',
        nodes: [
          {
            name: 'Google Sheets Trigger',
            type: 'n8n-nodes-base.googleSheetsTrigger',
            typeVersion: 1,
            parameters: { event: 'anyUpdate', documentId: { __rl: true, mode: 'url', value: 'https://docs.google.com/spreadsheets/d/sheet-1/edit' }, sheetName: { __rl: true, mode: 'list', value: 'gid=0', cachedResultName: 'Contacts' }, options: { columnsToWatch: ['score'] }, pollTimes: { item: [{ mode: 'everyMinute' }] } },
          },
        ],
        connections: {},
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    const [trigger] = imported.document.nodes;
    expect(trigger).toMatchObject({ type: 'google-sheets.rowChanges', parameters: { spreadsheetId: 'https://docs.google.com/spreadsheets/d/sheet-1/edit', sheet: 'Contacts', event: 'rowAddedOrUpdated', columnsToWatch: ['score'], poll: { every: 1, unit: 'minutes' } } });
    trigger!.connection = id;
    trigger!.parameters = { ...trigger!.parameters, poll: { every: 1, unit: 'seconds' } };
    await env.host.engine.start({ owner: 'test', recover: true, schedules: true });
    const reads = () => api.requests.filter((request) => request.method === 'GET' && request.path.includes('/values/')).length;
    const before = reads();
    const saved = env.host.engine.workflows.save({ document: imported.document });
    await waitUntil(() => (reads() > before ? true : undefined), 10_000, 'the first check');
    const sheet = { spreadsheetId: 'sheet-1', sheet: 'Contacts' };
    await run('appendRow', { ...sheet, values: { id: 4, name: 'Ken', email: 'ken@example.com', score: 60 } }, id);
    await run('updateRow', { ...sheet, matchColumn: 'id', values: { id: 2, email: 'grace@navy.mil' } }, id);
    await run('updateRow', { ...sheet, matchColumn: 'id', values: { id: 3, score: 75 } }, id);
    const emitted = () =>
      env.host.engine
        .list({ workflowId: saved.id, limit: 10 })
        .items.flatMap((item) => ((env.host.engine.detail(item.id).steps.find((step) => step.nodeId === trigger!.id)?.output?.value as { main: { json: Record<string, unknown> }[] } | undefined)?.main ?? []).map((entry) => `${String(entry.json.name)}@${String(entry.json.row_number)}`));
    await waitUntil(async () => {
      await Promise.all(env.host.engine.list({ workflowId: saved.id, limit: 10 }).items.map((item) => env.host.engine.waitFor(item.id)));
      return emitted().length >= 2 ? true : undefined;
    }, 10_000, 'runs for the new and the changed row');
    const checked = reads();
    await waitUntil(() => (reads() > checked + 1 ? true : undefined), 10_000, 'two more checks');
    expect(emitted().sort()).toEqual(['Ken@5', 'Linus@4']);
  });
});
