import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../../electron/main/services/host';
import { disposeHosts, engineHost } from '../../helpers/engine';

afterEach(disposeHosts);

/** `count` finished runs of a three-step workflow, created two months ago, written straight into the real database. */
function oldRuns(host: Host, count: number): void {
  const db = host.store.db;
  const old = Date.now() - 60 * 86_400_000;
  const execution = db.prepare(
    "INSERT INTO executions (workflow_id, workflow_version, workflow_name, status, trigger, priority, run_at, input, output, created_at, started_at, finished_at) VALUES ('wf-old', 1, 'Old', 'succeeded', 'webhook', 0, ?, ?, ?, ?, ?, ?)",
  );
  const step = db.prepare("INSERT INTO execution_steps (execution_id, seq, node_id, node_type, run_index, status, attempt, input, output, started_at, finished_at) VALUES (?, ?, ?, 'transform.edit', 0, 'succeeded', 1, ?, ?, ?, ?)");
  const payload = JSON.stringify({ main: [{ json: { name: 'someone', n: 42, note: 'x'.repeat(200) } }] });
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = Number(execution.run(old, payload, payload, old, old, old).lastInsertRowid);
      for (let seq = 0; seq < 3; seq++) step.run(id, seq, `n${seq}`, payload, payload, old, old);
    }
  })();
  // As a long-running database would be: its WAL checkpointed, not one 40,000-run transaction behind.
  db.pragma('wal_checkpoint(TRUNCATE)');
}

describe('retention with much to delete', () => {
  it('prunes 20,000 runs in slices of a few milliseconds and leaves the thread to the foreground most of the time', async () => {
    const host = await engineHost({}, { retention: false });
    oldRuns(host, 20_000);
    const result = await host.engine.pruneNow();

    expect(result.deleted).toBe(20_000);
    expect(host.store.db.prepare('SELECT count(*) FROM execution_steps').pluck().get()).toBe(0);
    expect(host.store.db.pragma('freelist_count', { simple: true })).toBe(0);
    // Many small slices, none holding the thread for long (passes used to hold it for whole
    // 500-run transactions and 2,000-page vacuums)...
    // (the median: a loaded machine may pause any one slice).
    expect(result.slices).toBeGreaterThan(20);
    expect(result.medianSliceMs).toBeLessThan(8);
    // ...and the thread left to the foreground at least four fifths of the time.
    expect(result.busyMs / result.elapsedMs).toBeLessThan(0.25);
  }, 120_000);
});
