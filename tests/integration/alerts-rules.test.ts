import { afterEach, describe, expect, it } from 'vitest';
import { failureRateSignal, secondsSinceSignal } from '../../electron/main/services/alerts/signals/outcome-signals';
import { OutcomeWindow } from '../../electron/main/services/alerts/signals/outcome-window';
import { ServerDefinition } from '../../shared/contract/mcp';
import { startStandIn } from '../fixtures/stand-in-server';
import { waitUntil } from '../helpers/api';
import { alertCounts, FLAKY, recordingNotifier, runTimes, saveRule, withoutDefaultRules } from '../helpers/alerts';
import { chain, disposeHosts, engineHost, manualStart, node } from '../helpers/engine';
import { fixture } from '../helpers/mcp-servers';
import { tempDir } from '../helpers/temp-dir';
import { PASSPHRASE, openUnlockedHost } from '../helpers/vault';

afterEach(disposeHosts);

const alertsHost = async (notifier = recordingNotifier()) => {
  const host = await engineHost({ enginePorts: { notifier }, alerts: { start: true, tickMs: 60_000 } });
  withoutDefaultRules(host);
  return { host, notifier };
};

describe('alert rules over real runs', () => {
  it('fires once while a workflow keeps failing, resolves once, and keeps quiet for the cooldown', async () => {
    const { host, notifier } = await alertsHost();
    const { id: workflowId } = host.engine.workflows.save({ document: FLAKY });
    const rule = saveRule(host, { name: 'Sync failing', kind: 'workflow_failure_rate', workflowId, threshold: 0.5, windowSeconds: 600, cooldownSeconds: 2, minSamples: 3, channelIds: ['channel-desktop'] });
    const fired = () => host.alerts.list({ status: 'all', ruleId: rule.id, limit: 50 }).items;

    await runTimes(host, workflowId, 2, { fail: true });
    expect(alertCounts(host, rule.id)).toEqual({ firing: 0, resolved: 0 });

    await runTimes(host, workflowId, 1, { fail: true });
    expect(alertCounts(host, rule.id)).toEqual({ firing: 1, resolved: 0 });
    await runTimes(host, workflowId, 3, { fail: true });
    expect(alertCounts(host, rule.id)).toEqual({ firing: 1, resolved: 0 });
    expect(fired()).toHaveLength(1);
    expect(fired()[0]).toMatchObject({ title: 'Sync failing: Nightly sync', severity: 'warning', workflowId, value: 1, resolvedAt: null });
    expect(fired()[0]!.message).toContain('100 %');

    await runTimes(host, workflowId, 7, { fail: false });
    expect(alertCounts(host, rule.id)).toEqual({ firing: 0, resolved: 1 });
    expect(alertCounts(host, rule.id)).toEqual({ firing: 0, resolved: 1 });
    expect(fired()[0]!.resolvedAt).not.toBeNull();

    // Failing again at once: the cooldown holds.
    await runTimes(host, workflowId, 8, { fail: true });
    expect(alertCounts(host, rule.id)).toEqual({ firing: 0, resolved: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(alertCounts(host, rule.id)).toEqual({ firing: 1, resolved: 1 });
    expect(fired()).toHaveLength(2);

    await host.alerts.idle();
    expect(notifier.seen.map((note) => note.title)).toEqual(['[FIRING WARNING] Sync failing: Nightly sync', '[RESOLVED] Sync failing: Nightly sync', '[FIRING WARNING] Sync failing: Nightly sync']);
    expect(fired()[1]!.deliveries.map((delivery) => [delivery.event, delivery.ok])).toEqual([['fired', true], ['resolved', true]]);
    expect(fired()[0]!.deliveries).toMatchObject([{ channelName: 'Desktop notification', event: 'fired', ok: true }]);
  });

  it('evaluates on its own as runs finish, and the shipped dead-letter rule resolves once the list is cleared', async () => {
    const host = await engineHost({ alerts: { start: true, tickMs: 60_000 } });
    const { id: workflowId } = host.engine.workflows.save({ document: FLAKY });
    await runTimes(host, workflowId, 1, { fail: true });
    const alert = await waitUntil(() => host.alerts.list({ status: 'firing', ruleId: 'rule-dead-letter', limit: 5 }).items[0], 5000, 'the dead-letter alert');
    expect(alert).toMatchObject({ title: 'Run on the dead-letter list: Nightly sync', kind: 'workflow_dead_letter', value: 1 });
    const [failed] = host.engine.list({ deadLetter: true, limit: 5 }).items;
    host.engine.discard(failed!.id);
    await waitUntil(() => host.alerts.list({ status: 'resolved', ruleId: 'rule-dead-letter', limit: 5 }).items[0], 5000, 'the resolution');
    expect(host.alerts.summary()).toMatchObject({ firing: host.alerts.list({ status: 'firing', limit: 50 }).items.length });
  });

  it('lets a workflow’s own rule take over from the global one, and deletes it with the workflow', async () => {
    const { host } = await alertsHost();
    const { id: workflowId } = host.engine.workflows.save({ document: FLAKY });
    const global = saveRule(host, { name: 'Any failure', kind: 'workflow_failure_count', threshold: 1, windowSeconds: 600 });
    const own = saveRule(host, { name: 'Sync: three failures', kind: 'workflow_failure_count', workflowId, threshold: 3, windowSeconds: 600 });
    await runTimes(host, workflowId, 2, { fail: true });
    host.alerts.evaluate();
    expect(host.alerts.list({ status: 'firing', limit: 10 }).items).toEqual([]);
    await runTimes(host, workflowId, 1, { fail: true });
    host.alerts.evaluate();
    expect(host.alerts.list({ status: 'firing', limit: 10 }).items.map((alert) => alert.ruleId)).toEqual([own.id]);
    expect(host.alerts.listRules(workflowId).filter((rule) => rule.enabled).map((rule) => [rule.id, rule.firing])).toEqual([[global.id, 0], [own.id, 1]]);

    host.engine.workflows.delete(workflowId);
    expect(host.alerts.rules.find(own.id)).toBeUndefined();
    host.alerts.evaluate();
    expect(host.alerts.list({ status: 'firing', limit: 10 }).items).toEqual([]);
  });

  it('refuses a rule it cannot evaluate, with the field to fix', async () => {
    const { host } = await alertsHost();
    const attempt = (input: unknown) => host.router.call('alerts.rules.save', input, { caller: 'test' });
    expect(await attempt({ name: 'x', kind: 'nonsense', threshold: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'kind' } });
    expect(await attempt({ name: 'x', kind: 'workflow_failure_rate', threshold: 50 })).toMatchObject({ ok: false, error: { path: 'threshold' } });
    expect(await attempt({ name: 'x', kind: 'queue_lag', threshold: 1, workflowId: 'wf-nope' })).toMatchObject({ ok: false, error: { path: 'workflowId' } });
    expect(await attempt({ name: 'x', kind: 'queue_lag', threshold: 1, channelIds: ['channel-nope'] })).toMatchObject({ ok: false, error: { code: 'not_found', path: 'channelIds' } });
  });

  it('watches the queue: depth fires while runs wait and resolves when they are gone', async () => {
    const { host } = await alertsHost();
    const { id: workflowId } = host.engine.workflows.save({ document: chain('Later', [manualStart(), node('no-op.pass')]) });
    saveRule(host, { name: 'Backlog', kind: 'queue_depth', threshold: 3 });
    const queued = [];
    for (let i = 0; i < 3; i++) queued.push((await host.engine.run({ workflowId, runAt: Date.now() + 3_600_000 })).row.id);
    expect(alertCounts(host)).toEqual({ firing: 1, resolved: 0 });
    expect(host.alerts.list({ status: 'firing', limit: 5 }).items[0]).toMatchObject({ title: 'Backlog: Run queue', value: 3 });
    for (const id of queued) host.engine.cancel(id);
    expect(alertCounts(host)).toEqual({ firing: 0, resolved: 1 });
  });

  it('raises the vault alert while runs fail on a locked vault, and resolves it when unlocked', async () => {
    const host = await openUnlockedHost(tempDir(), { alerts: { start: true, tickMs: 60_000 } });
    withoutDefaultRules(host);
    await host.engine.start({ owner: 'test' });
    host.vault.set({ name: 'API_TOKEN', value: { kind: 'secret', value: 'tok-9f8e7d6c5b4a' } }, { kind: 'test', id: 'suite' });
    saveRule(host, { name: 'Vault locked', kind: 'vault_locked_waiting', threshold: 1, severity: 'critical' });
    const { id: workflowId } = host.engine.workflows.save({ document: chain('Uses a secret', [manualStart(), node('transform.edit', { fields: [{ name: 'auth', value: 'Bearer {{ secrets.API_TOKEN }}' }] })]) });
    host.vault.lock();
    await runTimes(host, workflowId, 1, {});
    expect(alertCounts(host)).toEqual({ firing: 1, resolved: 0 });
    expect(host.alerts.list({ status: 'firing', limit: 5 }).items[0]).toMatchObject({ title: 'Vault locked: Vault', severity: 'critical' });
    await host.vault.unlock(PASSPHRASE);
    expect(alertCounts(host)).toEqual({ firing: 0, resolved: 1 });
  });

  it('raises the crash-loop alert for an MCP server that keeps dying, once', async () => {
    const { host, notifier } = await alertsHost();
    saveRule(host, { name: 'Crash loop', kind: 'mcp_crash_loop', threshold: 3, windowSeconds: 600, severity: 'critical', channelIds: ['channel-desktop'] });
    host.mcp.add(
      ServerDefinition.parse({
        name: 'flaky',
        transport: { type: 'stdio', command: process.execPath, args: [fixture('crash-on-start')] },
        restart: { mode: 'on-failure', maxCrashes: 4, windowSeconds: 60, initialBackoffMs: 50, maxBackoffMs: 200 },
      }),
    );
    await host.mcp.start('flaky').catch(() => {});
    await waitUntil(() => (host.mcp.get('flaky').runtime.status === 'crashed' ? true : undefined), 20_000, 'the breaker to trip');
    await waitUntil(() => host.alerts.list({ status: 'firing', limit: 5 }).items[0], 5000, 'the crash-loop alert');
    host.alerts.evaluate();
    const alerts = host.alerts.list({ status: 'all', limit: 5 }).items;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ title: 'Crash loop: flaky', kind: 'mcp_crash_loop', severity: 'critical' });
    expect(alerts[0]!.peak).toBeGreaterThanOrEqual(4);
    await host.alerts.idle();
    expect(notifier.seen.filter((note) => note.title.includes('Crash loop'))).toHaveLength(1);
  });

  it('raises an alert for a connection failing its health checks, and resolves it at the first check that passes', async () => {
    let healthy = false;
    const api = await startStandIn((request) => (request.path === '/health' && !healthy ? { status: 503, json: { message: 'maintenance' } } : { json: { ok: true } }));
    const { host } = await alertsHost();
    try {
      saveRule(host, { name: 'Connection failing', kind: 'connection_failing', threshold: 3, windowSeconds: 600 });
      const connection = host.integrations.connections.create({ pluginId: 'rest', name: 'Billing API', config: { baseUrl: api.url, healthPath: '/health' }, auth: { type: 'none' } } as never);
      for (let i = 0; i < 2; i++) await host.integrations.connections.test(connection.id);
      expect(alertCounts(host)).toEqual({ firing: 0, resolved: 0 });
      await host.integrations.connections.test(connection.id);
      expect(alertCounts(host)).toEqual({ firing: 1, resolved: 0 });
      expect(host.alerts.list({ status: 'firing', limit: 5 }).items[0]).toMatchObject({ title: 'Connection failing: Billing API', value: 3 });
      healthy = true;
      await host.integrations.connections.test(connection.id);
      expect(alertCounts(host)).toEqual({ firing: 0, resolved: 1 });
    } finally {
      await api.close();
    }
  });

  it('takes new kinds of rule from other services: a scraper failure rate, a backup job heartbeat', async () => {
    const { host } = await alertsHost();
    const scrapers = new OutcomeWindow();
    host.alerts.registerSignal(
      failureRateSignal(scrapers, 'scraper', { kind: 'scraper_failure_rate', label: 'Scraper failure rate', description: 'Failed pages of a scraper.', subject: 'scraper', defaults: { threshold: 0.5, windowSeconds: 900, cooldownSeconds: 900, minSamples: 2 } }),
    );
    // (The team workers register worker_heartbeat_missing for real: tests/unit/team-workers-view.test.ts.)
    const heartbeats = new Map<string, number>([['b1', Date.now()]]);
    host.alerts.registerSignal(
      secondsSinceSignal(() => [...heartbeats].map(([key, at]) => ({ key: `backup:${key}`, name: key, at })), {
        kind: 'backup_heartbeat_missing',
        label: 'Backup heartbeat missing',
        description: 'Seconds since a backup job last reported.',
        subject: 'backup',
        defaults: { threshold: 30, windowSeconds: 60, cooldownSeconds: 300, minSamples: 1 },
      }),
    );
    expect(host.alerts.kinds().map((kind) => kind.kind)).toEqual(expect.arrayContaining(['scraper_failure_rate', 'backup_heartbeat_missing', 'worker_heartbeat_missing']));
    saveRule(host, { name: 'Scraper failing', kind: 'scraper_failure_rate', threshold: 0.5, minSamples: 2 });
    saveRule(host, { name: 'Backup silent', kind: 'backup_heartbeat_missing', threshold: 30 });
    scrapers.record('prices', 'Price scraper', true, 1200, Date.now());
    scrapers.record('prices', 'Price scraper', true, 900, Date.now());
    heartbeats.set('b1', Date.now() - 45_000);
    expect(alertCounts(host)).toEqual({ firing: 2, resolved: 0 });
    expect(host.alerts.list({ status: 'firing', limit: 5 }).items.map((alert) => alert.title).sort()).toEqual(['Backup silent: b1', 'Scraper failing: Price scraper']);
    heartbeats.set('b1', Date.now());
    expect(alertCounts(host)).toEqual({ firing: 1, resolved: 1 });
  });

  it('judges a registered signal soon after its owner says its data changed, not at the next tick', async () => {
    const { host } = await alertsHost();
    const heartbeats = new Map<string, number>([['w1', Date.now()]]);
    host.alerts.registerSignal(
      secondsSinceSignal(() => [...heartbeats].map(([key, at]) => ({ key: `worker:${key}`, name: key, at })), {
        kind: 'worker_silent_test',
        label: 'Worker silent',
        description: 'Seconds since a worker last reported.',
        subject: 'worker',
        defaults: { threshold: 30, windowSeconds: 60, cooldownSeconds: 300, minSamples: 1 },
      }),
    );
    saveRule(host, { name: 'Worker silent', kind: 'worker_silent_test', threshold: 30 });
    // The rule's own save is evaluated (debounced); only then does the worker go quiet.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(host.alerts.list({ status: 'firing', limit: 5 }).items).toEqual([]);
    heartbeats.set('w1', Date.now() - 45_000);
    host.alerts.measurementsChanged();
    // The tick is a minute away: only the requested evaluation can fire it.
    const fired = await waitUntil(() => host.alerts.list({ status: 'firing', limit: 5 }).items[0], 10_000, 'the worker alert');
    expect(fired.title).toBe('Worker silent: w1');
  });

  it('keeps a searchable history with fired and resolved times', async () => {
    const { host } = await alertsHost();
    const { id: workflowId } = host.engine.workflows.save({ document: FLAKY });
    const other = host.engine.workflows.save({ document: { ...FLAKY, name: 'Invoice export' } });
    saveRule(host, { name: 'Failures', kind: 'workflow_failure_count', threshold: 1, windowSeconds: 600, cooldownSeconds: 0 });
    await runTimes(host, workflowId, 1, { fail: true });
    await runTimes(host, other.id, 1, { fail: true });
    host.alerts.evaluate();
    const search = (text: string) => host.router.call('alerts.list', { search: text }, { caller: 'test' });
    expect(await search('invoice')).toMatchObject({ ok: true, data: { items: [{ subjectName: 'Invoice export' }] } });
    expect(await search('failures nightly')).toMatchObject({ ok: true, data: { items: [{ subjectName: 'Nightly sync' }] } });
    expect(await search('100%_')).toMatchObject({ ok: true, data: { items: [] } });
    expect(host.alerts.summary()).toMatchObject({ firing: 2, unread: 2, warning: 2 });
    expect(await host.router.call('alerts.markRead', { all: true }, { caller: 'test' })).toMatchObject({ ok: true, data: { updated: 2 } });
    const [alert] = host.alerts.list({ status: 'all', limit: 1 }).items;
    expect(Date.parse(alert!.firedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(alert!.readAt).not.toBeNull();
  });
});
