import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { chain, manualStart, node } from '../helpers/engine';
import { removeTeamDataDirs, startTeamBackend, teamDataDir, teamInstance, waitUntil, type TeamBackend } from '../helpers/team';
import { openUnlockedHost } from '../helpers/vault';

/**
 * Two Echelon instances (two data dirs) syncing through the real supabase-js, the Supabase
 * stand-in and a real PostgreSQL with the team migrations and their RLS.
 */

let backend: TeamBackend;
const hosts: Host[] = [];

const instance = async (email: string, dataDir?: string) => {
  const host = await teamInstance(backend, email, 'correct horse', dataDir);
  hosts.push(host);
  return host;
};

const flow = (name: string): WorkflowDocument =>
  chain(name, [manualStart(), node('transform.edit', { fields: [{ name: 'greeting', value: 'hello' }] }, { id: 'edit', name: 'Edit' }), node('no-op.noop', {}, { id: 'done', name: 'Done' })]);

const documentOf = (host: Host, id: string) => (host.engine.workflows.resolve(id)?.id === id ? host.engine.workflows.document(id).document : undefined);
const nodeOf = (host: Host, id: string, nodeId: string) => documentOf(host, id)?.nodes.find((item) => item.id === nodeId);

function edit(host: Host, id: string, change: (document: WorkflowDocument) => void): void {
  const document = structuredClone(host.engine.workflows.document(id).document);
  change(document);
  host.engine.workflows.save({ id, document });
}

let orgId: string;
let ada: Host;
let bob: Host;

beforeAll(async () => {
  backend = await startTeamBackend();
  for (const email of ['ada@example.com', 'bob@example.com', 'vic@example.com']) await backend.standIn.auth.createUser(email, 'correct horse');
  ada = await instance('ada@example.com');
  const status = await ada.team.createOrganization('Acme');
  orgId = status.organization!.id;
  expect(status.organization).toMatchObject({ name: 'Acme', role: 'admin' });
  const invitation = await ada.team.invite('bob@example.com', 'agent_manager');
  bob = await instance('bob@example.com');
  expect((await bob.team.invitations()).received.map((item) => item.organization)).toEqual(['Acme']);
  const joined = await bob.team.acceptInvitation(invitation.id);
  expect(joined.organization).toMatchObject({ id: orgId, role: 'agent_manager' });
}, 90_000);

afterEach(() => {
  backend.standIn.setOffline(false);
});

afterAll(async () => {
  for (const host of hosts.splice(0).reverse()) await host.dispose();
  await backend?.stop();
  removeTeamDataDirs();
});

describe('team sync between two instances', () => {
  it('shows an edit made on one instance on the other, live', async () => {
    const { id } = ada.engine.workflows.save({ document: flow('Greeter') });
    await waitUntil(() => documentOf(bob, id), 'the workflow to reach bob');
    expect(documentOf(bob, id)!.name).toBe('Greeter');

    edit(ada, id, (document) => {
      document.nodes.find((item) => item.id === 'edit')!.parameters.fields = [{ name: 'greeting', value: 'bonjour' }];
    });
    await waitUntil(() => JSON.stringify(nodeOf(bob, id, 'edit')?.parameters).includes('bonjour'), 'the edit to reach bob');
    await waitUntil(() => ada.team.syncStatus().state === 'synced' && ada.team.syncStatus().pending === 0, 'ada to be synced');
    expect(bob.team.syncStatus()).toMatchObject({ state: 'synced', live: true, conflicts: 0 });

    ada.engine.workflows.delete(id);
    await waitUntil(() => documentOf(bob, id) === undefined, 'the deletion (a tombstone) to reach bob');
  });

  it('merges offline edits to different nodes of one workflow, and both converge', async () => {
    const { id } = ada.engine.workflows.save({ document: flow('Offline merge') });
    await waitUntil(() => documentOf(bob, id), 'the workflow to reach bob');
    await ada.team.syncNow();
    await bob.team.syncNow();

    backend.standIn.setOffline(true);
    edit(ada, id, (document) => {
      document.nodes.find((item) => item.id === 'edit')!.parameters.fields = [{ name: 'greeting', value: 'from ada' }];
    });
    edit(bob, id, (document) => {
      document.nodes.find((item) => item.id === 'done')!.notes = 'from bob';
      document.nodes.push(node('no-op.noop', {}, { id: 'extra', name: 'Extra' }));
    });
    await waitUntil(() => ada.team.syncStatus().state === 'offline' && bob.team.syncStatus().state === 'offline', 'both to see they are offline');
    expect(ada.team.syncStatus().pending).toBe(1);
    expect(bob.team.syncStatus().message).toMatch(/cannot be reached/);

    backend.standIn.setOffline(false);
    const converged = () => {
      const [a, b] = [documentOf(ada, id), documentOf(bob, id)];
      return a && b && JSON.stringify(a) === JSON.stringify(b) && a.nodes.some((item) => item.id === 'extra') && JSON.stringify(a).includes('from ada') && JSON.stringify(a).includes('from bob');
    };
    await waitUntil(converged, 'both instances to hold both edits', 20_000);
    await waitUntil(() => ada.team.syncStatus().pending === 0 && bob.team.syncStatus().pending === 0, 'both outboxes to empty');
    expect(ada.team.conflicts()).toEqual([]);
    expect(bob.team.conflicts()).toEqual([]);
  });

  it('surfaces edits to the same field as a conflict, and applies the choice on both sides', async () => {
    const { id } = ada.engine.workflows.save({ document: flow('Same field') });
    await waitUntil(() => documentOf(bob, id), 'the workflow to reach bob');
    await ada.team.syncNow();
    await bob.team.syncNow();

    backend.standIn.setOffline(true);
    const setGreeting = (host: Host, value: string) =>
      edit(host, id, (document) => {
        document.nodes.find((item) => item.id === 'edit')!.parameters.fields = [{ name: 'greeting', value }];
      });
    setGreeting(ada, 'ada says hi');
    setGreeting(bob, 'bob says hi');
    edit(bob, id, (document) => {
      document.description = 'bob also described it';
    });
    backend.standIn.setOffline(false);

    // Back online, both push: whoever pushes second (Realtime's reconnect may start either) holds the conflict.
    await ada.team.syncNow();
    await bob.team.syncNow();
    await ada.team.syncNow();
    const second = ada.team.conflicts().length > 0 ? ada : bob;
    const first = second === ada ? bob : ada;
    const says = (host: Host) => (host === ada ? 'ada says hi' : 'bob says hi');
    expect(first.team.conflicts()).toEqual([]);
    const conflicts = second.team.conflicts();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ kind: 'workflow', entityId: id, name: 'Same field' });
    expect(conflicts[0]!.fields).toEqual([
      expect.objectContaining({ path: 'document.nodes.edit.parameters.fields', label: 'Node “Edit”: parameters.fields', local: [{ name: 'greeting', value: says(second) }], remote: [{ name: 'greeting', value: says(first) }] }),
    ]);
    expect(second.team.syncStatus()).toMatchObject({ state: 'conflict', conflicts: 1 });
    // Nothing dropped: the second's copy still has its value until a choice is made.
    expect(JSON.stringify(nodeOf(second, id, 'edit')!.parameters)).toContain(says(second));

    second.team.resolveConflict(conflicts[0]!.id, { 'document.nodes.edit.parameters.fields': 'remote' });
    await second.team.syncNow();
    await first.team.syncNow();
    await waitUntil(() => documentOf(ada, id)?.description === 'bob also described it' && documentOf(bob, id)?.description === 'bob also described it', 'bob\'s other edit on both sides');
    await waitUntil(() => JSON.stringify(documentOf(bob, id)) === JSON.stringify(documentOf(ada, id)), 'both sides to converge');
    expect(JSON.stringify(nodeOf(ada, id, 'edit')!.parameters)).toContain(says(first));
    expect(second.team.syncStatus().state).toBe('synced');
    expect(second.team.audit.list('conflict_resolved', 10, 0).entries).toHaveLength(1);
  });

  it('misses nothing while the WebSocket is down for 10 s: every SUBSCRIBED catches up', async () => {
    await waitUntil(() => bob.team.syncStatus().live, 'bob to be live');
    backend.standIn.realtime.interrupt(10_000);
    await waitUntil(() => !bob.team.syncStatus().live, 'bob to notice the dropped socket');
    const ids = ['During A', 'During B', 'During C'].map((name) => ada.engine.workflows.save({ document: flow(name) }).id);
    await ada.team.syncNow();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ids.filter((id) => documentOf(bob, id))).toEqual([]);

    await waitUntil(() => bob.team.syncStatus().live, 'bob to reconnect', 20_000);
    await waitUntil(() => ids.every((id) => documentOf(bob, id)), 'bob to catch up on every change made while disconnected');
  }, 40_000);

  it('refuses a viewer\'s push, keeps the local change and marks it rejected', async () => {
    await ada.team.invite('vic@example.com', 'viewer');
    const vic = await instance('vic@example.com');
    const [invitation] = (await vic.team.invitations()).received;
    await vic.team.acceptInvitation(invitation!.id);
    await vic.team.syncNow();

    const { id } = vic.engine.workflows.save({ document: flow('Viewer attempt') });
    await waitUntil(() => vic.team.rejected().length === 1, 'the push to be refused');
    const [rejected] = vic.team.rejected();
    expect(rejected).toMatchObject({ kind: 'workflow', entityId: id, name: 'Viewer attempt' });
    expect(rejected!.reason).toMatch(/viewer/);
    expect(documentOf(vic, id)?.name).toBe('Viewer attempt');
    expect(vic.team.syncStatus()).toMatchObject({ rejected: 1 });
    await ada.team.syncNow();
    expect(documentOf(ada, id)).toBeUndefined();

    expect(vic.team.discardRejected('workflow', id)).toBe(true);
    expect(documentOf(vic, id)).toBeUndefined();
    expect(vic.team.syncStatus().rejected).toBe(0);
  });

  it('pulls only below the oldest running transaction: a late commit is not skipped', async () => {
    const client = new pg.Client({ connectionString: backend.databaseUrl });
    const other = new pg.Client({ connectionString: backend.databaseUrl });
    await client.connect();
    await other.connect();
    try {
      const insert = (db: pg.Client, id: string) =>
        db.query("insert into public.workflows (org_id, id, name, document) values ($1, $2, $2, $3)", [orgId, id, JSON.stringify({ schemaVersion: 1, name: id, nodes: [], edges: [] })]);
      await client.query('begin');
      await insert(client, 'wf-late-commit');
      await insert(other, 'wf-early-commit');
      await bob.team.syncNow();
      expect(documentOf(bob, 'wf-early-commit')).toBeUndefined();
      await client.query('commit');
      await bob.team.syncNow();
      expect(documentOf(bob, 'wf-late-commit')?.name).toBe('wf-late-commit');
      expect(documentOf(bob, 'wf-early-commit')?.name).toBe('wf-early-commit');
    } finally {
      await client.end();
      await other.end();
    }
  });

  it('shares run summaries, announces finished runs, shows presence and keeps an audit log on both sides', async () => {
    const finished: unknown[] = [];
    const listener = bob.bus.on('team.runFinished', (payload) => finished.push(payload));
    await ada.engine.start({ owner: 'test', recover: false });
    const { id } = ada.engine.workflows.save({ document: chain('Shared run', [manualStart()]) });
    const run = await ada.engine.run({ workflowId: id });
    await ada.engine.waitFor(run.row.id);
    await waitUntil(() => bob.team.runs(10).find((item) => item.subjectName === 'Shared run' && item.status === 'succeeded'), 'the run summary to reach bob');
    await waitUntil(() => finished.length > 0, 'the run-finished broadcast');
    expect(finished[0]).toMatchObject({ by: 'ada', kind: 'execution', subjectName: 'Shared run', status: 'succeeded' });
    listener.dispose();

    await ada.team.setPresence({ kind: 'workflow', id, editing: true });
    await waitUntil(() => bob.team.presence().find((entry) => entry.email === 'ada@example.com' && entry.subject?.id === id), 'ada\'s presence on bob');
    expect(bob.team.presence().find((entry) => entry.self)?.email).toBe('bob@example.com');
    expect((await ada.team.members()).find((member) => member.email === 'bob@example.com')).toMatchObject({ role: 'agent_manager', online: true });

    const local = ada.team.audit.list('workflow.create', 100, 0);
    expect(local.entries.some((entry) => entry.subjectName === 'Shared run' && entry.actor === 'ada@example.com')).toBe(true);
    await ada.team.syncNow();
    const team = await ada.team.auditEntries('team', 'Shared run', 50, 0);
    expect(team.entries.map((entry) => entry.action)).toContain('workflow.create');
    await expect(bob.team.auditEntries('team', undefined, 10, 0)).rejects.toThrow(/Only admins/);
    const csv = await ada.team.auditExport('local', 'Shared run', 'csv');
    expect(csv.text.split('\n')[0]).toBe('at,actor,action,subjectKind,subjectId,subjectName,detail');
    expect(csv.text).toContain('workflow.create');
  });

  it('keeps the session in the vault: a restarted instance is signed in without a password', async () => {
    const dataDir = teamDataDir();
    const first = await instance('bob@example.com', dataDir);
    await first.team.switchOrganization(orgId);
    const session = first.vault.reveal('ECHELON_TEAM_SESSION', undefined, { kind: 'test', id: 'session' });
    expect(JSON.parse(session).refresh_token).toBeTruthy();
    hosts.splice(hosts.indexOf(first), 1);
    await first.dispose();

    const again = await openUnlockedHost(dataDir, { team: { pollMs: 100, heartbeatIntervalMs: 1000 } });
    hosts.push(again);
    await waitUntil(() => again.team.status().user?.email === 'bob@example.com' && again.team.status().organization?.id === orgId, 'the session to come back from the vault');
    await again.team.signOut();
    expect(again.team.status().user).toBeUndefined();
    expect(again.vault.exists('ECHELON_TEAM_SESSION')).toBe(false);
  });
});
