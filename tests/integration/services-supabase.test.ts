import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startSupabaseStandIn, type SupabaseStandIn } from '../fixtures/supabase/stand-in';
import { startPostgres, type PostgresCluster } from '../helpers/postgres';
import { createTeamDatabase } from '../helpers/supabase-db';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let cluster: PostgresCluster;
let supabase: SupabaseStandIn;
let env: IntegrationsHost;

beforeAll(async () => {
  cluster = await startPostgres();
  const { url } = await createTeamDatabase(cluster);
  supabase = await startSupabaseStandIn({ databaseUrl: url });
}, 60_000);
afterAll(async () => {
  await supabase?.stop();
  await cluster?.stop();
});
beforeEach(async () => {
  env = await integrationsHost();
  await supabase.pool.query(`drop table if exists public.contacts; create table public.contacts (id bigserial primary key, name text not null, email text unique, age int, active boolean not null default true, created_at timestamptz not null default now());
    alter table public.contacts enable row level security; create policy "read active" on public.contacts for select to anon using (active);`);
  await supabase.pool.query(`insert into public.contacts (name, email, age, active) select 'Person ' || i, 'p' || i || '@example.com', 20 + i % 50, i % 3 <> 0 from generate_series(1, 1200) i`);
});
afterEach(() => env.host.dispose());

const connect = async (key = supabase.serviceRoleKey) =>
  (await env.call('integrations.connections.create', { pluginId: 'supabase', name: `Supabase ${Math.random()}`, config: { baseUrl: supabase.url }, auth: { type: 'api_key', key } })).id;
const { run, fail } = pluginActions(() => env, 'supabase');

describe('Supabase', () => {
  it('gets rows with filters (all, any, as text) across pages, and creates, gets, updates and deletes rows through PostgREST', async () => {
    const id = await connect();
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    expect(((await run('getAll', { table: 'contacts', select: 'id' }, id)) as unknown[]).length).toBe(1200);
    expect(supabase.requests.filter((request) => request.path === '/rest/v1/contacts').length).toBe(2);
    const some = (await run('getAll', { table: 'contacts', filters: [{ column: 'age', operator: 'gte', value: 68 }, { column: 'name', operator: 'ilike', value: '*son 1*' }], order: 'id.desc', limit: 3 }, id)) as { name: string; age: number }[];
    expect(some.map((row) => [row.name, row.age])).toEqual([['Person 1199', 69], ['Person 1198', 68], ['Person 1149', 69]]);
    const either = (await run('getAll', { table: 'contacts', filters: [{ column: 'email', operator: 'eq', value: 'p1@example.com' }, { column: 'id', operator: 'in', value: [2, 3] }], match: 'any', order: 'id' }, id)) as { id: number }[];
    expect(either.map((row) => row.id)).toEqual([1, 2, 3]);
    expect(((await run('getAll', { table: 'contacts', filterString: 'active=is.false&age=lt.22', select: 'id,age' }, id)) as unknown[]).length).toBe(16);

    const created = (await run('create', { table: 'contacts', row: { name: 'Ada, Countess', email: 'ada@example.com', age: 36, extra: 'x' }, ignore: ['extra'] }, id)) as { id: number; active: boolean; created_at: string };
    expect(created).toMatchObject({ name: 'Ada, Countess', active: true, created_at: expect.any(String) });
    expect(await run('get', { table: 'contacts', filters: [{ column: 'name', value: 'Ada, Countess' }] }, id)).toMatchObject({ id: created.id, email: 'ada@example.com' });
    expect(await run('update', { table: 'contacts', filters: [{ column: 'id', value: created.id }], row: { age: 37 } }, id)).toEqual([expect.objectContaining({ id: created.id, age: 37 })]);
    expect(await run('delete', { table: 'contacts', filters: [{ column: 'email', value: 'ada@example.com' }] }, id)).toEqual([expect.objectContaining({ id: created.id })]);
    expect((await supabase.pool.query('select count(*)::int as n from public.contacts')).rows[0].n).toBe(1200);
  });

  it('passes on what PostgREST and the key refuse, in their words', async () => {
    const id = await connect();
    expect(await fail('create', { table: 'contacts', row: { name: 'Dup', email: 'p1@example.com' } }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Supabase inserting into contacts failed: duplicate key value violates unique constraint') } });
    expect(await fail('get', { table: 'contacts', filters: [{ column: 'id', value: -1 }] }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'No row of contacts matches the filters.' } });
    expect(await fail('delete', { table: 'contacts' }, id)).toMatchObject({ ok: false, error: { message: expect.stringContaining('Give at least one filter') } });
    const anon = await connect(supabase.anonKey);
    expect(((await run('getAll', { table: 'contacts', select: 'id' }, anon)) as unknown[]).length).toBe(800);
    expect(await fail('create', { table: 'contacts', row: { name: 'Eve' } }, anon)).toMatchObject({ ok: false, error: { message: expect.stringContaining('row-level security') } });
    const wrong = await connect('not-a-key');
    expect(await fail('check', {}, wrong)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Check the project URL and API key') } });
  });

  it('runs an imported n8n workflow: create, get all with filters, update them', async () => {
    const id = await connect();
    await env.host.engine.start({ owner: 'test', recover: true });
    const imported = importN8nWorkflow(
      {
        name: 'Deactivate the young',
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
          { name: 'Add', type: 'n8n-nodes-base.supabase', typeVersion: 1, parameters: { tableId: 'contacts', fieldsUi: { fieldValues: [{ fieldId: 'name', fieldValue: 'Young' }, { fieldId: 'age', fieldValue: '={{ 18 }}' }] } } },
          { name: 'Young', type: 'n8n-nodes-base.supabase', typeVersion: 1, parameters: { operation: 'getAll', tableId: 'contacts', returnAll: true, matchType: 'allFilters', filters: { conditions: [{ keyName: 'age', condition: 'lt', keyValue: '21' }, { keyName: 'active', condition: 'is', keyValue: 'TRUE' }] } } },
          { name: 'Mark', type: 'n8n-nodes-base.supabase', typeVersion: 1, parameters: { operation: 'update', tableId: 'contacts', filters: { conditions: [{ keyName: 'id', condition: 'eq', keyValue: '={{ $json.id }}' }] }, fieldsUi: { fieldValues: [{ fieldId: 'active', fieldValue: 'false' }] } } },
          { name: 'Clean', type: 'n8n-nodes-base.supabase', typeVersion: 1, parameters: { operation: 'delete', tableId: 'contacts', filterType: 'string', filterString: '=name=eq.{{ "Young" }}' } },
        ],
        connections: { Start: { main: [[{ node: 'Add', type: 'main', index: 0 }]] }, Add: { main: [[{ node: 'Young', type: 'main', index: 0 }]] }, Young: { main: [[{ node: 'Mark', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.at(-1)).toMatchObject({ type: 'supabase.delete', parameters: { table: 'contacts', filterString: 'name=eq.{{ "Young" }}' } });
    imported.document.nodes = imported.document.nodes.slice(0, -1);
    for (const entry of imported.document.nodes) if (entry.type.startsWith('supabase.')) entry.connection = id;
    const saved = env.host.engine.workflows.save({ document: imported.document });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    expect(env.host.engine.detail(row.id).status).toBe('succeeded');
    const { rows } = await supabase.pool.query<{ name: string; active: boolean }>('select name, active from public.contacts where age < 21 order by id');
    expect(rows.length).toBe(25);
    expect(rows.every((entry) => !entry.active)).toBe(true);
    expect(rows.at(-1)!.name).toBe('Young');
  });
});
