import { randomUUID } from 'node:crypto';
import httpServer from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CountingServer } from '../helpers/counting-server';
import { asRole } from '../helpers/supabase-db';
import { httpNode as http, setNode, startTeamRig, until, type TeamRig } from '../helpers/team-workers';

/**
 * `echelon worker` as real processes against a real Redis and PostgreSQL: a worker killed with
 * SIGKILL mid-run has its run resumed by another at its first unfinished step; SIGTERM drains.
 */

let rig: TeamRig;
let counting: CountingServer;

const shareWorkflow = (id: string, nodes: Array<ReturnType<typeof http>>) => rig.shareWorkflow(id, nodes);
/** The worker whose pooled connection listens for the team (the relay of cancels and enqueues). */
const relaying = async () =>
  ((await rig.admin.query("select application_name from pg_stat_activity where datname = current_database() and query ilike 'listen%'")).rows[0]?.application_name as string | undefined)?.replace('echelon-worker ', '');
const enqueue = async (workflowId: string) => (await rig.enqueue(workflowId))[0]!;
const startWorker = (name: string, extra: string[] = []) => rig.startWorker(name, extra);

const execution = async (id: number) => (await rig.admin.query('select status, recoveries, lease_owner from private.executions where id = $1', [id])).rows[0] as { status: string; recoveries: number; lease_owner: string };
const steps = async (id: number) =>
  (await rig.admin.query('select node_id, status, attempt from private.execution_steps where execution_id = $1 order by seq', [id])).rows.map((row) => [row.node_id, row.status, row.attempt]);

beforeAll(async () => {
  [rig, counting] = await Promise.all([startTeamRig(), CountingServer.start()]);
}, 60_000);

afterEach(() => rig.killWorkers());

afterAll(async () => {
  await counting?.stop();
  await rig?.stop();
});

describe('echelon worker', () => {
  it('resumes a run whose worker was killed with SIGKILL at its first unfinished step, on another worker', async () => {
    let holdB = true;
    counting.on('/kill-b', () => (holdB ? 'hold' : { status: 200, body: { ok: true } }));
    await shareWorkflow('wf-kill', [http('a', counting.url('/kill-a')), http('b', counting.url('/kill-b')), http('c', counting.url('/kill-c'))]);
    const first = await startWorker('first');
    const id = await enqueue('wf-kill');
    await until('the first worker to call b', async () => (counting.count('/kill-b') === 1 ? true : undefined));
    expect((await execution(id)).lease_owner).toBe('first');
    first.kill('SIGKILL');
    holdB = false;

    await startWorker('second');
    const done = await until('the run to finish on the second worker', async () => {
      const row = await execution(id);
      return row.status === 'succeeded' ? row : undefined;
    });
    expect(done.lease_owner).toBe('second');
    expect(done.recoveries).toBe(1);
    // a ran once; b, killed mid-call, was called again with the same idempotency key; c once.
    expect(counting.count('/kill-a')).toBe(1);
    expect(counting.keys('/kill-b')).toHaveLength(2);
    expect(counting.keys('/kill-b')[1]).toBe(counting.keys('/kill-b')[0]);
    expect(counting.count('/kill-c')).toBe(1);
    expect(await steps(id)).toEqual([
      ['start', 'succeeded', 1],
      ['a', 'succeeded', 1],
      ['b', 'succeeded', 1],
      ['c', 'succeeded', 1],
    ]);
    const { rows } = await rig.admin.query('select key from private.idempotency_keys where execution_id = $1 and node_id = $2', [id, 'b']);
    expect(rows.map((row) => row.key)).toEqual([counting.keys('/kill-b')[0]]);
  }, 180_000);

  it('runs a sub-workflow on the worker holding its parent; killed mid-child, the next worker resumes both, starting no second child', async () => {
    let hold = true;
    counting.on('/child-hold', () => (hold ? 'hold' : { status: 200, body: { ok: true } }));
    await shareWorkflow('wf-child', [http('child-call', counting.url('/child-hold')), setNode('shape', 'fromChild', 'child output')]);
    await shareWorkflow('wf-parent', [{ id: 'call', type: 'sub-workflow.execute', parameters: { workflowId: 'wf-child' } }, http('after', counting.url('/parent-after'))]);
    const first = await startWorker('sub-1');
    const id = await enqueue('wf-parent');
    await until('the child to call out', async () => (counting.count('/child-hold') === 1 ? true : undefined));
    const children = async () => (await rig.admin.query('select id, status, lease_owner, trigger from private.executions where parent_id = $1', [id])).rows;
    expect(await children()).toMatchObject([{ status: 'running', lease_owner: 'sub-1', trigger: 'sub-workflow' }]);
    first.kill('SIGKILL');
    hold = false;

    await startWorker('sub-2');
    const done = await until('the parent to finish on the next worker', async () => {
      const row = await execution(id);
      if (['failed', 'crashed', 'cancelled'].includes(row.status)) throw new Error(`The parent ended ${row.status}`);
      return row.status === 'succeeded' ? row : undefined;
    });
    expect(done.lease_owner).toBe('sub-2');
    expect(await children()).toMatchObject([{ status: 'succeeded', lease_owner: 'sub-2' }]);
    // The child's call in flight repeated once with its idempotency key; the parent went on once.
    expect(counting.keys('/child-hold')).toHaveLength(2);
    expect(counting.keys('/child-hold')[1]).toBe(counting.keys('/child-hold')[0]);
    expect(counting.count('/parent-after')).toBe(1);
    const { rows } = await rig.admin.query("select output from private.execution_steps where execution_id = $1 and node_id = 'call'", [id]);
    expect(rows[0].output).toContain('child output');
  }, 180_000);

  it('keeps binary data in Postgres: a worker taking a run over reads the file another wrote; a binary over --binary-max-mb fails its step by the limit', async () => {
    let hold = true;
    counting.on('/bin-sink', () => (hold ? 'hold' : { status: 200, body: { ok: true } }));
    const note = 'a file made on the first worker';
    await shareWorkflow('wf-binary', [
      setNode('note', 'note', note),
      { id: 'file', type: 'files.convert', parameters: { format: 'text', sourceProperty: 'note' } },
      { id: 'upload', type: 'http-request.send', parameters: { url: counting.url('/bin-sink'), method: 'POST', bodyType: 'binary', binaryProperty: 'data' } },
    ]);
    const first = await startWorker('bin-1');
    const id = await enqueue('wf-binary');
    await until('the upload of the file', async () => (counting.count('/bin-sink') === 1 ? true : undefined));
    first.kill('SIGKILL');
    hold = false;
    // Its own disk never saw the file: it comes from Postgres, and the upload is sent again with its key.
    await startWorker('bin-2', ['--binary-max-mb', '1']);
    const done = await until('the run to finish on the next worker', async () => {
      const row = await execution(id);
      if (['failed', 'crashed', 'cancelled'].includes(row.status)) throw new Error(`The run ended ${row.status}`);
      return row.status === 'succeeded' ? row : undefined;
    });
    expect(done.lease_owner).toBe('bin-2');
    expect(counting.requests.filter((request) => request.path === '/bin-sink').map((request) => request.body)).toEqual([note, note]);
    expect(new Set(counting.keys('/bin-sink')).size).toBe(1);
    const { rows: files } = await rig.admin.query('select file, bytes from private.execution_files where execution_id = $1', [id]);
    expect(files).toEqual([{ file: expect.stringMatching(new RegExp(`^${id}/binary-file-`)), bytes: Buffer.byteLength(note) }]);
    // A member's desktop reads it through the API; someone outside the team does not.
    const member = randomUUID();
    await rig.admin.query('insert into auth.users (id, email) values ($1, $2)', [member, 'files@example.com']);
    await rig.admin.query("insert into public.memberships (org_id, user_id, role, email) values ($1, $2, 'viewer', 'files@example.com')", [rig.org, member]);
    const read = (sub: string) => asRole(rig.admin, 'authenticated', { sub }, async (client) => (await client.query('select public.execution_file($1, $2, $3) as data', [rig.org, id, files[0].file])).rows[0].data as Buffer | null);
    expect((await read(member))?.toString()).toBe(note);
    expect(await read(randomUUID())).toBeNull();

    // 1.5 MB of text: its step output is offloaded to a file (kept in Postgres too), its binary refused.
    await shareWorkflow('wf-too-big', [setNode('big', 'note', 'x'.repeat(1_500_000)), { id: 'file', type: 'files.convert', parameters: { format: 'text', sourceProperty: 'note' } }]);
    const big = await enqueue('wf-too-big');
    const failed = await until('the big run to fail', async () => {
      const { rows } = await rig.admin.query("select status, error from private.executions where id = $1 and status = 'failed'", [big]);
      return rows[0] as { error: string } | undefined;
    });
    expect(JSON.parse(failed.error).message).toMatch(/Binary data of 1\.4 MB is over the limit of 1\.0 MB on team workers/);
    const { rows: offloaded } = await rig.admin.query('select bytes from private.execution_files where execution_id = $1', [big]);
    expect(offloaded.length).toBeGreaterThan(0);
    expect(offloaded.every((row) => row.bytes > 1_500_000)).toBe(true);
  }, 180_000);

  it('on SIGTERM stops taking work, hands back the run it holds within the grace period and exits 0', async () => {
    let hold = true;
    counting.on('/term-slow', () => (hold ? 'hold' : { status: 200, body: { ok: true } }));
    await shareWorkflow('wf-term', [http('slow', counting.url('/term-slow')), http('after', counting.url('/term-after'))]);
    const leaving = await startWorker('leaving', ['--grace-ms', '500']);
    const id = await enqueue('wf-term');
    await until('the slow call', async () => (counting.count('/term-slow') === 1 ? true : undefined));
    const exited = new Promise<number | null>((resolve) => leaving.once('exit', (code) => resolve(code)));
    const signalled = Date.now();
    leaving.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    const handedBack = await execution(id);
    expect(handedBack.status).toBe('queued');
    expect(handedBack.recoveries).toBe(0);
    hold = false;

    await startWorker('staying');
    const done = await until('the run to finish on the next worker', async () => {
      const row = await execution(id);
      return row.status === 'succeeded' ? row : undefined;
    });
    expect(done.lease_owner).toBe('staying');
    expect(done.recoveries).toBe(0);
    expect(counting.count('/term-after')).toBe(1);
    const { rows } = await rig.admin.query("select status from public.workers where org_id = $1 and id = 'leaving'", [rig.org]);
    expect(rows).toEqual([{ status: 'stopped' }]);
  }, 180_000);

  it('stops a running job within a second of a cancel from a desktop', async () => {
    // A call that never answers, and when the worker gave up on it.
    let closedAt = 0;
    let arrived = false;
    const slow = httpServer.createServer((request) => {
      arrived = true;
      request.socket.once('close', () => (closedAt = Date.now()));
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/never`;
      await shareWorkflow('wf-cancel', [http('never', url), http('after', counting.url('/cancel-after'))]);
      await startWorker('canceller');
      // A relay killed by the last test hands over within the lock time: this test times the cancel itself.
      await until('the canceller to relay cancels', async () => ((await relaying()) === 'canceller' ? true : undefined));
      const id = await enqueue('wf-cancel');
      await until('the call to start', async () => (arrived ? true : undefined));
      const cancelledAt = Date.now();
      expect((await rig.producer.cancel(id))?.status).toBe('cancelled');
      await until('the worker to abort the call', async () => (closedAt ? true : undefined), 5000);
      expect(closedAt - cancelledAt).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await execution(id)).status).toBe('cancelled');
      expect(counting.count('/cancel-after')).toBe(0);
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  }, 180_000);
});
