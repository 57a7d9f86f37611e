import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextRun } from '../../electron/main/services/engine/schedules/schedule-service';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { waitUntil } from '../helpers/api';
import { chain, disposeHosts, engineHost, node } from '../helpers/engine';
import { tempDir } from '../helpers/temp-dir';

afterEach(disposeHosts);

async function post(url: string, body: unknown, method = 'POST'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('webhook trigger', () => {
  it('answers with the last node\'s output, through a Respond node, or at once', async () => {
    const host = await engineHost({}, { webhookPort: 0 });
    const hook = (path: string, respond: string, extra: Record<string, unknown> = {}) => node('webhook.trigger', { path, method: 'POST', respond, ...extra }, { id: 'hook', name: 'Webhook' });
    const shape = node('transform.edit', { fields: [{ name: 'greeting', value: 'Hi {{ $json.body.name }}' }, { name: 'id', value: '{{ $json.params.id }}' }], include: 'none' }, { id: 'shape', name: 'Shape' });
    host.engine.workflows.save({ document: chain('Last node', [hook('greet/:id', 'lastNode'), shape]) });
    host.engine.workflows.save({
      document: chain('Respond node', [
        hook('respond', 'respondNode'),
        node('webhook.respond', { respondWith: 'json', responseBody: '{{ { total: $json.body.a + $json.body.b } }}', responseCode: 201 }, { id: 'reply', name: 'Reply' }),
      ]),
    });
    host.engine.workflows.save({ document: chain('Immediately', [hook('fire', 'immediately'), node('delay.wait', { amount: 1, unit: 'hours' }, { id: 'wait', name: 'Wait' })]) });
    host.engine.workflows.save({ document: chain('Broken', [hook('broken', 'lastNode'), node('code.run', { code: 'throw new Error("x")' }, { id: 'c', name: 'C' })]) });
    const base = host.engine.webhookInfo().baseUrl!;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/$/);

    expect(await post(`${base}greet/7`, { name: 'Ada' })).toEqual({ status: 200, body: { greeting: 'Hi Ada', id: '7' } });
    expect(await post(`${base}respond`, { a: 2, b: 3 })).toEqual({ status: 201, body: { total: 5 } });
    const fired = await post(`${base}fire`, {});
    expect(fired).toMatchObject({ status: 200, body: { message: 'Workflow was started' } });
    expect(host.engine.detail((fired.body as { executionId: number }).executionId).status).toMatch(/running|waiting/);
    expect(await post(`${base}broken`, {})).toMatchObject({ status: 500, body: { message: 'Error in workflow' } });
    expect(await post(`${base}nothing-here`, {})).toMatchObject({ status: 404 });
    expect(await post(`${base}greet/7`, {}, 'GET')).toMatchObject({ status: 404 });
    expect(host.engine.webhookInfo().endpoints.map((endpoint) => endpoint.path).sort()).toEqual(['broken', 'fire', 'greet/:id', 'respond']);
  });
});

describe('schedules', () => {
  it('computes cron next runs across DST changes in the schedule\'s time zone', () => {
    const daily = { cron: '0 30 2 * * *', timezone: 'Europe/Berlin' };
    // Spring forward (2024-03-31): 02:30 does not exist; the run moves to the first valid time, once.
    expect(new Date(nextRun(daily, Date.parse('2024-03-30T12:00:00Z'))!).toISOString()).toBe('2024-03-31T01:00:00.000Z');
    expect(new Date(nextRun(daily, Date.parse('2024-03-31T01:00:00Z'))!).toISOString()).toBe('2024-04-01T00:30:00.000Z');
    // Fall back (2024-10-27): 02:30 happens twice; it runs once.
    expect(new Date(nextRun(daily, Date.parse('2024-10-26T12:00:00Z'))!).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(new Date(nextRun(daily, Date.parse('2024-10-27T00:30:00Z'))!).toISOString()).toBe('2024-10-28T01:30:00.000Z');
    // Hourly keeps real hours through the repeated hour.
    const hourly = { cron: '0 0 * * * *', timezone: 'Europe/Berlin' };
    const hours: string[] = [];
    let at = Date.parse('2024-10-27T00:30:00Z');
    for (let i = 0; i < 3; i++) hours.push(new Date((at = nextRun(hourly, at)!)).toISOString());
    expect(hours).toEqual(['2024-10-27T01:00:00.000Z', '2024-10-27T02:00:00.000Z', '2024-10-27T03:00:00.000Z']);
    // New York's spring forward, with seconds.
    expect(new Date(nextRun({ cron: '15 0 9 * * *', timezone: 'America/New_York' }, Date.parse('2024-03-10T00:00:00Z'))!).toISOString()).toBe('2024-03-10T13:00:15.000Z');
    expect(nextRun({ every: 90, unit: 'seconds' }, 1000)).toBe(91_000);
  });

  it('fires on schedule, keeps the next run in the database, and catches up or skips missed runs per workflow', async () => {
    const dataDir = tempDir();
    const every = (policy: 'catch_up' | 'skip' | 'run_once'): WorkflowDocument =>
      chain(`Every second (${policy})`, [node('schedule.trigger', { every: 1, unit: 'seconds' }, { id: 'tick', name: 'Tick' }), node('no-op.pass', {}, { id: 'x', name: 'X' })], { settings: { missedSchedules: policy } });
    let host = await engineHost({ dataDir }, { schedules: true });
    const ids = { catch_up: host.engine.workflows.save({ document: every('catch_up') }).id, skip: host.engine.workflows.save({ document: every('skip') }).id, run_once: host.engine.workflows.save({ document: every('run_once') }).id };
    await waitUntil(() => (host.engine.list({ workflowId: ids.skip, limit: 5 }).items.some((item) => item.status === 'succeeded') ? true : undefined), 5000, 'a scheduled run');
    const detail = host.engine.detail(host.engine.list({ workflowId: ids.skip, limit: 1 }).items[0]!.id);
    expect(detail.trigger).toBe('schedule');
    expect(Object.keys((detail.output.value as Array<{ json: object }>)[0]!.json)).toContain('Readable date');
    await disposeHosts();

    // Closed for a while: pretend five runs were missed.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(dataDir, 'echelon.db'));
    db.prepare('UPDATE workflow_schedules SET next_run_at = ?').run(Date.now() - 4500);
    db.close();
    const restartedAt = Date.now();
    host = await engineHost({ dataDir }, { schedules: true });
    // Runs for times before the restart are the catch-up ones; regular ticks come after.
    const missed = (id: string) =>
      host.engine
        .list({ workflowId: id, limit: 100 })
        .items.filter((item) => item.trigger === 'schedule' && Date.parse(item.createdAt) >= restartedAt)
        .map((item) => host.engine.detail(item.id))
        .filter((execution) => ((execution.input.value as { scheduledAt: number }).scheduledAt ?? Infinity) < restartedAt).length;
    await waitUntil(() => (missed(ids.catch_up) >= 5 && missed(ids.run_once) >= 1 ? true : undefined), 5000, 'the catch-up runs');
    expect(missed(ids.catch_up)).toBe(5);
    expect(missed(ids.run_once)).toBe(1);
    expect(missed(ids.skip)).toBe(0);
    const stored = host.store.db.prepare('SELECT next_run_at FROM workflow_schedules').pluck().all() as number[];
    for (const next of stored) expect(next).toBeGreaterThan(restartedAt - 1000);
  });
});
