import fs from 'node:fs';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { waitUntil } from '../helpers/api';
import { hasDovecot, startDovecot, type Dovecot } from '../helpers/dovecot';
import { chain, node } from '../helpers/engine';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let imap: Dovecot;
let env: IntegrationsHost;
let user: string;
let users = 0;
const PASSWORD = 'correct horse';
const USERS = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`user${i}`, PASSWORD]));

// The test file's own Dovecot; CI installs dovecot-imapd (.ci/run).
const suite = hasDovecot() ? describe : describe.skip;
beforeAll(async () => {
  if (hasDovecot()) imap = await startDovecot(USERS);
});
afterAll(() => imap?.stop());
beforeEach(async () => {
  user = `user${users++}`;
  env = await integrationsHost();
});
afterEach(() => env.host.dispose());

const mail = (options: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<string>((resolve, reject) => new MailComposer({ from: 'Billing <billing@example.com>', to: 'Ada <ada@example.com>', date: new Date('2026-12-01T10:00:00Z'), ...options }).compile().build((error, message) => (error ? reject(error) : resolve(message.toString('utf8')))));
const connect = async (password = PASSWORD) =>
  (await env.call('integrations.connections.create', { pluginId: 'imap', name: `IMAP ${Math.random()}`, config: { host: imap.host, port: imap.port, security: 'none' }, auth: { type: 'basic', username: user, password } })).id;
const { run, fail } = pluginActions(() => env, 'imap');
type Step = { json: Record<string, unknown>; binary?: Record<string, { fileName?: string; mimeType: string; file: string }> };
const outputOf = (executionId: number, nodeId: string) => (env.host.engine.detail(executionId).steps.find((step) => step.nodeId === nodeId)!.output.value as { main: Step[] }).main;

suite(hasDovecot() ? 'IMAP against Dovecot' : 'IMAP (skipped: Dovecot is not installed; apt-get install dovecot-imapd)', () => {
  it('searches with n8n\'s rules in the simple, resolved and raw formats, gets, flags and moves messages', async () => {
    imap.deliver(user, await mail({ subject: 'Invoice 42', text: 'Please pay.', html: '<p>Please pay.</p>', headers: { 'X-Customer': 'acme' } }));
    imap.deliver(user, await mail({ from: 'friend@example.com', subject: 'Lunch? =)', text: 'Tomorrow' }), { seen: true });
    imap.deliver(user, await mail({ subject: 'Grüße', text: 'Hallo' }));
    imap.deliver(user, await mail({ subject: 'Filed', text: 'x' }), { mailbox: 'Archive', seen: true });
    const id = await connect();
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    expect(await run('check', {}, id)).toEqual({ ok: true, mailboxes: ['Archive', 'INBOX'] });

    const unread = (await run('search', { criteria: '["UNSEEN", ["FROM", "billing@example.com"]]' }, id)) as Record<string, unknown>[];
    expect(unread).toEqual([
      { textHtml: '<p>Please pay.</p>', textPlain: 'Please pay.', subject: 'Invoice 42', from: '"Billing" <billing@example.com>', to: '"Ada" <ada@example.com>', date: 'Tue, 01 Dec 2026 10:00:00 +0000', metadata: expect.objectContaining({ 'x-customer': 'acme', 'message-id': expect.any(String), 'mime-version': '1.0' }), attributes: { uid: 1 } },
      expect.objectContaining({ subject: 'Grüße', textPlain: 'Hallo\n', textHtml: '', attributes: { uid: 3 } }),
    ]);
    expect(((await run('search', { criteria: ['SEEN'] }, id)) as { subject: string }[]).map((message) => message.subject)).toEqual(['Lunch? =)']);
    expect(((await run('search', { criteria: [['OR', ['SUBJECT', 'lunch'], ['SUBJECT', 'invoice']], ['SINCE', '2020-01-01']] }, id)) as { subject: string }[]).map((message) => message.subject)).toEqual(['Invoice 42', 'Lunch? =)']);
    const [resolved] = (await run('search', { criteria: [['HEADER', 'X-Customer', 'acme']], format: 'resolved' }, id)) as Record<string, unknown>[];
    expect(resolved).toMatchObject({ subject: 'Invoice 42', from: { value: [{ address: 'billing@example.com', name: 'Billing' }], text: '"Billing" <billing@example.com>' }, date: '2026-12-01T10:00:00.000Z', text: 'Please pay.', headers: { 'x-customer': 'X-Customer: acme' }, attributes: { uid: 1 } });
    const [raw] = (await run('search', { criteria: [['UID', '2']], format: 'raw' }, id)) as { raw: string }[];
    expect(raw!.raw.trim()).toBe('Tomorrow');

    expect(await run('setFlags', { uid: 1, add: ['\\Seen', '\\Flagged'] }, id)).toEqual({ uid: 1, flags: expect.arrayContaining(['\\Flagged', '\\Seen']) });
    expect(await run('setFlags', { uid: 1, remove: ['\\Flagged'] }, id)).toEqual({ uid: 1, flags: expect.not.arrayContaining(['\\Flagged']) });
    expect(((await run('search', { criteria: ['UNSEEN'] }, id)) as unknown[]).length).toBe(1);
    expect(await run('move', { uid: 2, to: 'Archive' }, id)).toEqual({ uid: 2, mailbox: 'Archive', newUid: expect.any(Number) });
    expect(((await run('search', { mailbox: 'Archive' }, id)) as { subject: string }[]).map((message) => message.subject).sort()).toEqual(['Filed', 'Lunch? =)']);
    expect(await fail('move', { uid: 2, to: 'Archive' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'There is no message with UID 2 in INBOX.' } });
    expect(await fail('search', { mailbox: 'Nope' }, id)).toMatchObject({ ok: false, error: { message: expect.stringContaining('IMAP:') } });
    expect(await fail('search', { criteria: ['UNREAD'] }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('"UNREAD" is not an IMAP search rule') } });
    expect(await fail('search', { criteria: '[UNSEEN' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('not valid JSON') } });
    const wrong = await connect('wrong');
    const refused = await fail('check', {}, wrong);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Check the username and password') } });
    expect(JSON.stringify(refused)).not.toContain('wrong"');
  });

  it('starts runs on new mail (resolved, attachments as binary data), marks it read, and gets a message\'s attachments in a step', async () => {
    imap.deliver(user, await mail({ subject: 'Old but unread', text: 'x' }));
    imap.deliver(user, await mail({ subject: 'Already read', text: 'x' }), { seen: true });
    const id = await connect();
    await env.host.engine.start({ owner: 'test', recover: true, schedules: true });
    const saved = env.host.engine.workflows.save({
      document: chain('Invoices', [
        node('imap.newMail', { format: 'resolved', poll: { every: 1, unit: 'seconds' } }, { id: 'mail', name: 'New mail', connection: id }),
        node('imap.get', { uid: '{{ $json.attributes.uid }}', format: 'simple', downloadAttachments: true, attachmentPrefix: 'file_' }, { id: 'get', name: 'Get', connection: id }),
      ]),
    });
    const runs = () => env.host.engine.list({ workflowId: saved.id, limit: 10 }).items;
    await waitUntil(() => (runs().length === 1 ? true : undefined), 15_000, 'the run for unread mail');
    imap.deliver(user, await mail({ subject: 'Invoice 43', text: 'Attached.', attachments: [{ filename: 'invoice.pdf', content: Buffer.from('%PDF-1.7 stand-in'), contentType: 'application/pdf' }, { filename: 'notes.txt', content: 'paid' }] }));
    await waitUntil(() => (runs().length === 2 ? true : undefined), 15_000, 'the run for the new mail');
    const [second, first] = await Promise.all(runs().map((item) => env.host.engine.waitFor(item.id)));
    expect([first!.status, second!.status]).toEqual(['succeeded', 'succeeded']);
    expect(outputOf(first!.id, 'mail').map((item) => item.json.subject)).toEqual(['Old but unread']);
    const [event] = outputOf(second!.id, 'mail');
    expect(event!.json).toMatchObject({ subject: 'Invoice 43', attributes: { uid: 3 } });
    expect(event!.json).not.toHaveProperty('$binary');
    expect(Object.entries(event!.binary ?? {}).map(([name, file]) => [name, file.fileName, file.mimeType])).toEqual([['attachment_0', 'invoice.pdf', 'application/pdf'], ['attachment_1', 'notes.txt', 'text/plain']]);
    const [fetched] = outputOf(second!.id, 'get');
    expect(fetched!.json).toMatchObject({ subject: 'Invoice 43', textPlain: 'Attached.' });
    expect(Object.keys(fetched!.binary ?? {})).toEqual(['file_0', 'file_1']);
    expect(fs.readFileSync(path.join(env.dataDir, 'payloads', fetched!.binary!.file_0!.file), 'utf8')).toBe('%PDF-1.7 stand-in');
    expect(((await run('search', { criteria: ['UNSEEN'] }, id)) as unknown[]).length).toBe(0);
  });

  it('runs an imported n8n Email Trigger (IMAP): custom rules, simple with attachments, left unread', async () => {
    const imported = importN8nWorkflow(
      {
        name: 'From billing',
        nodes: [{ name: 'Email Trigger (IMAP)', type: 'n8n-nodes-base.emailReadImap', typeVersion: 2, parameters: { options: { customEmailConfig: '["UNSEEN", ["FROM", "billing@example.com"]]' }, postProcessAction: 'nothing', downloadAttachments: true } }],
        connections: {},
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    const [trigger] = imported.document.nodes;
    expect(trigger).toMatchObject({ type: 'imap.newMail', parameters: { mailbox: 'INBOX', criteria: '["UNSEEN", ["FROM", "billing@example.com"]]', format: 'simple', downloadAttachments: true, markAsRead: false } });
    expect(imported.notes.join('\n')).toContain('checks the mailbox every minute');
    const id = await connect();
    trigger!.connection = id;
    trigger!.parameters = { ...trigger!.parameters, poll: { every: 1, unit: 'seconds' } };
    imap.deliver(user, await mail({ subject: 'Invoice 1', text: 'one', attachments: [{ filename: 'a.csv', content: 'a,b\n1,2\n' }] }));
    imap.deliver(user, await mail({ from: 'friend@example.com', subject: 'Hi', text: 'hello' }));
    await env.host.engine.start({ owner: 'test', recover: true, schedules: true });
    const saved = env.host.engine.workflows.save({ document: imported.document });
    const runs = () => env.host.engine.list({ workflowId: saved.id, limit: 10 }).items;
    await waitUntil(() => (runs().length === 1 ? true : undefined), 15_000, 'the first run');
    imap.deliver(user, await mail({ subject: 'Invoice 2', text: 'two' }));
    await waitUntil(() => (runs().length === 2 ? true : undefined), 15_000, 'the second run');
    const [second, first] = await Promise.all(runs().map((item) => env.host.engine.waitFor(item.id)));
    expect(outputOf(first!.id, trigger!.id).map((item) => [item.json.subject, item.json.textPlain, Object.keys(item.binary ?? {})])).toEqual([['Invoice 1', 'one', ['attachment_0']]]);
    expect(outputOf(second!.id, trigger!.id).map((item) => item.json.subject)).toEqual(['Invoice 2']);
    // Left unread, and not started again: the trigger remembers the last UID it saw.
    expect(((await run('search', { criteria: ['UNSEEN'] }, id)) as unknown[]).length).toBe(3);
    expect(runs()).toHaveLength(2);
  });
});
