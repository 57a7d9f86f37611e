import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresCluster } from '../helpers/postgres';
import { asRole, createTeamDatabase, type Claims } from '../helpers/supabase-db';

/**
 * Every policy of resources/supabase/migrations, checked as each API role on a real PostgreSQL
 * (anon, authenticated members of each role, an outsider, service_role), denials included.
 */

let cluster: PostgresCluster;
let client: pg.Client;
let url: string;

interface Person extends Claims {
  sub: string;
  email: string;
}
const person = (name: string): Person => ({ sub: randomUUID(), email: `${name}@example.com` });
const admin = person('ada');
const manager = person('max');
const viewer = person('vic');
const outsider = person('olga');
const invited = person('ivy');
let org: string;
let otherOrg: string;

const as = <T>(who: Person | null, work: (db: pg.ClientBase) => Promise<T>) => asRole(client, who ? 'authenticated' : 'anon', who, work);
const rows = async (who: Person | null, sql: string, params: unknown[] = []) => as(who, async (db) => (await db.query(sql, params)).rows);
const count = async (who: Person | null, sql: string, params: unknown[] = []) => (await rows(who, sql, params)).length;
const fails = async (who: Person | null, sql: string, params: unknown[] = []) => {
  const error = await as(who, (db) => db.query(sql, params)).then(
    () => undefined,
    (caught: { code?: string; message: string }) => caught,
  );
  expect(error, `expected "${sql}" to be refused`).toBeDefined();
  return error!;
};
const affected = async (who: Person | null, sql: string, params: unknown[] = []) => as(who, async (db) => (await db.query(sql, params)).rowCount);

const workflowRow = (name: string) => ({ name, document: { schemaVersion: 1, name, nodes: [], edges: [] } });
const push = (who: Person, changes: unknown[], organization = org) =>
  as(who, async (db) => (await db.query('select public.sync_push($1, $2) as result', [organization, JSON.stringify(changes)])).rows[0].result.results as Array<Record<string, unknown>>);
const pull = (who: Person, after = 0, kind: string | null = null, id: string | null = null, size = 1000) =>
  as(who, async (db) => (await db.query('select public.sync_pull($1, $2, $3, $4, $5) as page', [org, after, kind, id, size])).rows[0].page as { horizon: string; rows: Array<{ kind: string; id: string; version: string; row: Record<string, unknown> }>; more: boolean });

beforeAll(async () => {
  cluster = await startPostgres();
  ({ url } = await createTeamDatabase(cluster));
  client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const who of [admin, manager, viewer, outsider, invited]) {
    await client.query('insert into auth.users (id, email) values ($1, $2)', [who.sub, who.email]);
  }
  org = (await rows(admin, "select (public.create_organization('Acme')).id"))[0].id;
  otherOrg = (await rows(outsider, "select (public.create_organization('Elsewhere')).id"))[0].id;
  await as(admin, async (db) => {
    await db.query("insert into public.memberships (org_id, user_id, role, email) values ($1, $2, 'agent_manager', $3), ($1, $4, 'viewer', $5)", [org, manager.sub, manager.email, viewer.sub, viewer.email]);
  });
}, 60_000);

afterAll(async () => {
  await client?.end();
  await cluster?.stop();
});

describe('organizations and memberships', () => {
  it('makes the creator of an organization its admin, and refuses anyone signed out', async () => {
    expect(await rows(admin, 'select role from public.memberships where org_id = $1 and user_id = $2', [org, admin.sub])).toEqual([{ role: 'admin' }]);
    const error = await fails(null, "select public.create_organization('Nope')");
    expect(error.code).toBe('42501');
  });

  it('shows an organization and its members to its members only', async () => {
    for (const member of [admin, manager, viewer]) {
      expect(await rows(member, 'select name from public.organizations')).toEqual([{ name: 'Acme' }]);
      expect(await count(member, 'select * from public.memberships where org_id = $1', [org])).toBe(3);
    }
    expect(await rows(outsider, 'select name from public.organizations')).toEqual([{ name: 'Elsewhere' }]);
    expect(await count(outsider, 'select * from public.memberships where org_id = $1', [org])).toBe(0);
    expect(await count(null, 'select * from public.organizations')).toBe(0);
    expect(await count(null, 'select * from public.memberships')).toBe(0);
  });

  it('lets only admins rename the organization or manage members', async () => {
    expect(await affected(manager, "update public.organizations set name = 'Hacked' where id = $1", [org])).toBe(0);
    expect(await affected(viewer, 'delete from public.organizations where id = $1', [org])).toBe(0);
    expect(await affected(admin, "update public.organizations set name = 'Acme Inc' where id = $1", [org])).toBe(1);

    const insert = 'insert into public.memberships (org_id, user_id, role, email) values ($1, $2, $3, $4)';
    expect((await fails(manager, insert, [org, outsider.sub, 'viewer', outsider.email])).code).toBe('42501');
    expect((await fails(viewer, insert, [org, outsider.sub, 'admin', outsider.email])).code).toBe('42501');
    expect((await fails(outsider, insert, [org, outsider.sub, 'admin', outsider.email])).code).toBe('42501');
    expect(await affected(viewer, "update public.memberships set role = 'admin' where org_id = $1 and user_id = $2", [org, viewer.sub])).toBe(0);
    expect(await affected(manager, 'delete from public.memberships where org_id = $1 and user_id = $2', [org, viewer.sub])).toBe(0);
    expect(await affected(admin, "update public.memberships set role = 'viewer' where org_id = $1 and user_id = $2", [org, viewer.sub])).toBe(1);
  });

  it('keeps one admin in every organization', async () => {
    const error = await fails(admin, "update public.memberships set role = 'viewer' where org_id = $1 and user_id = $2", [org, admin.sub]);
    expect(error.message).toMatch(/at least one admin/);
    expect((await fails(admin, 'delete from public.memberships where org_id = $1 and user_id = $2', [org, admin.sub])).message).toMatch(/at least one admin/);
  });
});

describe('invitations', () => {
  it('lets admins invite, the invited person accept, and nobody else see or use it', async () => {
    const invite = 'insert into public.invitations (org_id, email, role, invited_by) values ($1, $2, $3, $4) returning id';
    expect((await fails(manager, invite, [org, invited.email, 'viewer', manager.sub])).code).toBe('42501');
    expect((await fails(viewer, invite, [org, invited.email, 'viewer', viewer.sub])).code).toBe('42501');
    expect((await fails(null, invite, [org, invited.email, 'viewer', null])).code).toBe('42501');
    const [{ id }] = await rows(admin, invite, [org, invited.email, 'agent_manager', admin.sub]);

    expect(await count(manager, 'select * from public.invitations')).toBe(0);
    expect(await count(outsider, 'select * from public.invitations')).toBe(0);
    expect(await rows(invited, 'select org_name, role from public.invitations')).toEqual([{ org_name: 'Acme Inc', role: 'agent_manager' }]);
    expect(await count(admin, 'select * from public.invitations where org_id = $1', [org])).toBe(1);

    expect((await fails(outsider, 'select public.accept_invitation($1)', [id])).message).toMatch(/No open invitation/);
    expect((await fails(null, 'select public.accept_invitation($1)', [id])).code).toBe('42501');
    await rows(invited, 'select public.accept_invitation($1)', [id]);
    expect(await rows(invited, 'select role from public.memberships where org_id = $1 and user_id = $2', [org, invited.sub])).toEqual([{ role: 'agent_manager' }]);
    expect((await fails(invited, 'select public.accept_invitation($1)', [id])).message).toMatch(/No open invitation/);

    expect(await affected(manager, 'delete from public.invitations where id = $1', [id])).toBe(0);
    expect(await affected(admin, 'delete from public.invitations where id = $1', [id])).toBe(1);
    await as(admin, (db) => db.query('delete from public.memberships where org_id = $1 and user_id = $2', [org, invited.sub]));
  });
});

describe('synced tables', () => {
  it('lets members read, managers write, and viewers and outsiders neither write nor (outsiders) read', async () => {
    const insert = "insert into public.workflows (org_id, id, name, document) values ($1, $2, $3, '{\"nodes\": []}')";
    await as(manager, (db) => db.query(insert, [org, 'wf-rls', 'By the manager']));
    await as(admin, (db) => db.query(insert, [org, 'wf-rls-2', 'By the admin']));
    expect((await fails(viewer, insert, [org, 'wf-viewer', 'By the viewer'])).code).toBe('42501');
    expect((await fails(outsider, insert, [org, 'wf-outsider', 'By the outsider'])).code).toBe('42501');
    expect((await fails(null, insert, [org, 'wf-anon', 'Anonymous'])).code).toBe('42501');

    for (const member of [admin, manager, viewer]) expect(await count(member, "select * from public.workflows where id like 'wf-rls%'")).toBe(2);
    expect(await count(outsider, 'select * from public.workflows')).toBe(0);
    expect(await count(null, 'select * from public.workflows')).toBe(0);

    expect(await affected(viewer, "update public.workflows set name = 'Mine now' where org_id = $1", [org])).toBe(0);
    expect(await affected(outsider, "update public.workflows set name = 'Mine now' where org_id = $1", [org])).toBe(0);
    expect(await affected(manager, "update public.workflows set name = 'Renamed' where org_id = $1 and id = 'wf-rls'", [org])).toBe(1);
    // Rows are tombstoned, never deleted, by anyone through the API.
    expect((await fails(admin, "delete from public.workflows where org_id = $1 and id = 'wf-rls'", [org])).code).toBe('42501');
  });

  it('stamps every write with a server version, the time and the writer', async () => {
    const [before] = await rows(admin, "select version from public.workflows where id = 'wf-rls'");
    await as(manager, (db) => db.query("update public.workflows set name = 'Again', updated_by = $1 where id = 'wf-rls'", [viewer.sub]));
    const [after] = await rows(admin, "select version, updated_by from public.workflows where id = 'wf-rls'");
    expect(BigInt(after.version)).toBeGreaterThan(BigInt(before.version));
    expect(after.updated_by).toBe(manager.sub);
  });

  it('keeps each workflow document in a history only the server writes', async () => {
    await as(manager, (db) => db.query(`update public.workflows set document = '{"nodes": [1]}' where id = 'wf-rls'`));
    await as(manager, (db) => db.query("update public.workflows set name = 'Name only' where id = 'wf-rls'"));
    expect(await rows(viewer, "select revision from public.workflow_versions where workflow_id = 'wf-rls' order by revision")).toEqual([{ revision: 1 }, { revision: 2 }]);
    expect(await count(outsider, 'select * from public.workflow_versions')).toBe(0);
    expect((await fails(admin, "insert into public.workflow_versions (org_id, workflow_id, revision, document) values ($1, 'wf-rls', 9, '{}')", [org])).code).toBe('42501');
  });

  it('shows a viewer only the agents, and agent tasks, assigned to them', async () => {
    const agent = "insert into public.agents (org_id, id, name, definition) values ($1, $2, $3, '{}')";
    await as(manager, (db) => db.query(agent, [org, 'agent-a', 'Assigned']));
    await as(manager, (db) => db.query(agent, [org, 'agent-b', 'Not assigned']));
    expect((await fails(viewer, agent, [org, 'agent-c', 'By the viewer'])).code).toBe('42501');
    const task = "insert into public.agent_task_summaries (org_id, id, agent_id, status) values ($1, $2, $3, 'succeeded')";
    await as(manager, (db) => db.query(task, [org, 'task-a', 'agent-a']));
    await as(manager, (db) => db.query(task, [org, 'task-b', 'agent-b']));

    const assign = 'insert into public.agent_assignments (org_id, agent_id, user_id) values ($1, $2, $3)';
    expect((await fails(viewer, assign, [org, 'agent-b', viewer.sub])).code).toBe('42501');
    await as(manager, (db) => db.query(assign, [org, 'agent-a', viewer.sub]));

    expect(await rows(viewer, 'select id from public.agents order by id')).toEqual([{ id: 'agent-a' }]);
    expect(await rows(viewer, 'select id from public.agent_task_summaries order by id')).toEqual([{ id: 'task-a' }]);
    expect(await count(manager, 'select * from public.agents')).toBe(2);
    expect(await count(admin, 'select * from public.agent_task_summaries')).toBe(2);
    expect(await count(outsider, 'select * from public.agents')).toBe(0);
    expect(await affected(viewer, "update public.agents set name = 'x' where id = 'agent-a'")).toBe(0);
  });

  it('refuses a secret value in an integration definition: only vault record names', async () => {
    const insert = 'insert into public.integration_definitions (org_id, id, name, plugin_id, definition) values ($1, $2, $3, $4, $5)';
    await as(manager, (db) => db.query(insert, [org, 'conn-1', 'GitHub', 'github', { config: {}, secrets: { token: '{{ secrets.GITHUB_TOKEN }}' } }]));
    const error = await fails(manager, insert, [org, 'conn-2', 'Leaky', 'github', { secrets: { token: 'ghp_0123456789abcdef0123456789abcdef0123' } }]);
    expect(error.code).toBe('23514');
    expect(await count(viewer, 'select * from public.integration_definitions')).toBe(1);
  });

  it('lets managers publish execution summaries and MCP servers, and service_role (workers) write across organizations', async () => {
    await as(manager, (db) => db.query("insert into public.execution_summaries (org_id, id, workflow_id, status) values ($1, 'run-1', 'wf-rls', 'succeeded')", [org]));
    expect((await fails(viewer, "insert into public.execution_summaries (org_id, id, workflow_id, status) values ($1, 'run-2', 'wf-rls', 'failed')", [org])).code).toBe('42501');
    expect((await fails(viewer, "insert into public.mcp_servers (org_id, id, name, definition) values ($1, 'mcp-1', 'memory', '{}')", [org])).code).toBe('42501');
    await as(admin, (db) => db.query("insert into public.mcp_servers (org_id, id, name, definition) values ($1, 'mcp-1', 'memory', '{}')", [org]));
    await asRole(client, 'service_role', { sub: '', role: 'service_role' }, (db) =>
      db.query("insert into public.execution_summaries (org_id, id, workflow_id, status, runner) values ($1, 'run-w', 'wf-rls', 'running', 'worker-1'), ($2, 'run-x', 'wf-x', 'queued', 'worker-1')", [org, otherOrg]),
    );
    expect(await count(viewer, 'select * from public.execution_summaries')).toBe(2);
    expect(await count(outsider, 'select * from public.execution_summaries')).toBe(1);
  });
});

describe('audit log', () => {
  it('is appended by members as themselves, read by admins only, and never changed', async () => {
    const insert = "insert into public.audit_log (org_id, actor, actor_email, action, occurred_at, client_entry) values ($1, $2, $3, $4, now(), $5)";
    await as(viewer, (db) => db.query(insert, [org, viewer.sub, viewer.email, 'workflow.view', 'v-1']));
    await as(manager, (db) => db.query(insert, [org, manager.sub, manager.email, 'workflow.save', 'm-1']));
    expect((await fails(viewer, insert, [org, admin.sub, admin.email, 'forged', 'v-2'])).code).toBe('42501');
    expect((await fails(outsider, insert, [org, outsider.sub, outsider.email, 'intrusion', 'o-1'])).code).toBe('42501');
    expect((await fails(null, insert, [org, viewer.sub, viewer.email, 'anon', 'a-1'])).code).toBe('42501');
    // A retried push of the same entry adds nothing.
    expect((await fails(viewer, insert, [org, viewer.sub, viewer.email, 'workflow.view', 'v-1'])).code).toBe('23505');

    expect(await count(viewer, 'select * from public.audit_log')).toBe(0);
    expect(await count(manager, 'select * from public.audit_log')).toBe(0);
    expect(await rows(admin, 'select action from public.audit_log where org_id = $1 order by id', [org])).toEqual([{ action: 'workflow.view' }, { action: 'workflow.save' }]);
    expect((await fails(admin, "update public.audit_log set action = 'x'")).code).toBe('42501');
    expect((await fails(admin, 'delete from public.audit_log')).code).toBe('42501');
  });

  it('appends a batch through audit_append as the caller, each entry once however often it is retried', async () => {
    const entries = [
      { action: 'secret.decrypt', subject_kind: 'secret', subject_name: 'GITHUB_TOKEN', occurred_at: '2026-01-01T00:00:00Z', client_entry: 'batch-1' },
      { action: 'workflow.update', subject_kind: 'workflow', subject_name: 'Greeter', detail: { note: 'x' }, occurred_at: '2026-01-01T00:00:01Z', client_entry: 'batch-2' },
    ];
    const append = (who: Person | null, organization = org) => as(who, async (db) => (await db.query('select public.audit_append($1, $2) as added', [organization, JSON.stringify(entries)])).rows[0].added);
    expect(await append(viewer)).toBe(2);
    expect(await append(viewer)).toBe(0);
    expect((await fails(outsider, 'select public.audit_append($1, $2)', [org, JSON.stringify(entries)])).code).toBe('42501');
    expect((await fails(null, 'select public.audit_append($1, $2)', [org, '[]'])).code).toBe('42501');
    expect(await rows(admin, "select actor, actor_email from public.audit_log where client_entry like 'batch-%'")).toEqual([
      { actor: viewer.sub, actor_email: viewer.email },
      { actor: viewer.sub, actor_email: viewer.email },
    ]);
  });
});

describe('sync_push', () => {
  it('applies a batch, assigning one server version, and returns conflicts instead of overwriting', async () => {
    const results = await push(manager, [
      { kind: 'workflow', id: 'wf-push-1', base_version: null, row: workflowRow('One') },
      { kind: 'workflow', id: 'wf-push-2', base_version: null, row: workflowRow('Two') },
      { kind: 'mcp_server', id: 'mcp-push', base_version: null, row: { name: 'memory', definition: { transport: { type: 'stdio', command: 'npx' } } } },
    ]);
    expect(results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    const version = results[0]!.version;
    expect(results.every((result) => result.version === version)).toBe(true);

    const stale = await push(admin, [
      { kind: 'workflow', id: 'wf-push-1', base_version: Number(version) - 1, row: workflowRow('Stale edit') },
      { kind: 'workflow', id: 'wf-push-2', base_version: version, row: workflowRow('Fresh edit') },
    ]);
    expect(stale[0]).toMatchObject({ status: 'conflict', remote: { name: 'One', version } });
    expect(stale[1]).toMatchObject({ status: 'applied' });
    expect(await rows(viewer, "select id, name, updated_by from public.workflows where id like 'wf-push-%' order by id")).toEqual([
      { id: 'wf-push-1', name: 'One', updated_by: manager.sub },
      { id: 'wf-push-2', name: 'Fresh edit', updated_by: admin.sub },
    ]);

    const created = await push(admin, [{ kind: 'workflow', id: 'wf-push-1', base_version: null, row: workflowRow('Also new') }]);
    expect(created[0]!.status).toBe('conflict');
  });

  it('tombstones a deleted row so pulls see the deletion', async () => {
    const [{ version }] = await rows(admin, "select version from public.workflows where id = 'wf-push-2'");
    const results = await push(manager, [{ kind: 'workflow', id: 'wf-push-2', base_version: version, deleted: true }]);
    expect(results[0]!.status).toBe('applied');
    expect(await rows(viewer, "select deleted from public.workflows where id = 'wf-push-2'")).toEqual([{ deleted: true }]);
  });

  it('rejects each change of a viewer with a reason, and refuses outsiders and anon outright', async () => {
    const results = await push(viewer, [{ kind: 'workflow', id: 'wf-viewer', base_version: null, row: workflowRow('Viewer') }]);
    expect(results[0]).toMatchObject({ status: 'rejected' });
    expect(String(results[0]!.reason)).toMatch(/viewer/);
    expect(await count(admin, "select * from public.workflows where id = 'wf-viewer'")).toBe(0);

    const outside = await as(outsider, (db) => db.query('select public.sync_push($1, $2)', [org, '[]'])).catch((error: { code: string }) => error);
    expect((outside as { code: string }).code).toBe('42501');
    const anonymous = await as(null, (db) => db.query('select public.sync_push($1, $2)', [org, '[]'])).catch((error: { code: string }) => error);
    expect((anonymous as { code: string }).code).toBe('42501');
  });

  it('rejects a bad change alone and applies the rest of its batch', async () => {
    const results = await push(manager, [
      { kind: 'integration', id: 'conn-leak', base_version: null, row: { name: 'Leak', plugin_id: 'github', definition: { secrets: { token: 'ghp_not a name' } } } },
      { kind: 'nonsense', id: 'x', base_version: null, row: {} },
      { kind: 'workflow', id: 'wf-push-3', base_version: null, row: workflowRow('Three') },
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'applied']);
    expect(String(results[0]!.reason)).toMatch(/only_secret_references|check constraint/);
  });
});

describe('sync_push in sets', () => {
  it('answers a mixed batch change by change, in order: updates, creations, deletions, conflicts and a bad row among good ones', async () => {
    const [first] = await push(manager, [{ kind: 'workflow', id: 'wf-set-1', base_version: null, row: workflowRow('Set one') }]);
    await push(manager, [{ kind: 'workflow', id: 'wf-set-2', base_version: null, row: workflowRow('Set two') }]);
    const results = await push(manager, [
      { kind: 'workflow', id: 'wf-set-1', base_version: first!.version, row: workflowRow('Set one renamed') },
      { kind: 'integration', id: 'conn-set-bad', base_version: null, row: { name: 'Leak', plugin_id: 'github', definition: { secrets: { token: 'ghp_value' } } } },
      { kind: 'workflow', id: 'wf-set-2', base_version: 1, row: workflowRow('Stale') },
      { kind: 'integration', id: 'conn-set-good', base_version: null, row: { name: 'GitHub', plugin_id: 'github', definition: { secrets: { token: '{{ secrets.GITHUB_TOKEN }}' } } } },
      { kind: 'workflow', id: 'wf-set-3', base_version: null, row: workflowRow('Set three') },
      { kind: 'workflow', id: 'wf-set-1-gone', base_version: null, deleted: true },
      { kind: 'agent' },
    ]);
    expect(results.map((result) => [result.id ?? null, result.status])).toEqual([
      ['wf-set-1', 'applied'],
      ['conn-set-bad', 'rejected'],
      ['wf-set-2', 'conflict'],
      ['conn-set-good', 'applied'],
      ['wf-set-3', 'applied'],
      ['wf-set-1-gone', 'applied'],
      [null, 'rejected'],
    ]);
    expect(await rows(viewer, "select id, name, document ->> 'name' as document_name from public.workflows where id like 'wf-set-%' order by id")).toEqual([
      { id: 'wf-set-1', name: 'Set one renamed', document_name: 'Set one renamed' },
      { id: 'wf-set-2', name: 'Set two', document_name: 'Set two' },
      { id: 'wf-set-3', name: 'Set three', document_name: 'Set three' },
    ]);
    expect(await count(admin, "select * from public.integration_definitions where id like 'conn-set-%'")).toBe(1);
    // Everything written by one call shares its version, as one transaction wrote it.
    const written = results.filter((result) => result.status === 'applied' && result.version !== null).map((result) => result.version);
    expect(new Set(written).size).toBe(1);
  });

  it('keeps its helpers to itself: members cannot write around the checks', async () => {
    expect((await fails(manager, "select private.sync_push_one($1, 'workflows', $2)", [org, JSON.stringify({ kind: 'workflow', id: 'wf-around', row: workflowRow('Around') })])).code).toBe('42501');
    expect((await fails(viewer, "select private.sync_push_share($1, 'workflows', 'workflow', $2)", [org, JSON.stringify([{ kind: 'workflow', id: 'wf-around', row: workflowRow('Around') }])])).code).toBe('42501');
  });
});

describe('sync_pull', () => {
  it('returns what the caller may read, in pages that survive many rows sharing one version', async () => {
    const many = Array.from({ length: 25 }, (_, index) => ({ kind: 'workflow', id: `wf-page-${String(index).padStart(2, '0')}`, base_version: null, row: workflowRow(`Page ${index}`) }));
    await push(manager, many);
    const seen: string[] = [];
    let cursor: { version: number; kind: string | null; id: string | null } = { version: 0, kind: null, id: null };
    for (let page = 0; page < 50; page++) {
      const result = await pull(viewer, cursor.version, cursor.kind, cursor.id, 7);
      for (const row of result.rows) seen.push(`${row.kind}:${row.id}`);
      const last = result.rows.at(-1);
      if (last) cursor = { version: Number(last.version), kind: last.kind, id: last.id };
      if (!result.more) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((key) => key.startsWith('workflow:wf-page-'))).toHaveLength(25);
    expect(seen).toContain('agent:agent-a');
    expect(seen).not.toContain('agent:agent-b');
    const all = await pull(manager);
    expect(all.rows.map((row) => `${row.kind}:${row.id}`)).toContain('agent:agent-b');
  });

  it('never returns a row at or above the oldest running transaction, so a late commit is not skipped', async () => {
    // Two concurrent writers: the first (smaller version) commits after the second.
    const first = new pg.Client({ connectionString: url });
    const second = new pg.Client({ connectionString: url });
    await first.connect();
    await second.connect();
    try {
      const begin = async (db: pg.Client, id: string) => {
        await db.query('begin');
        await db.query('set local role authenticated');
        await db.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ ...manager, role: 'authenticated' })]);
        await db.query("insert into public.workflows (org_id, id, name, document) values ($1, $2, $2, '{}')", [org, id]);
      };
      const start = await pull(viewer);
      let cursor = { version: Number(start.horizon) - 1, kind: null as string | null, id: null as string | null };

      await begin(first, 'wf-late');
      await begin(second, 'wf-early');
      await second.query('commit');

      const during = await pull(viewer, cursor.version, cursor.kind, cursor.id);
      expect(during.rows.map((row) => row.id)).not.toContain('wf-early');
      const [{ version: earlyVersion }] = await rows(admin, "select version from public.workflows where id = 'wf-early'");
      expect(Number(during.horizon)).toBeLessThanOrEqual(Number(earlyVersion));
      // A puller that caught up keeps its cursor below the horizon.
      cursor = { version: Math.max(cursor.version, Number(during.horizon) - 1), kind: null, id: null };

      await first.query('commit');
      const after = await pull(viewer, cursor.version, cursor.kind, cursor.id);
      expect(after.rows.map((row) => row.id).sort()).toEqual(['wf-early', 'wf-late']);
      const [{ version: lateVersion }] = await rows(admin, "select version from public.workflows where id = 'wf-late'");
      expect(Number(lateVersion)).toBeLessThan(Number(earlyVersion));
    } finally {
      await first.end();
      await second.end();
    }
  });

  it('is refused to anon and returns nothing of another organization', async () => {
    const anonymous = await as(null, (db) => db.query('select public.sync_pull($1)', [org])).catch((error: { code: string }) => error);
    expect((anonymous as { code: string }).code).toBe('42501');
    const foreign = await as(outsider, async (db) => (await db.query('select public.sync_pull($1) as page', [org])).rows[0].page);
    expect(foreign.rows).toEqual([]);
  });
});
