import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InsightsService, windows } from '../../electron/main/services/insights/insights-service';
import { RunStats } from '../../electron/main/services/insights/run-stats';
import { RunStatsReader } from '../../electron/main/services/insights/run-stats-reader';
import { openDatabase } from '../../electron/main/services/store/database';
import { migrations } from '../../electron/main/services/store/migrations';
import { chain, disposeHosts, engineHost, manualStart, node, runToEnd } from '../helpers/engine';
import { tempDir } from '../helpers/temp-dir';

afterEach(disposeHosts);

const passing = (name: string) => chain(name, [manualStart(), node('no-op.pass', {}, { id: 'pass', name: 'Pass' })]);
const failing = (name: string) => chain(name, [manualStart(), node('code.run', { code: 'throw new Error("nope")' }, { id: 'boom', name: 'Boom' })]);

describe('run statistics in SQLite', () => {
  it('are exact after a restart, whatever the number of runs, and match the executions table', async () => {
    const dataDir = tempDir();
    let host = await engineHost({ dataDir });
    const ok = host.engine.workflows.save({ document: passing('Counted') });
    const bad = host.engine.workflows.save({ document: failing('Breaks') });
    const runs = [];
    for (let i = 0; i < 40; i++) runs.push((await host.engine.run({ workflowId: ok.id })).row.id);
    for (let i = 0; i < 7; i++) runs.push((await host.engine.run({ workflowId: bad.id })).row.id);
    for (const id of runs) await host.engine.waitFor(id);
    await disposeHosts();

    host = await engineHost({ dataDir });
    const metrics = host.engine.metricsView();
    const stored = host.store.db.prepare("SELECT workflow_name AS name, count(*) AS count, sum(status = 'succeeded') AS succeeded FROM executions GROUP BY workflow_id ORDER BY count DESC").all();
    expect(metrics.workflows.map(({ name, count, succeeded }) => ({ name, count, succeeded }))).toEqual(stored);
    expect(metrics.workflows[1]).toMatchObject({ name: 'Breaks', count: 7, failed: 7, successRate: 0 });
    // Steps finish within the same millisecond: their time shows as 0 ms, not a made-up 1 µs.
    expect(metrics.nodeTypes.find((row) => row.key === 'no-op.pass')).toMatchObject({ count: 40, durationMs: { p50: 0 } });

    const summary = new InsightsService({ reader: host.engine.runStatsReader, timeSaved: () => undefined }).summary('24h');
    expect(summary.current).toMatchObject({ runs: 47, succeeded: 40, failed: 7 });
    expect(summary.current.failureRate).toBeCloseTo(7 / 47);
    expect(summary.previous.runs).toBe(0);
  });

  it('counts a retried run once, by how it ended last', async () => {
    const host = await engineHost();
    const detail = await runToEnd(host, failing('Flaky'));
    expect(host.engine.metricsView().workflows[0]).toMatchObject({ count: 1, failed: 1 });
    host.engine.retry(detail.id);
    await host.engine.waitFor(detail.id);
    await host.engine.persisted();
    expect(host.engine.metricsView().workflows[0]).toMatchObject({ count: 1, failed: 1 });
  });

  it('counts the runs an older database already holds when it is upgraded', () => {
    const file = path.join(tempDir(), 'echelon.db');
    const before = openDatabase(file, migrations.filter((migration) => migration.version < 55));
    const insert = before.db.prepare(`INSERT INTO executions (id, workflow_id, workflow_version, workflow_name, status, trigger, priority, run_at, created_at, started_at, finished_at)
      VALUES (?, 'wf', 1, 'Old flow', ?, 'manual', 1, 0, ?, ?, ?)`);
    const hour = Date.UTC(2030, 0, 1, 10);
    for (let i = 1; i <= 1200; i++) insert.run(i, i % 4 === 0 ? 'failed' : 'succeeded', hour, hour + i, hour + i + (i % 50));
    before.db.close();
    const after = openDatabase(file);
    const reader = new RunStatsReader(after.db);
    expect(reader.metricsRows('workflow')).toMatchObject([{ key: 'wf', name: 'Old flow', count: 1200, succeeded: 900, failed: 300 }]);
    after.db.close();
  });

  it('compares a period with the one before, and series points add up to the period', () => {
    const db = openDatabase(path.join(tempDir(), 'echelon.db')).db;
    const now = Date.now();
    const stats = new RunStats(db, 30 * 86_400_000);
    const { current, previous } = windows('7d', now);
    for (let i = 0; i < 30; i++) stats.record('workflow', 'a', 'Alpha', i < 3 ? 'failed' : 'succeeded', 100 + i, current.from + i * 3_600_000);
    for (let i = 0; i < 10; i++) stats.record('workflow', 'a', 'Alpha', 'failed', 1000, previous.from + i * 3_600_000);
    stats.record('agent', 'helper', 'Helper agent', 'succeeded', 5000, now);
    db.transaction(() => stats.write(now))();
    const summary = new InsightsService({ reader: new RunStatsReader(db), timeSaved: (id) => (id === 'a' ? 2 : undefined) }).summary('7d', now);
    expect(summary.current).toMatchObject({ runs: 31, failed: 3, timeSavedMinutes: 54 });
    expect(summary.previous).toMatchObject({ runs: 10, failed: 10, failureRate: 1 });
    expect(summary.series).toHaveLength(28);
    expect(summary.series.reduce((sum, point) => sum + point.succeeded + point.failed, 0)).toBe(31);
    expect(summary.subjects.map((subject) => [subject.kind, subject.name, subject.runs, subject.previous.runs])).toEqual([
      ['workflow', 'Alpha', 30, 10],
      ['agent', 'Helper agent', 1, 0],
    ]);
    expect(summary.current.p95Ms).toBeGreaterThan(120);
    expect(summary.current.p95Ms).toBeLessThan(5200);
    expect(summary.timeSavedConfigured).toBe(true);
    db.close();
  });

  it('drops hourly rows past the retention age', () => {
    const db = openDatabase(path.join(tempDir(), 'echelon.db')).db;
    const now = Date.now();
    const stats = new RunStats(db, 2 * 86_400_000);
    stats.record('workflow', 'a', 'Alpha', 'succeeded', 5, now - 3 * 86_400_000);
    stats.record('workflow', 'a', 'Alpha', 'succeeded', 5, now);
    db.transaction(() => stats.write(now))();
    expect(new RunStatsReader(db).metricsRows('workflow')).toMatchObject([{ count: 1 }]);
    db.close();
  });
});

describe('the executions list', () => {
  it('filters by trigger, time and text, sorts by any column, pages by offset and counts every match', async () => {
    const host = await engineHost();
    const ok = host.engine.workflows.save({ document: passing('Invoice sync') });
    const bad = host.engine.workflows.save({ document: failing('Report_100%') });
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push((await host.engine.run({ workflowId: ok.id }, i % 3 === 0 ? 'retry' : 'manual')).row.id);
    for (let i = 0; i < 3; i++) ids.push((await host.engine.run({ workflowId: bad.id })).row.id);
    for (const id of ids) await host.engine.waitFor(id);

    expect(host.engine.list({ limit: 5 }, true)).toMatchObject({ total: 15 });
    expect(host.engine.list({ limit: 50, trigger: 'retry' }, true).total).toBe(4);
    expect(host.engine.list({ limit: 50, text: 'nope' }, true).total).toBe(3);
    // LIKE wildcards in the search match themselves.
    expect(host.engine.list({ limit: 50, text: '100%' }, true).total).toBe(3);
    expect(host.engine.list({ limit: 50, text: '_' }, true).total).toBe(3);
    expect(host.engine.list({ limit: 50, text: `#${ids[4]}` }, true).items.map((item) => item.id)).toEqual([ids[4]]);
    expect(host.engine.list({ limit: 50, from: Date.now() + 60_000 }, true).total).toBe(0);
    const byName = host.engine.list({ limit: 50, sort: 'workflow', order: 'asc' }).items.map((item) => item.workflowName);
    expect(byName[0]).toBe('Invoice sync');
    expect(byName.at(-1)).toBe('Report_100%');
    const pages = [...host.engine.list({ limit: 10, offset: 0 }).items, ...host.engine.list({ limit: 10, offset: 10 }).items].map((item) => item.id);
    expect(pages).toEqual([...ids].reverse());
  });
});
