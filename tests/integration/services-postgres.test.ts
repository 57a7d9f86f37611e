import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { waitUntil } from '../helpers/api';
import { chain, manualStart, node } from '../helpers/engine';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';
import { startPostgres, type PostgresCluster } from '../helpers/postgres';

let cluster: PostgresCluster;
let admin: pg.Client;
let env: IntegrationsHost;
let database: string;
let hbaDir: string;

beforeAll(async () => {
  // Passwords are checked (SCRAM) for everyone but the superuser the helper connects as.
  hbaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-pg-hba-'));
  fs.chmodSync(hbaDir, 0o755);
  const hba = path.join(hbaDir, 'pg_hba.conf');
  fs.writeFileSync(hba, 'local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n', { mode: 0o644 });
  cluster = await startPostgres({ settings: { hba_file: hba, password_encryption: 'scram-sha-256' } });
  database = await cluster.createDatabase('crm');
  admin = await cluster.connect(database);
  await admin.query("CREATE ROLE echelon LOGIN PASSWORD 'right-password'");
  await admin.query('GRANT ALL ON SCHEMA public TO echelon');
}, 60_000);
afterAll(async () => {
  await cluster.stop();
  fs.rmSync(hbaDir, { recursive: true, force: true });
});

beforeEach(async () => {
  env = await integrationsHost();
  await admin.query('DROP TABLE IF EXISTS contacts');
  await admin.query('CREATE TABLE contacts (id serial PRIMARY KEY, email text UNIQUE NOT NULL, name text, score int, tags jsonb)');
  await admin.query('ALTER TABLE contacts OWNER TO echelon');
  await admin.query("INSERT INTO contacts (email, name, score) VALUES ('ada@example.com', 'Ada', 90), ('grace@example.com', 'Grace', 85), ('linus@example.com', 'Linus', 70)");
});
afterEach(() => env.host.dispose());

const connect = async (password = 'right-password') =>
  (await env.call('integrations.connections.create', { pluginId: 'postgres', name: `CRM ${Math.random()}`, config: { host: cluster.host, port: cluster.port, database }, auth: { type: 'basic', username: 'echelon', password } })).id;
const { run, fail } = pluginActions(() => env, 'postgres');
const echelonSessions = async () => Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'Echelon'")).rows[0].n);

describe('PostgreSQL', () => {
  it('tests the connection with the password from the vault, and refuses a wrong one as PostgreSQL says', async () => {
    const id = await connect();
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const wrong = await connect('wrong-password');
    const refused = await fail('check', {}, wrong);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'PostgreSQL: password authentication failed for user "echelon" [28P01].' } });
    expect(JSON.stringify(refused)).not.toContain('wrong-password');
  });

  it('runs queries with parameters, never splicing values into the SQL', async () => {
    const id = await connect();
    const rows = (await run('executeQuery', { query: 'SELECT name, score FROM contacts WHERE score >= $1 ORDER BY id', parameters: [80] }, id)) as Record<string, unknown>[];
    expect(rows).toEqual([{ name: 'Ada', score: 90 }, { name: 'Grace', score: 85 }]);
    const hostile = "x'); DROP TABLE contacts; --";
    expect(await run('executeQuery', { query: 'INSERT INTO contacts (email, name, tags) VALUES ($1, $2, $3)', parameters: ['eve@example.com', hostile, { vip: true }] }, id)).toEqual([{ success: true, command: 'INSERT', rowCount: 1 }]);
    const stored = await admin.query("SELECT name, tags FROM contacts WHERE email = 'eve@example.com'");
    expect(stored.rows).toEqual([{ name: hostile, tags: { vip: true } }]);
    expect(await fail('executeQuery', { query: 'SELECT * FROM nope' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'PostgreSQL: relation "nope" does not exist [42P01].' } });
  });

  it('inserts, updates by match columns, upserts on a key, selects with conditions and deletes', async () => {
    const id = await connect();
    const [inserted] = (await run('insert', { table: 'contacts', values: { email: 'ken@example.com', name: 'Ken', score: 60, tags: ['unix'] } }, id)) as Record<string, unknown>[];
    expect(inserted).toMatchObject({ id: 4, email: 'ken@example.com', name: 'Ken', score: 60, tags: ['unix'] });
    expect(await fail('insert', { table: 'contacts', values: { email: 'ken@example.com' } }, id)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('duplicate key value violates unique constraint "contacts_email_key"') } });

    expect(await run('update', { table: 'contacts', matchColumns: ['email'], values: { email: 'grace@example.com', score: 99 } }, id)).toEqual([expect.objectContaining({ name: 'Grace', score: 99 })]);
    expect(await run('update', { table: 'contacts', matchColumns: ['email'], values: { email: 'nobody@example.com', score: 1 } }, id)).toEqual([]);
    expect(await fail('update', { table: 'contacts', matchColumns: ['email'], values: { score: 1 } }, id)).toMatchObject({ ok: false, error: { message: 'Give the value of "email" in the values: it finds the row(s) to update.' } });

    await run('upsert', { table: 'contacts', conflictColumns: ['email'], values: { email: 'ada@example.com', score: 100 } }, id);
    await run('upsert', { table: 'contacts', conflictColumns: ['email'], values: { email: 'barbara@example.com', name: 'Barbara', score: 95 } }, id);
    const top = (await run('select', { table: 'contacts', where: [{ column: 'score', operator: '>=', value: 95 }], orderBy: [{ column: 'score', direction: 'desc' }], limit: 2 }, id)) as Record<string, unknown>[];
    expect(top.map((row) => [row.name, row.score])).toEqual([['Ada', 100], ['Grace', 99]]);
    const unnamed = (await run('select', { table: 'contacts', where: [{ column: 'name', operator: 'ilike', value: 'b%' }, { column: 'name', operator: 'is null' }], combine: 'or' }, id)) as Record<string, unknown>[];
    expect(unnamed.map((row) => row.name)).toEqual(['Barbara']);

    expect(await run('delete', { table: 'contacts', where: [{ column: 'score', operator: '<', value: 80 }] }, id)).toEqual({ deleted: 2 });
    expect((await admin.query('SELECT count(*)::int AS n FROM contacts')).rows[0].n).toBe(3);
  });

  it('keeps one pool per connection across actions, and replaces it when the connection changes', async () => {
    const id = await connect();
    await Promise.all(Array.from({ length: 20 }, (_, i) => run('executeQuery', { query: 'SELECT $1::int AS n, pg_sleep(0.05)', parameters: [i] }, id)));
    const open = await echelonSessions();
    expect(open).toBeGreaterThanOrEqual(1);
    expect(open).toBeLessThanOrEqual(10);
    const pids = async () => (await admin.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'Echelon' ORDER BY pid")).rows.map((row) => row.pid as number);
    const before = await pids();
    await run('check', {}, id);
    expect((await pids()).filter((pid) => before.includes(pid)).length).toBeGreaterThan(0);

    await env.call('integrations.connections.update', { id, config: { host: cluster.host, port: cluster.port, database, maxConnections: 2 } });
    await run('check', {}, id);
    await waitUntil(async () => (await pids()).every((pid) => !before.includes(pid)) || undefined, 5000, 'the old pool to close');
    await env.host.dispose();
    await waitUntil(async () => (await echelonSessions()) === 0 || undefined, 5000, 'every session to close at shutdown');
  });

  it('runs as workflow nodes with parameters from each item, cancels a running statement, and runs imported n8n Postgres nodes', async () => {
    const id = await connect();
    await env.host.engine.start({ owner: 'test', recover: true });
    const saved = env.host.engine.workflows.save({
      document: chain('Scores', [manualStart(), node('postgres.executeQuery', { query: 'SELECT name FROM contacts WHERE score > $1 ORDER BY id', parameters: ['{{ $json.min }}'] }, { id: 'q', name: 'Query', connection: id })]),
    });
    const { row } = await env.host.engine.run({ workflowId: saved.id, input: [{ min: 80 }, { min: 88 }] as never });
    await env.host.engine.waitFor(row.id);
    const detail = env.host.engine.detail(row.id);
    expect(detail.status).toBe('succeeded');
    const items = (detail.steps.find((step) => step.nodeId === 'q')!.output.value as { main: { json: { name: string }; pairedItem: { item: number } }[] }).main;
    expect(items.map((item) => [item.json.name, item.pairedItem.item])).toEqual([['Ada', 0], ['Grace', 0], ['Ada', 1]]);

    const slow = env.host.engine.workflows.save({ document: chain('Slow', [manualStart(), node('postgres.executeQuery', { query: 'SELECT pg_sleep(30)' }, { id: 'sleep', name: 'Sleep', connection: id })]) });
    const started = await env.host.engine.run({ workflowId: slow.id });
    await waitUntil(async () => Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'")).rows[0].n) > 0 || undefined, 10_000, 'the statement to run');
    env.host.engine.cancel(started.row.id);
    await env.host.engine.waitFor(started.row.id);
    await waitUntil(async () => Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'")).rows[0].n) === 0 || undefined, 5000, 'the statement to be cancelled');

    const imported = importN8nWorkflow(
      {
        name: 'From n8n',
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
          { name: 'Seed', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ id: '1', name: 'email', value: 'n8n@example.com', type: 'string' }, { id: '2', name: 'score', value: 42, type: 'number' }] }, options: {} } },
          {
            name: 'Insert',
            type: 'n8n-nodes-base.postgres',
            typeVersion: 2.5,
            parameters: { schema: { __rl: true, value: 'public', mode: 'list' }, table: { __rl: true, value: 'contacts', mode: 'list' }, columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [] }, options: {} },
          },
          { name: 'Count', type: 'n8n-nodes-base.postgres', typeVersion: 2.5, parameters: { operation: 'executeQuery', query: 'SELECT count(*)::int AS n FROM contacts WHERE score < $1 AND email LIKE $2', options: { queryReplacement: '={{ $json.score + 1 }}, %@example.com' } } },
        ],
        connections: { Start: { main: [[{ node: 'Seed', type: 'main', index: 0 }]] }, Seed: { main: [[{ node: 'Insert', type: 'main', index: 0 }]] }, Insert: { main: [[{ node: 'Count', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    for (const entry of imported.document.nodes) if (entry.type.startsWith('postgres.')) entry.connection = id;
    const fromN8n = env.host.engine.workflows.save({ document: imported.document });
    const second = await env.host.engine.run({ workflowId: fromN8n.id });
    await env.host.engine.waitFor(second.row.id);
    const result = env.host.engine.detail(second.row.id);
    expect(result.status).toBe('succeeded');
    expect(result.output.value).toEqual([{ json: { n: 1 }, pairedItem: { item: 0 } }]);
  });
});
