import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { startSlackApi } from '../fixtures/slack-api';
import { startStandIn, type StandIn } from '../fixtures/stand-in-server';
import { waitUntil } from '../helpers/api';
import { FLAKY, recordingNotifier, runTimes, saveRule, withoutDefaultRules } from '../helpers/alerts';
import { chain, node } from '../helpers/engine';
import { startSmtp } from '../helpers/smtp';
import { tempDir } from '../helpers/temp-dir';
import { TEST_ACCESSOR, openUnlockedHost } from '../helpers/vault';

const closers: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function channelsHost(options: Parameters<typeof openUnlockedHost>[1] = {}) {
  const notifier = recordingNotifier();
  const host = await openUnlockedHost(tempDir(), { shell: 'cli', enginePorts: { notifier }, alerts: { start: true, tickMs: 60_000 }, ...options });
  closers.push(() => host.dispose());
  await host.engine.start({ owner: 'test' });
  withoutDefaultRules(host);
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const result = await host.router.call(method, input, { caller: 'test' });
    if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.message}`), { error: result.error });
    return result.data as MethodOutput<M>;
  };
  return { host, notifier, call };
}

/** Fails one run of the flaky workflow and evaluates: the rule sends to `channelIds`. */
async function fireOnce(host: Host, channelIds: string[]) {
  const { id } = host.engine.workflows.save({ document: FLAKY });
  saveRule(host, { name: 'Sync failed', kind: 'workflow_failure_count', threshold: 1, windowSeconds: 600, severity: 'critical', channelIds });
  await runTimes(host, id, 1, { fail: true });
  host.alerts.evaluate();
  await host.alerts.idle();
  return host.alerts.list({ status: 'firing', limit: 1 }).items[0]!;
}

describe('alert channels', () => {
  it('posts to Slack with the bot token, or through the incoming webhook', async () => {
    const slack = await startSlackApi({ token: 'xoxb-stand-in-token-1234' });
    closers.push(() => slack.close());
    const { host, call } = await channelsHost();
    host.vault.set({ name: 'SLACK_BOT', value: { kind: 'secret', value: 'xoxb-stand-in-token-1234' } }, TEST_ACCESSOR);
    host.vault.set({ name: 'SLACK_HOOK', value: { kind: 'secret', value: `${slack.url}${slack.webhookPath}` } }, TEST_ACCESSOR);
    const bot = await call('integrations.connections.create', { pluginId: 'slack', name: 'Ops Slack', config: { baseUrl: `${slack.url}/api` }, auth: { type: 'bearer', token: '{{ secrets.SLACK_BOT }}' } as never });
    const hook = await call('integrations.connections.create', { pluginId: 'slack', name: 'Ops webhook', config: { baseUrl: `${slack.url}/api` }, auth: { type: 'none' }, secrets: { webhookUrl: '{{ secrets.SLACK_HOOK }}' } });
    const toChannel = await call('alerts.channels.save', { name: '#ops', config: { type: 'slack', connectionId: bot.id, channel: 'C01' } });
    const toHook = await call('alerts.channels.save', { name: 'Ops hook', config: { type: 'slack', connectionId: hook.id } });

    expect(await call('alerts.channels.test', { id: toChannel.id })).toMatchObject({ ok: true, error: null });
    expect(slack.posted.at(-1)).toMatchObject({ channel: 'C01', text: expect.stringContaining('[TEST] Test alert for "#ops"') });

    const alert = await fireOnce(host, [toChannel.id, toHook.id]);
    expect(slack.posted.at(-1)!.text).toContain('[FIRING CRITICAL] Sync failed: Nightly sync');
    expect(slack.webhookMessages.at(-1)!.text).toContain('[FIRING CRITICAL] Sync failed: Nightly sync');
    // Both channels are sent to at once: their deliveries are recorded in the order they finish.
    expect(alert.deliveries.map((delivery) => [delivery.channelName, delivery.ok]).sort()).toEqual([['#ops', true], ['Ops hook', true]]);

    const wrong = await call('alerts.channels.save', { name: '#nowhere', config: { type: 'slack', connectionId: bot.id, channel: 'C99' } });
    expect(await call('alerts.channels.test', { id: wrong.id })).toMatchObject({ ok: false, error: 'Slack chat.postMessage failed: channel_not_found.' });
    expect((await call('alerts.channels.list', {})).find((channel) => channel.id === wrong.id)!.lastDelivery).toMatchObject({ event: 'test', ok: false });
  });

  it('signs webhook posts with an HMAC of the timestamp and body, keyed by a vault secret', async () => {
    const requests: StandIn['requests'] = [];
    const receiver = await startStandIn((request) => {
      requests.push(request);
      return request.path === '/gone' ? { status: 410, text: 'gone' } : { status: 202, json: { accepted: true } };
    });
    closers.push(() => receiver.close());
    const { host, call } = await channelsHost();
    const key = 'whsec_5f1b8c2d9e3a4f60718293a4b5c6d7e8';
    host.vault.set({ name: 'HOOK_KEY', value: { kind: 'secret', value: key } }, TEST_ACCESSOR);
    host.vault.set({ name: 'HOOK_AUTH', value: { kind: 'secret', value: 'Bearer receiver-token-0042' } }, TEST_ACCESSOR);
    const channel = await call('alerts.channels.save', { name: 'Pager bridge', config: { type: 'webhook', url: `${receiver.url}/alerts`, signingSecret: 'HOOK_KEY', headers: { Authorization: '{{ secrets.HOOK_AUTH }}' } } });
    expect(JSON.stringify(channel)).not.toContain(key);

    const alert = await fireOnce(host, [channel.id]);
    const request = requests.at(-1)!;
    const body = request.body.toString('utf8');
    const timestamp = String(request.headers['x-echelon-timestamp']);
    const expected = `sha256=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}`;
    expect(timingSafeEqual(Buffer.from(String(request.headers['x-echelon-signature'])), Buffer.from(expected))).toBe(true);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(request.headers.authorization).toBe('Bearer receiver-token-0042');
    expect(request.headers['content-type']).toContain('application/json');
    expect(JSON.parse(body)).toMatchObject({ event: 'fired', channel: 'Pager bridge', alert: { id: alert.id, title: 'Sync failed: Nightly sync', severity: 'critical', ruleName: 'Sync failed' } });
    // A tampered body no longer matches.
    expect(createHmac('sha256', key).update(`${timestamp}.${body.replace('critical', 'info')}`).digest('hex')).not.toBe(expected.slice(7));

    const gone = await call('alerts.channels.save', { name: 'Dead end', config: { type: 'webhook', url: `${receiver.url}/gone`, signingSecret: 'HOOK_KEY' } });
    expect(await call('alerts.channels.test', { id: gone.id })).toMatchObject({ ok: false, error: expect.stringContaining('HTTP 410') });
    const missing = await call('alerts.channels.save', { name: 'No key', config: { type: 'webhook', url: `${receiver.url}/alerts`, signingSecret: 'NOT_THERE' } });
    expect(await call('alerts.channels.test', { id: missing.id })).toMatchObject({ ok: false, error: expect.stringContaining('No secret named "NOT_THERE"') });
  });

  it('emails through SMTP with the login kept in the vault', async () => {
    const smtp = await startSmtp({ username: 'alerts@example.com', password: 'smtp-pass-7a6b5c4d' });
    closers.push(() => smtp.close());
    const { host, call } = await channelsHost();
    host.vault.set({ name: 'SMTP_LOGIN', value: { kind: 'basic', username: 'alerts@example.com', password: 'smtp-pass-7a6b5c4d' } }, TEST_ACCESSOR);
    host.vault.set({ name: 'SMTP_WRONG', value: { kind: 'basic', username: 'alerts@example.com', password: 'nope-nope' } }, TEST_ACCESSOR);
    const email = { type: 'email' as const, host: '127.0.0.1', port: smtp.port, security: 'none' as const, from: 'echelon@example.com', to: ['oncall@example.com', 'lead@example.com'] };
    const channel = await call('alerts.channels.save', { name: 'On-call email', config: { ...email, loginSecret: 'SMTP_LOGIN' } });

    expect(await call('alerts.channels.test', { id: channel.id })).toMatchObject({ ok: true });
    await fireOnce(host, [channel.id]);
    expect(smtp.received).toHaveLength(2);
    const mail = smtp.received[1]!;
    expect(mail).toMatchObject({ from: 'echelon@example.com', to: ['oncall@example.com', 'lead@example.com'], user: 'alerts@example.com' });
    expect(mail.raw).toMatch(/^Subject: \[FIRING CRITICAL\] Sync failed: Nightly sync/m);
    expect(mail.raw).toContain('Workflow failures is 1 run');
    expect(mail.raw).not.toContain('smtp-pass-7a6b5c4d');

    const refused = await call('alerts.channels.save', { name: 'Wrong login', config: { ...email, loginSecret: 'SMTP_WRONG' } });
    expect(await call('alerts.channels.test', { id: refused.id })).toMatchObject({ ok: false, error: expect.stringContaining('refused the login') });
    const closed = await call('alerts.channels.save', { name: 'Closed port', config: { ...email, port: 1, loginSecret: 'SMTP_LOGIN' } });
    expect(await call('alerts.channels.test', { id: closed.id })).toMatchObject({ ok: false, error: expect.stringContaining('check the host, the port') });
  });

  it('starts a workflow from its Alert trigger with the alert as input, and notifies the desktop', async () => {
    const { host, notifier, call } = await channelsHost();
    const responder = host.engine.workflows.save({
      document: chain('Open an incident', [node('alert-trigger.trigger', {}, { id: 'on-alert', name: 'On alert' }), node('transform.edit', { fields: [{ name: 'incident', value: 'INC for {{ $json.alert.title }} ({{ $json.event }})' }] }, { id: 'shape', name: 'Shape' })]),
    });
    const workflow = await call('alerts.channels.save', { name: 'Incident workflow', config: { type: 'workflow', workflowId: responder.id } });
    const alert = await fireOnce(host, [workflow.id, 'channel-desktop']);
    const started = await waitUntil(() => host.engine.list({ workflowId: responder.id, limit: 5 }).items.find((run) => run.status === 'succeeded'), 10_000, 'the incident workflow');
    expect(started.trigger).toBe('alert');
    expect(host.engine.detail(started.id).output.value).toMatchObject([{ json: { incident: 'INC for Sync failed: Nightly sync (fired)', alert: { id: alert.id } } }]);
    expect(notifier.seen.at(-1)).toMatchObject({ title: '[FIRING CRITICAL] Sync failed: Nightly sync', source: 'alerts' });

    const plain = host.engine.workflows.save({ document: chain('No trigger for alerts', [node('manual.trigger', {}, { id: 'start', name: 'Start' })]) });
    const wrong = await call('alerts.channels.save', { name: 'Not listening', config: { type: 'workflow', workflowId: plain.id } });
    expect(await call('alerts.channels.test', { id: wrong.id })).toMatchObject({ ok: false, error: expect.stringContaining('add an Alert trigger') });
  });

  it('holds a storm back: past the channel’s rate, the rest go out as one digest', async () => {
    const requests: StandIn['requests'] = [];
    const receiver = await startStandIn((request) => (requests.push(request), { json: {} }));
    closers.push(() => receiver.close());
    // Evaluated by hand, once, after all the failures: five alerts at the same moment.
    const { host, call } = await channelsHost({ alerts: { start: false, channelRate: { notices: 2, perMs: 700 } } });
    host.vault.set({ name: 'HOOK_KEY', value: { kind: 'secret', value: 'storm-key-0123456789' } }, TEST_ACCESSOR);
    const channel = await call('alerts.channels.save', { name: 'Storm', config: { type: 'webhook', url: receiver.url, signingSecret: 'HOOK_KEY' } });
    saveRule(host, { name: 'Any failure', kind: 'workflow_failure_count', threshold: 1, channelIds: [channel.id] });
    for (let i = 0; i < 5; i++) {
      const { id } = host.engine.workflows.save({ document: { ...FLAKY, name: `Flow ${i}` } });
      await runTimes(host, id, 1, { fail: true });
    }
    expect(host.alerts.evaluate().fired).toBe(5);
    await waitUntil(() => (requests.length === 3 ? true : undefined), 5000, 'the digest');
    const bodies = requests.map((request) => JSON.parse(request.body.toString()) as { event: string; alerts?: unknown[] });
    // Sorted: on a loaded machine a notice sent first may still arrive after the digest.
    expect(bodies.map((body) => body.event).sort()).toEqual(['digest', 'fired', 'fired']);
    expect(bodies.find((body) => body.event === 'digest')!.alerts).toHaveLength(3);
    await host.alerts.idle();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(requests).toHaveLength(3);
    const delivered = host.alerts.list({ status: 'firing', limit: 10 }).items.map((alert) => alert.deliveries[0]?.event);
    expect(delivered.sort()).toEqual(['digest', 'digest', 'digest', 'fired', 'fired']);
  });
});
