import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CountingServer } from '../helpers/counting-server';
import { httpNode, setNode, startTeamRig, until, type TeamRig } from '../helpers/team-workers';

/**
 * What starts team runs on real `echelon worker` processes (real Redis, real PostgreSQL): a
 * desktop's enqueue (NOTIFY at commit), a schedule (a BullMQ job scheduler: one run per tick
 * however many workers run), a webhook on `--webhook-port`, named queues.
 */

let rig: TeamRig;
let counting: CountingServer;
const person = randomUUID();

/** Queues a run as a signed-in admin's desktop does: `public.enqueue_execution` through the API. */
async function enqueueAsPerson(workflowId: string, input: unknown): Promise<number> {
  await rig.admin.query('begin');
  try {
    await rig.admin.query('set local role authenticated');
    await rig.admin.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: person, role: 'authenticated' })]);
    const { rows } = await rig.admin.query('select public.enqueue_execution($1, $2, $3) as queued', [rig.org, workflowId, JSON.stringify(input)]);
    await rig.admin.query('commit');
    return Number((rows[0].queued as { id: number }).id);
  } catch (error) {
    await rig.admin.query('rollback');
    throw error;
  }
}

const execution = async (id: number) =>
  (await rig.admin.query('select status, lease_owner, queue, trigger, error from private.executions where id = $1', [id])).rows[0] as { status: string; lease_owner: string; queue: string; trigger: string; error: string | null };
const finished = (id: number) =>
  until(`run ${id} to succeed`, async () => {
    const row = await execution(id);
    if (row && ['failed', 'crashed', 'cancelled'].includes(row.status)) throw new Error(`Run ${id} ended ${row.status}: ${row.error}`);
    return row?.status === 'succeeded' ? row : undefined;
  });

beforeAll(async () => {
  [rig, counting] = await Promise.all([startTeamRig(), CountingServer.start()]);
  await rig.admin.query('insert into auth.users (id, email) values ($1, $2)', [person, 'ops@example.com']);
  await rig.admin.query("insert into public.memberships (org_id, user_id, role, email) values ($1, $2, 'admin', 'ops@example.com')", [rig.org, person]);
}, 120_000);

afterAll(async () => {
  await counting?.stop();
  await rig?.stop();
});

describe('team runs start', () => {
  afterEach(() => rig.killWorkers());

  it('from a desktop: the committed row gets its job from the NOTIFY, or from the sweep of a worker started later', async () => {
    await rig.shareWorkflow('wf-desktop', [setNode('greet', 'greeting', '={{ "hello " + $json.name }}')], { runOn: 'team' });
    // Queued while no worker runs: nobody hears the notification; the first worker's sweep adds the job.
    const early = await enqueueAsPerson('wf-desktop', { name: 'early' });
    await rig.startWorker('desk-1');
    await finished(early);
    const live = await enqueueAsPerson('wf-desktop', { name: 'live' });
    expect((await finished(live)).lease_owner).toBe('desk-1');
    const { rows } = await rig.admin.query("select output from private.execution_steps where execution_id = $1 and node_id = 'greet'", [live]);
    expect(rows[0].output).toContain('hello live');
  }, 120_000);

  it('from a webhook on --webhook-port: answered with the run id, the run done by the workers', async () => {
    await rig.shareWorkflow('wf-hook', [{ id: 'hook', type: 'webhook.trigger', parameters: { path: 'orders/new', method: 'POST' } }, httpNode('notify', counting.url('/hook'))], { runOn: 'team' });
    const intake = await rig.startWorker('hooks', ['--webhook-port', '0']);
    // Printed right after "is taking runs", possibly in the next chunk of output.
    const port = await until('the webhook address', async () => Number(/Team webhooks: http:\/\/127\.0\.0\.1:(\d+)\//.exec(intake.output())?.[1]) || undefined);
    expect(port).toBeGreaterThan(0);
    const response = await until('the webhook route', async () => {
      const answer = await fetch(`http://127.0.0.1:${port}/webhook/orders/new`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order: 42 }) });
      return answer.status === 404 ? undefined : answer;
    });
    expect(response.status).toBe(200);
    const { executionId } = (await response.json()) as { executionId: number };
    const row = await finished(executionId);
    expect(row.trigger).toBe('webhook');
    expect(counting.count('/hook')).toBe(1);
    // A workflow left on the desktops has no route on the workers.
    await rig.shareWorkflow('wf-local', [{ id: 'hook', type: 'webhook.trigger', parameters: { path: 'local', method: 'POST' } }]);
    expect((await fetch(`http://127.0.0.1:${port}/webhook/local`, { method: 'POST' })).status).toBe(404);
  }, 120_000);

  it('serves /metrics to a scrape with the token: the worker\'s series beside the engine\'s', async () => {
    await rig.shareWorkflow('wf-metered', [setNode('m', 'metered', true)], { runOn: 'team' });
    const token = 'scrape-token-for-tests-0123456789';
    const metered = await rig.startWorker('metered', ['--metrics-port', '0', '--concurrency', '8'], { ECHELON_METRICS_TOKEN: token });
    const url = /Metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(metered.output())?.[1];
    expect(url).toBeDefined();
    expect((await fetch(url!)).status).toBe(401);
    await finished(await enqueueAsPerson('wf-metered', {}));
    const text = await until('the finished run in /metrics', async () => {
      const body = await (await fetch(url!, { headers: { authorization: `Bearer ${token}` } })).text();
      return /echelon_worker_executions_total\{status="succeeded"\} 1/.test(body) ? body : undefined;
    });
    expect(text).toMatch(/echelon_worker_concurrency 8/);
    expect(text).toMatch(/echelon_worker_last_heartbeat_seconds \d{10}/);
    expect(text).toMatch(/echelon_executions_total\{[^}]*status="succeeded"/);
  }, 120_000);

  it('on named queues: a run goes to the workers taking its workflow\'s queue', async () => {
    await rig.shareWorkflow('wf-report', [setNode('report', 'done', true)], { runOn: 'team', workerQueue: 'reports' });
    await rig.startWorker('plain');
    await rig.startWorker('reporter', ['--queues', 'urgent,reports']);
    const ids = await Promise.all([1, 2, 3].map((n) => enqueueAsPerson('wf-report', { n })));
    for (const id of ids) {
      const row = await finished(id);
      expect(row).toMatchObject({ queue: 'reports', lease_owner: 'reporter' });
    }
  }, 120_000);
});

/** Cases about how several workers share work: one set of three workers serves them all. */
describe('three workers', () => {
  let trio: Map<string, Awaited<ReturnType<TeamRig['startWorker']>>>;
  beforeAll(async () => {
    // Shared before they start: a worker reads the team's schedules at start (then every 10 s).
    await rig.shareWorkflow('wf-tick', [{ id: 'tick', type: 'schedule.trigger', parameters: { every: 1, unit: 'seconds' } }, setNode('mark', 'ticked', true)], { runOn: 'team' });
    trio = new Map(await Promise.all(['trio-1', 'trio-2', 'trio-3'].map(async (name) => [name, await rig.startWorker(name)] as const)));
  }, 120_000);
  afterAll(() => rig.killWorkers());

  it('from a schedule: one run per tick across 3 workers', async () => {
    const runs = async () =>
      (await rig.admin.query("select id, dedup_key, status from private.executions where workflow_id = 'wf-tick' order by id")).rows as Array<{ id: number; dedup_key: string; status: string }>;
    await until('five ticks', async () => ((await runs()).length >= 5 ? true : undefined), 40_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const all = await runs();
    const ticks = all.map((run) => Number(run.dedup_key.split(':').pop()));
    // One run per tick: every tick time once, a second apart.
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.slice(1).map((tick, i) => tick - ticks[i]!)).toEqual(ticks.slice(1).map(() => 1000));
    const { rows } = await rig.admin.query("select count(*)::int as schedulers from (select distinct lease_owner from private.executions where workflow_id = 'wf-tick') x");
    expect(rows[0].schedulers).toBeGreaterThanOrEqual(1);
  }, 120_000);


  it('through one relay: each worker holds at most 2 Postgres connections, one of them listens for all, and another takes over when it dies', async () => {
    await rig.shareWorkflow('wf-relay', [setNode('mark', 'relayed', true)], { runOn: 'team' });
    const connections = async () =>
      (
        await rig.admin.query(
          "select application_name as name, count(*)::int as n, count(*) filter (where query ilike 'listen%')::int as listening from pg_stat_activity where datname = current_database() and application_name like 'echelon-worker trio-%' group by 1",
        )
      ).rows as Array<{ name: string; n: number; listening: number }>;
    const listener = () => until('one worker to listen', async () => (await connections()).find((row) => row.listening > 0)?.name.replace('echelon-worker ', ''));
    const first = await listener();
    // Under load (500 runs on three workers) every pool stays at its two connections, the listener's included.
    const busy = rig.enqueue('wf-relay', 500);
    let most = 0;
    for (const started = Date.now(); Date.now() - started < 3000; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const rows = await connections();
      most = Math.max(most, ...rows.map((row) => row.n));
      expect(rows.filter((row) => row.listening > 0).length).toBeLessThanOrEqual(1);
    }
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
    await busy;
    // A desktop's enqueue reaches the workers through the relay.
    await finished(await enqueueAsPerson('wf-relay', {}));
    trio.get(first)!.kill('SIGKILL');
    const next = await until('another worker to listen', async () => {
      const name = await listener();
      return name !== first ? name : undefined;
    });
    expect([...trio.keys()].filter((name) => name !== first)).toContain(next);
    await finished(await enqueueAsPerson('wf-relay', {}));
  }, 120_000);
});
