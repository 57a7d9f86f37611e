import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startNotionApi, type NotionApi } from '../fixtures/notion-api';
import { waitUntil } from '../helpers/api';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: NotionApi;
let env: IntegrationsHost;
let tasks: string;

beforeAll(async () => (api = await startNotionApi()));
afterAll(() => api.close());
beforeEach(async () => {
  env = await integrationsHost();
  tasks = api.addDatabase('Tasks', {
    Name: { type: 'title' },
    Status: { type: 'status', options: ['To do', 'Doing', 'Done'] },
    Points: { type: 'number' },
    Tags: { type: 'multi_select' },
    'Due Date': { type: 'date' },
    Owner: { type: 'people' },
    Urgent: { type: 'checkbox' },
    Notes: { type: 'rich_text' },
  });
});
afterEach(() => env.host.dispose());

const connect = async (token = api.token) =>
  (await env.call('integrations.connections.create', { pluginId: 'notion', name: `Notion ${Math.random()}`, config: { baseUrl: api.url }, auth: { type: 'bearer', token }, settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } } })).id;
const { run, fail } = pluginActions(() => env, 'notion');
const task = (name: string, points: number, status = 'To do') => api.addPage(tasks, { Name: { title: [{ text: { content: name } }] }, Points: { number: points }, Status: { status: { name: status } } });
const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });

describe('Notion', () => {
  it('queries a database with filters, sorts and pages, and creates, reads, updates and archives pages in n8n\'s simplified form', async () => {
    const id = await connect();
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    for (let i = 1; i <= 120; i++) task(`Task ${i}`, i, i % 40 === 0 ? 'Done' : 'To do');

    const created = (await run('createPage', {
      databaseId: `https://www.notion.so/acme/${tasks.replace(/-/g, '')}?v=abc`,
      title: 'Write the report',
      properties: [
        { name: 'Status', type: 'status', value: 'Doing' },
        { name: 'Points', type: 'number', value: '8' },
        { name: 'Tags', type: 'multi_select', value: 'writing, q3' },
        { name: 'Due Date', type: 'date', value: '2026-12-24' },
        { name: 'Owner', type: 'people', value: ['6794760a-1f15-45cd-9c65-0dfe42f5135a'] },
        { name: 'Urgent', type: 'checkbox', value: true },
        { name: 'Notes', type: 'rich_text', value: 'x'.repeat(2500) },
      ],
      blocks: [{ type: 'heading_1', text: 'Plan' }, { type: 'to_do', text: 'Draft', checked: true }],
      icon: '📝',
    }, id)) as Record<string, unknown>;
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Write the report',
      url: expect.stringMatching(/^https:\/\/www\.notion\.so\/Write-the-report-[0-9a-f]{32}$/),
      property_name: 'Write the report',
      property_status: 'Doing',
      property_points: 8,
      property_tags: ['writing', 'q3'],
      property_due_date: { start: '2026-12-24', end: null, time_zone: null },
      property_owner: ['ada@example.com'],
      property_urgent: true,
      property_notes: 'x'.repeat(2500),
    });
    expect(api.blocksOf(String(created.id)).map((block) => block.type)).toEqual(['heading_1', 'to_do']);
    expect(api.page(String(created.id))!.icon).toEqual({ type: 'emoji', emoji: '📝' });

    const all = (await run('queryDatabase', { databaseId: tasks }, id)) as unknown[];
    expect(all).toHaveLength(121);
    expect(api.requests.filter((request) => request.path.endsWith('/query')).length).toBe(2);
    const done = (await run('queryDatabase', { databaseId: tasks, filter: { or: [{ property: 'Status', status: { equals: 'Done' } }, { property: 'Name', title: { contains: 'report' } }] }, sorts: [{ property: 'Points', direction: 'descending' }] }, id)) as Record<string, unknown>[];
    expect(done.map((page) => [page.name, page.property_points])).toEqual([['Task 120', 120], ['Task 80', 80], ['Task 40', 40], ['Write the report', 8]]);
    const raw = (await run('queryDatabase', { databaseId: tasks, filter: '{"property":"Points","number":{"greater_than":118}}', limit: 1, simple: false }, id)) as Record<string, unknown>[];
    expect(raw).toEqual([expect.objectContaining({ object: 'page', properties: expect.objectContaining({ Points: expect.objectContaining({ type: 'number', number: expect.any(Number) }) }) })]);

    const updated = (await run('updatePage', { pageId: String(created.url), properties: [{ name: 'Status', type: 'status', value: 'Done' }, { name: 'Points', type: 'number', value: '' }] }, id)) as Record<string, unknown>;
    expect(updated).toMatchObject({ property_status: 'Done', property_points: null, property_urgent: true });
    expect(await run('getPage', { pageId: String(created.id), plainNames: true }, id)).toMatchObject({ id: created.id, Status: 'Done', Name: 'Write the report' });
    expect(await run('archivePage', { pageId: String(created.id) }, id)).toMatchObject({ id: created.id, name: 'Write the report' });
    expect(api.page(String(created.id))!.archived).toBe(true);
    expect(await run('getDatabase', { databaseId: tasks }, id)).toEqual({ id: tasks, name: 'Tasks', url: expect.stringContaining('notion.so') });
  });

  it('creates pages under pages, appends and reads blocks (nested, simplified), searches and lists users', async () => {
    const id = await connect();
    const parent = (await run('createPage', { parentPageId: task('Projects', 1), title: 'Launch', blocks: Array.from({ length: 130 }, (_, i) => ({ text: `Line ${i + 1}` })) }, id)) as { id: string; name: string };
    expect(parent.name).toBe('Launch');
    expect(api.blocksOf(parent.id)).toHaveLength(130);
    const toggle = api.addBlock(parent.id, { type: 'toggle', toggle: { rich_text: [{ text: { content: 'Details' } }] } });
    api.addBlock(toggle, { type: 'paragraph', paragraph: { rich_text: [{ text: { content: 'Hidden' } }] } });
    expect(await run('appendBlocks', { blockId: parent.id, blocks: [{ type: 'quote', text: 'The end' }] }, id)).toMatchObject({ id: parent.id, blocks: [expect.objectContaining({ type: 'quote' })] });

    const nested = (await run('getBlockChildren', { blockId: parent.id, nested: true }, id)) as Record<string, unknown>[];
    expect(nested).toHaveLength(133);
    expect(nested.slice(129)).toEqual([
      expect.objectContaining({ type: 'paragraph', content: 'Line 130', root_id: parent.id }),
      expect.objectContaining({ type: 'toggle', content: 'Details', has_children: true }),
      expect.objectContaining({ type: 'paragraph', content: 'Hidden', parent_id: toggle }),
      expect.objectContaining({ type: 'quote', content: 'The end' }),
    ]);
    expect(nested[0]).not.toHaveProperty('created_time');
    expect(((await run('getBlockChildren', { blockId: parent.id, limit: 2, simple: false }, id)) as Record<string, unknown>[]).map((block) => block.paragraph)).toEqual([expect.objectContaining({ rich_text: [expect.objectContaining({ plain_text: 'Line 1' })] }), expect.anything()]);
    expect(api.blocksOf(api.pagesOf(tasks)[0]!.id).map((block) => block.type)).toEqual(['child_page']);

    expect(((await run('search', { query: 'launch' }, id)) as { name: string }[]).map((found) => found.name)).toEqual(['Launch']);
    expect(((await run('search', { object: 'database' }, id)) as { name: string }[]).map((found) => found.name)).toContain('Tasks');
    expect(((await run('listUsers', {}, id)) as { name: string }[]).map((user) => user.name)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Echelon']);
    expect(await run('getUser', { userId: '92a680bb-6970-4726-952b-4f4c03bff617' }, id)).toMatchObject({ person: { email: 'grace@example.com' } });
  });

  it('passes on what Notion refuses, in its words', async () => {
    const id = await connect();
    expect(await fail('createPage', { databaseId: tasks, properties: [{ name: 'Colour', type: 'select', value: 'red' }] }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Notion create page failed: Colour is not a property that exists. (validation_error).' } });
    expect(await fail('createPage', { databaseId: tasks, properties: [{ name: 'Status', type: 'status', value: 'Someday' }] }, id)).toMatchObject({ ok: false, error: { message: expect.stringContaining('Status option "Someday" does not exist') } });
    expect(await fail('createPage', { databaseId: tasks, properties: [{ name: 'Points', type: 'number', value: 'many' }] }, id)).toMatchObject({ ok: false, error: { message: 'Property "Points" is a number, and "many" is not one.' } });
    expect(await fail('createPage', { databaseId: tasks, parentPageId: 'x' }, id)).toMatchObject({ ok: false, error: { message: 'Give either a database (for a database page) or a parent page, not both.' } });
    expect(await fail('getPage', { pageId: '0123456789abcdef0123456789abcdef' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('Could not find page with ID: 0123456789abcdef0123456789abcdef. Make sure the relevant pages and databases are shared with your integration. (object_not_found). Check the ID, and that the page or database is shared') } });
    expect(await fail('queryDatabase', { databaseId: tasks, filter: '{nope' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('The filter is not valid JSON') } });
    expect(await fail('getPage', { pageId: 'https://www.notion.so/no-id-here' }, id)).toMatchObject({ ok: false, error: { message: expect.stringContaining('is not a Notion link with a page, database or block ID in it') } });
    const wrong = await connect('secret_wrong');
    expect(await fail('getMe', {}, wrong)).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Notion get bot user failed: API token is invalid. (unauthorized). Check the integration token of the connection.' } });
    expect(JSON.stringify(await fail('getMe', {}, wrong))).not.toContain('secret_wrong');
  });

  it('maps n8n Notion nodes (v1–v2.2) and runs an imported trigger → query → update workflow', async () => {
    const imported = importN8nWorkflow(
      {
        name: 'Triage new tasks',
        nodes: [
          { name: 'New task', type: 'n8n-nodes-base.notionTrigger', typeVersion: 1, parameters: { event: 'pageAddedToDatabase', databaseId: rl(tasks, 'list'), pollTimes: { item: [{ mode: 'everyX', unit: 'minutes', value: 1 }] } } },
          {
            name: 'Same points',
            type: 'n8n-nodes-base.notion',
            typeVersion: 2.2,
            parameters: { resource: 'databasePage', operation: 'getAll', returnAll: true, databaseId: rl(tasks, 'list'), filterType: 'manual', matchType: 'allFilters', filters: { conditions: [{ key: 'Points|number', condition: 'equals', numberValue: '={{ $json.property_points }}' }, { key: 'Status|status', condition: 'equals', statusValue: 'To do' }] }, options: {} },
          },
          { name: 'Mark', type: 'n8n-nodes-base.notion', typeVersion: 2.2, parameters: { resource: 'databasePage', operation: 'update', pageId: rl('={{ $json.url }}', 'url'), propertiesUi: { propertyValues: [{ key: 'Status|status', statusValue: 'Doing' }, { key: 'Tags|multi_select', multiSelectValue: ['triaged'] }] }, options: {} } },
          { name: 'Legacy add', type: 'n8n-nodes-base.notion', typeVersion: 1, parameters: { resource: 'databasePage', databaseId: tasks, propertiesUi: { propertyValues: [{ key: 'Name|title', title: '={{ $json.Name }}' }, { key: 'Notes|rich_text', textContent: 'hi' }] } } },
          { name: 'Legacy query', type: 'n8n-nodes-base.notion', typeVersion: 1, parameters: { resource: 'databasePage', operation: 'getAll', databaseId: tasks, options: { filter: { singleCondition: { key: 'Urgent|checkbox', condition: 'equals', checkboxValue: true } }, sort: { sortValue: [{ key: 'created_time', direction: 'descending', timestamp: true }] } } } },
          { name: 'Blocks', type: 'n8n-nodes-base.notion', typeVersion: 2.2, parameters: { resource: 'block', operation: 'getAll', blockId: rl('={{ $json.url }}', 'url'), returnAll: true, fetchNestedBlocks: true } },
          { name: 'Archive', type: 'n8n-nodes-base.notion', typeVersion: 2.2, parameters: { operation: 'archive', pageId: rl('={{ $json.id }}') } },
          { name: 'Note', type: 'n8n-nodes-base.notion', typeVersion: 2.1, parameters: { title: 'Summary', pageId: rl('https://www.notion.so/Home-0123456789abcdef0123456789abcdef', 'url'), blockUi: { blockValues: [{ type: 'heading_1', textContent: 'Summary' }, { textContent: '={{ $json.text }}' }] }, options: { icon: '' } } },
        ],
        connections: { 'New task': { main: [[{ node: 'Same points', type: 'main', index: 0 }]] }, 'Same points': { main: [[{ node: 'Mark', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.slice(3).map(({ type, parameters }) => ({ type, parameters }))).toEqual([
      { type: 'notion.createPage', parameters: { databaseId: tasks, properties: [{ name: 'Name', type: 'title', value: '{{ $json.Name }}' }, { name: 'Notes', type: 'rich_text', value: 'hi' }], blocks: [], simple: true, plainNames: true } },
      { type: 'notion.queryDatabase', parameters: { databaseId: tasks, filter: { property: 'Urgent', checkbox: { equals: true } }, sorts: [{ timestamp: 'created_time', direction: 'descending' }], limit: 50, simple: true, plainNames: true } },
      { type: 'notion.getBlockChildren', parameters: { blockId: '{{ $json.url }}', nested: true, simple: true } },
      { type: 'notion.archivePage', parameters: { pageId: '{{ $json.id }}' } },
      { type: 'notion.createPage', parameters: { parentPageId: 'https://www.notion.so/Home-0123456789abcdef0123456789abcdef', title: 'Summary', blocks: [{ type: 'heading_1', text: 'Summary' }, { type: 'paragraph', text: '{{ $json.text }}' }], simple: true } },
    ]);

    const id = await connect();
    const document = { ...imported.document, nodes: imported.document.nodes.slice(0, 3) };
    document.edges = document.edges.filter((edge) => document.nodes.some((entry) => entry.id === edge.to.node));
    for (const entry of document.nodes) {
      entry.connection = id;
      if (entry.type === 'notion.pageInDatabase') entry.parameters = { ...entry.parameters, poll: { every: 1, unit: 'seconds' } };
    }
    const before = task('Old', 5);
    await env.host.engine.start({ owner: 'test', recover: true, schedules: true });
    const asked = api.requests.length;
    const saved = env.host.engine.workflows.save({ document });
    await waitUntil(() => (api.requests.slice(asked).some((request) => request.path.endsWith('/query')) ? true : undefined), 10_000, 'the first poll');
    const twin = task('Twin', 3);
    task('New', 3);
    await waitUntil(() => ((api.page(twin)!.values.Status as { name: string } | undefined)?.name === 'Doing' ? true : undefined), 10_000, 'the twin marked');
    const runs = await Promise.all(env.host.engine.list({ workflowId: saved.id, limit: 10 }).items.map((item) => env.host.engine.waitFor(item.id)));
    expect(runs.map((item) => item.status)).toEqual(runs.map(() => 'succeeded'));
    expect(api.pagesOf(tasks).map((page) => [page.values.Name && (page.values.Name as { plain_text: string }[])[0]!.plain_text, (page.values.Status as { name: string }).name])).toEqual([['Old', 'To do'], ['Twin', 'Doing'], ['New', 'Doing']]);
    expect(api.page(before)!.values.Tags).toBeUndefined();
  });
});
