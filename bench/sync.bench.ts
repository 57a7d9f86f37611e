// Team sync through the Supabase stand-in on a real PostgreSQL: change-to-visible latency between
// two instances, initial sync of 10,000 rows, and outbox push throughput.
import type { Host } from '../electron/main/services/host';
import type { WorkflowDocument } from '../shared/workflow/document';
import { removeTeamDataDirs, startTeamBackend, teamDataDir, teamInstance, type TeamBackend } from '../tests/helpers/team';
import { openUnlockedHost } from '../tests/helpers/vault';
import { percentiles, report, round } from './stats';

const LATENCY_SAMPLES = 100;
const INITIAL_ROWS = 10_000;
const PUSH_CHANGES = 2_000;

const flow = (name: string, value: string): WorkflowDocument => ({
  schemaVersion: 1,
  name,
  nodes: [
    { id: 'start', type: 'manual.trigger', typeVersion: '1.0.0', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
    { id: 'edit', type: 'transform.edit', typeVersion: '1.0.0', name: 'Edit', position: { x: 300, y: 0 }, parameters: { fields: [{ name: 'value', value }] } },
  ],
  edges: [{ from: { node: 'start', output: 'main' }, to: { node: 'edit', input: 'main' } }],
});

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves the moment `check` holds on `host`: looked at after each of its writes (a busy poll would steal the event loop the sync runs on). */
function visibleOn(host: Host, check: () => boolean, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error('timed out')), ms);
    const subscription = host.bus.on('store.changed', ({ tables }) => {
      if (tables.includes('workflow_versions') && check()) done();
    });
    if (check()) done();
  });
}

/** A save on one instance until the other holds it: push, Realtime hint, pull, apply. */
async function changeToVisible(a: Host, b: Host): Promise<void> {
  const { id } = a.engine.workflows.save({ document: flow('Latency', 'v0') });
  await visibleOn(b, () => b.engine.workflows.resolve(id)?.id === id);
  const samples: number[] = [];
  for (let i = 1; i <= LATENCY_SAMPLES; i++) {
    const value = `v${i}`;
    const started = performance.now();
    const visible = visibleOn(b, () => JSON.stringify(b.engine.workflows.document(id).document.nodes.find((node) => node.id === 'edit')?.parameters).includes(`"${value}"`));
    a.engine.workflows.save({ id, document: flow('Latency', value) });
    await visible;
    samples.push(performance.now() - started);
  }
  // The floor, measured beside it: one API round trip (a one-row read through the stand-in, as b).
  const floor: number[] = [];
  const client = (b.team as unknown as { auth: { client(): import('@supabase/supabase-js').SupabaseClient } }).auth.client();
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const started = performance.now();
    await client.from('organizations').select('id').limit(1);
    floor.push(performance.now() - started);
  }
  const { p50, p95, p99 } = percentiles(samples);
  const round_trip = percentiles(floor);
  report({
    bench: 'sync',
    metric: 'change_to_visible_ms',
    samples: LATENCY_SAMPLES,
    p50: round(p50),
    p95: round(p95),
    p99: round(p99),
    floor_round_trip_p50: round(round_trip.p50),
    floor_round_trip_p95: round(round_trip.p95),
    note: 'save, push RPC, Realtime hint, pull RPC, apply: at least two round trips and a notification',
    goal_p95_ms: 150,
  });
}

/** 10,000 rows already on the team; a new instance signs in and pulls them all. */
async function initialSync(backend: TeamBackend, orgId: string): Promise<void> {
  await backend.standIn.pool.query(
    `insert into public.workflows (org_id, id, name, document)
     select $1, 'wf-seed-' || n, 'Seeded ' || n, $2::jsonb || jsonb_build_object('name', 'Seeded ' || n) from generate_series(1, $3) n`,
    [orgId, JSON.stringify(flow('Seeded', 'seed')), INITIAL_ROWS],
  );
  const opening = performance.now();
  const fresh = await openUnlockedHost(teamDataDir(), { team: { pollMs: 100, heartbeatIntervalMs: 1000 } });
  // As in the app: the engine runs, so schedules, webhooks and listeners follow what arrives.
  await fresh.engine.start({ owner: 'bench', recover: false });
  const openMs = performance.now() - opening;
  const started = performance.now();
  await fresh.team.configure({ projectUrl: backend.standIn.url, anonKey: backend.standIn.anonKey });
  await fresh.team.signIn({ method: 'password', email: 'cy@example.com', password: 'correct horse' });
  await fresh.team.switchOrganization(orgId);
  await fresh.team.syncNow();
  const ms = performance.now() - started;
  const rows = fresh.engine.workflows.all().filter((row) => row.id.startsWith('wf-seed-')).length;
  report({ bench: 'sync', metric: 'initial_sync', rows, ms: round(ms, 0), open_ms: round(openMs, 0), note: 'sign-in to all rows applied; open_ms (data dir, vault, engine start) before it is not counted', rows_per_s: round((rows / ms) * 1000, 0), goal_ms: 5000 });
  await fresh.dispose();
}

/** Local changes queued while offline, then pushed: changes accepted by the server per second. */
async function pushThroughput(host: Host): Promise<void> {
  await host.team.syncNow();
  for (let i = 0; i < PUSH_CHANGES; i++) host.engine.workflows.save({ document: flow(`Pushed ${i}`, String(i)) });
  const pending = host.team.syncStatus().pending;
  const started = performance.now();
  await host.team.syncNow();
  const ms = performance.now() - started;
  report({ bench: 'sync', metric: 'outbox_push', changes: pending, left: host.team.syncStatus().pending, ms: round(ms, 0), changes_per_s: round((pending / ms) * 1000, 0), goal_per_s: 1000 });
}

export default async function syncBench(): Promise<void> {
  const backend = await startTeamBackend();
  const hosts: Host[] = [];
  try {
    for (const email of ['ada@example.com', 'bob@example.com', 'cy@example.com']) await backend.standIn.auth.createUser(email, 'correct horse');
    const ada = await teamInstance(backend, 'ada@example.com');
    hosts.push(ada);
    const orgId = (await ada.team.createOrganization('Bench')).organization!.id;
    for (const email of ['bob@example.com', 'cy@example.com']) await ada.team.invite(email, 'agent_manager');
    const bob = await teamInstance(backend, 'bob@example.com');
    hosts.push(bob);
    await bob.team.acceptInvitation((await bob.team.invitations()).received[0]!.id);
    await waitFor(() => bob.team.syncStatus().live && ada.team.syncStatus().live);

    await changeToVisible(ada, bob);
    await pushThroughput(ada);
    const cy = await teamInstance(backend, 'cy@example.com');
    await cy.team.acceptInvitation((await cy.team.invitations()).received[0]!.id);
    await cy.dispose();
    await initialSync(backend, orgId);
  } finally {
    for (const host of hosts.reverse()) await host.dispose();
    await backend.stop();
    removeTeamDataDirs();
  }
}
