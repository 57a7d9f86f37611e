import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingServer } from '../helpers/counting-server';
import { httpNode, setNode, startTeamRig, until, type TeamRig } from '../helpers/team-workers';

/**
 * Team workers under load, as real processes against a real Redis and PostgreSQL: every queued
 * run runs exactly once across 3 workers, also while Redis and then Postgres restart under them.
 * The last step calls a counting HTTP server: one idempotency key per run reaches it, and a key
 * seen twice is only a call a takeover repeated (with the same key).
 */

let rig: TeamRig;
let counting: CountingServer;

const statuses = async (workflowId: string) =>
  Object.fromEntries(
    (await rig.admin.query('select status, count(*)::int as n from private.executions where workflow_id = $1 group by status', [workflowId])).rows.map((row) => [row.status, row.n]),
  ) as Record<string, number>;

async function allSucceeded(workflowId: string, total: number, ms: number): Promise<void> {
  let counts: Record<string, number> = {};
  await until(
    `${total} runs of ${workflowId} to succeed`,
    async () => {
      counts = await statuses(workflowId).catch(() => counts);
      return counts.succeeded === total ? true : undefined;
    },
    ms,
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(counts)}\n${rig.workers.map((child) => (child as unknown as { output(): string }).output().slice(-3000)).join('\n---\n')}`);
  });
}

/** Each run's steps ran once each (no step of a run repeated), and each run's call arrived with one key. */
async function expectExactlyOnce(workflowId: string, path: string, total: number): Promise<void> {
  const { rows } = await rig.admin.query(
    `select count(*)::int as steps, count(distinct s.execution_id)::int as runs, max(s.attempt)::int as attempt
     from private.execution_steps s join private.executions e on e.id = s.execution_id where e.workflow_id = $1`,
    [workflowId],
  );
  expect(rows[0]).toMatchObject({ steps: total * 4, runs: total, attempt: 1 });
  const keys = counting.keys(path);
  expect(new Set(keys).size).toBe(total);
  const { rows: recovered } = await rig.admin.query('select coalesce(sum(recoveries), 0)::int as n from private.executions where workflow_id = $1', [workflowId]);
  // A run taken over mid-call repeats that one call, with its key: never more.
  expect(keys.length - total).toBeLessThanOrEqual(recovered[0].n);
}

beforeAll(async () => {
  [rig, counting] = await Promise.all([startTeamRig(), CountingServer.start()]);
  // One set of 3 workers for both cases (booting them is most of a case's set-up).
  await Promise.all(['load-1', 'load-2', 'load-3'].map((name) => rig.startWorker(name, ['--concurrency', '32', '--lock-ms', '5000'])));
}, 120_000);

afterAll(async () => {
  await counting?.stop();
  await rig?.stop();
});

describe('team workers under load', () => {
  it('runs each of 2,000 queued executions exactly once across 3 workers', async () => {
    await rig.shareWorkflow('wf-load', [setNode('a', 'a', 1), setNode('b', 'b', 2), httpNode('call', counting.url('/load'))]);
    const started = Date.now();
    for (let i = 0; i < 4; i++) await rig.enqueue('wf-load', 500);
    await allSucceeded('wf-load', 2000, 240_000);
    const seconds = (Date.now() - started) / 1000;
    await expectExactlyOnce('wf-load', '/load', 2000);
    const { rows } = await rig.admin.query("select lease_owner, count(*)::int as n from private.executions where workflow_id = 'wf-load' group by lease_owner");
    // All three took their share.
    expect(rows).toHaveLength(3);
    console.info(`2,000 runs on 3 workers in ${seconds.toFixed(1)} s (${rows.map((row) => `${row.lease_owner}: ${row.n}`).join(', ')})`);
  }, 300_000);

  it('loses and repeats nothing while Redis, then Postgres, restart under load', async () => {
    await rig.shareWorkflow('wf-restart', [setNode('a', 'a', 1), setNode('b', 'b', 2), httpNode('call', counting.url('/restart'))]);
    const total = 1000;
    for (let i = 0; i < 2; i++) await rig.enqueue('wf-restart', 500);
    await until('a third of the runs', async () => ((await statuses('wf-restart')).succeeded ?? 0) >= total / 3 || undefined, 120_000);
    await rig.redis.restart({ downMs: 1000 });
    await until('two thirds of the runs', async () => ((await statuses('wf-restart').catch(() => ({}) as Record<string, number>)).succeeded ?? 0) >= (2 * total) / 3 || undefined, 120_000);
    await rig.admin.end();
    await rig.cluster.restart({ downMs: 1000 });
    rig.admin = await rig.cluster.connect(rig.admin.database);
    await allSucceeded('wf-restart', total, 180_000);
    await expectExactlyOnce('wf-restart', '/restart', total);
    // The workers are still up, and still take work.
    expect(rig.workers.every((child) => child.exitCode === null)).toBe(true);
    const [after] = await rig.enqueue('wf-restart');
    await allSucceeded('wf-restart', total + 1, 30_000);
    expect(after).toBeGreaterThan(0);
  }, 420_000);
});
