import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startGmailApi, type GmailApi } from '../fixtures/gmail-api';
import { waitUntil } from '../helpers/api';
import { chain, manualStart, node } from '../helpers/engine';
import { approvingBrowser, authorizedGoogleConnection } from '../helpers/google-connection';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: GmailApi;
let env: IntegrationsHost;
let visits: Promise<unknown>[];

beforeAll(async () => (api = await startGmailApi()));
afterAll(() => api.close());
beforeEach(async () => {
  visits = [];
  api.messages.length = 0;
  env = await integrationsHost({ browser: approvingBrowser(visits) });
});
afterEach(() => env.host.dispose());

const connect = () => authorizedGoogleConnection(env, 'gmail', api, visits);
const { run, fail } = pluginActions(() => env, 'gmail');
const sentMessages = () => api.messages.filter((message) => message.labelIds.includes('SENT'));

describe('Gmail', () => {
  it('sends text and HTML with non-ASCII subjects, and replies in the thread with the right headers', async () => {
    const id = await connect();
    expect(api.oauth.authorizations.at(-1)).toMatchObject({ scope: 'https://www.googleapis.com/auth/gmail.modify', access_type: 'offline' });
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const sent = (await run('send', { to: 'grace@example.com, linus@example.com', cc: ['ken@example.com'], subject: 'Rapport trimestriel — été', text: 'Plain body', html: '<p>Rich <b>body</b></p>', senderName: 'Ada L.' }, id)) as { id: string; labelIds: string[] };
    expect(sent.labelIds).toEqual(['SENT']);
    const parsed = api.parsed(sentMessages()[0]!);
    expect(parsed.headers).toMatchObject({ From: 'Ada L. <ada@example.com>', To: 'grace@example.com, linus@example.com', Cc: 'ken@example.com' });
    expect(Buffer.from(/^=\?UTF-8\?B\?(.+)\?=$/.exec(parsed.headers.Subject!)![1]!, 'base64').toString('utf8')).toBe('Rapport trimestriel — été');
    expect(parsed.leaves.map((leaf) => [leaf.mimeType, leaf.bytes.toString('utf8')])).toEqual([['text/plain', 'Plain body'], ['text/html', '<p>Rich <b>body</b></p>']]);

    const incoming = api.deliver({ from: 'Grace <grace@example.com>', subject: 'Lunch?', text: 'Are you free?' });
    const reply = (await run('reply', { messageId: incoming.id, text: 'Yes!' }, id)) as { threadId: string };
    expect(reply.threadId).toBe(incoming.threadId);
    const answer = api.parsed(sentMessages().at(-1)!);
    expect(answer.headers).toMatchObject({ To: 'Grace <grace@example.com>', Subject: 'Re: Lunch?', 'In-Reply-To': api.parsed(incoming).headers['Message-ID'], References: api.parsed(incoming).headers['Message-ID'] });
    expect(await fail('send', { subject: 'nobody', text: 'x' }, id)).toMatchObject({ ok: false, error: { message: 'Give at least one recipient (to, cc or bcc).' } });
    expect(await fail('get', { messageId: 'nope' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Gmail messages.get failed: Requested entity was not found. (NOT_FOUND).' } });
  });

  it('searches and reads messages simply, marks them read, labels and trashes them', async () => {
    const id = await connect();
    api.deliver({ from: 'billing@example.com', subject: 'Invoice 12', text: 'Amount due: 40 EUR', html: '<p>Amount due</p>' });
    api.deliver({ from: 'news@example.com', subject: 'Weekly news', text: 'Hello' });
    const found = (await run('list', { query: 'from:billing@example.com is:unread' }, id)) as Record<string, unknown>[];
    expect(found).toEqual([
      expect.objectContaining({ From: 'billing@example.com', Subject: 'Invoice 12', text: 'Amount due: 40 EUR', html: '<p>Amount due</p>', labelIds: ['INBOX', 'UNREAD'], snippet: 'Amount due: 40 EUR', attachments: [] }),
    ]);
    const messageId = found[0]!.id as string;
    expect(await run('markAsRead', { messageId }, id)).toEqual({ id: messageId, labelIds: ['INBOX'] });
    expect(await run('list', { query: 'is:unread' }, id)).toHaveLength(1);
    expect(await run('modifyLabels', { messageId, add: ['Label_7'], remove: ['INBOX'] }, id)).toEqual({ id: messageId, labelIds: ['Label_7'] });
    await run('trash', { messageId }, id);
    expect(await run('list', { labelIds: ['Label_7'] }, id)).toEqual([]);
    const full = (await run('get', { messageId, simple: false }, id)) as { payload: { mimeType: string } };
    expect(full.payload.mimeType).toBe('multipart/mixed');
  });

  it('attaches and downloads files as binary data in a workflow', async () => {
    const id = await connect();
    const pdf = Buffer.from('%PDF-1.4 stand-in invoice \u00ff\u0000\u0001', 'latin1');
    const incoming = api.deliver({ from: 'billing@example.com', subject: 'Invoice', text: 'Attached.', attachments: [{ fileName: 'invoice.pdf', contentType: 'application/pdf', bytes: pdf }] });
    await env.host.engine.start({ owner: 'test', recover: true });
    const saved = env.host.engine.workflows.save({
      document: chain('Forward the invoice', [
        manualStart(),
        node('gmail.get', { messageId: incoming.id, downloadAttachments: true }, { id: 'get', name: 'Get', connection: id }),
        node('gmail.send', { to: 'accounting@example.com', subject: 'Fwd: {{ $json.Subject }}', text: '{{ $json.attachments[0].fileName }}', attachments: ['attachment_0'] }, { id: 'send', name: 'Send', connection: id }),
      ]),
    });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    expect(env.host.engine.detail(row.id).status).toBe('succeeded');
    const forwarded = api.parsed(sentMessages().at(-1)!);
    expect(forwarded.headers.Subject).toBe('Fwd: Invoice');
    expect(forwarded.leaves).toEqual([
      { mimeType: 'text/plain', filename: '', bytes: Buffer.from('invoice.pdf') },
      { mimeType: 'application/pdf', filename: 'invoice.pdf', bytes: pdf },
    ]);
  });

  it('starts a run for mail that arrives after the trigger is on, each message once, oldest first', async () => {
    const id = await connect();
    api.deliver({ from: 'old@example.com', subject: 'Already there', text: 'old' });
    await env.host.engine.start({ owner: 'test', recover: true, schedules: true });
    const saved = env.host.engine.workflows.save({
      document: chain('Auto-reply', [
        node('gmail.newMail', { poll: { every: 1, unit: 'seconds' } }, { id: 'mail', name: 'New mail', connection: id }),
        node('gmail.reply', { messageId: '{{ $json.id }}', text: 'Got "{{ $json.Subject }}"' }, { id: 'reply', name: 'Reply', connection: id }),
      ]),
    });
    // The first check marks the start.
    await waitUntil(() => (api.requests.some((request) => request.path.endsWith('/messages') && request.url.searchParams.get('q')?.includes('after:')) ? true : undefined), 10_000, 'a poll');
    api.deliver({ from: 'a@example.com', subject: 'First', text: '1' });
    api.deliver({ from: 'b@example.com', subject: 'Second', text: '2' });
    await waitUntil(() => (sentMessages().length === 2 ? true : undefined), 10_000, 'two replies');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(sentMessages().map((message) => api.parsed(message).headers.Subject)).toEqual(['Re: First', 'Re: Second']);
    // The reply is out before its run is stored: wait for each run to finish.
    const runs = await Promise.all(env.host.engine.list({ workflowId: saved.id, limit: 10 }).items.map((item) => env.host.engine.waitFor(item.id)));
    expect(runs.map((item) => item.status)).toEqual(runs.map(() => 'succeeded'));
  });

  it('writes and deletes drafts, reads and relabels threads, and manages labels; an imported n8n workflow drafts a reply in each unread thread', async () => {
    const id = await connect();
    const draft = (await run('createDraft', { subject: 'Idea', text: 'Not sent yet' }, id)) as { id: string; messageId: string };
    expect(api.messages.find((message) => message.id === draft.messageId)!.labelIds).toEqual(['DRAFT']);
    expect(await run('getDraft', { draftId: draft.id }, id)).toMatchObject({ id: draft.id, message: { Subject: 'Idea', text: 'Not sent yet' } });
    expect(await run('deleteDraft', { draftId: draft.id }, id)).toEqual({ id: draft.id, deleted: true });
    expect(await fail('getDraft', { draftId: draft.id }, id)).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const first = api.deliver({ from: 'Grace <grace@example.com>', subject: 'Plans', text: 'Shall we?' });
    await run('reply', { messageId: first.id, text: 'Yes' }, id);
    api.deliver({ from: 'Linus <linus@example.com>', subject: 'Patch', text: 'See attached' });
    const threads = (await run('listThreads', { query: 'is:unread' }, id)) as { id: string; snippet: string }[];
    expect(threads.map((thread) => thread.snippet)).toEqual(['See attached', 'Yes']);
    expect(((await run('getThread', { threadId: first.threadId, onlyMessages: true }, id)) as { Subject: string }[]).map((message) => message.Subject)).toEqual(['Plans', 'Re: Plans']);

    const label = (await run('createLabel', { name: 'Follow-up' }, id)) as { id: string };
    expect(await fail('createLabel', { name: 'follow-up' }, id)).toMatchObject({ ok: false, error: { message: expect.stringContaining('Label name exists or conflicts') } });
    expect(await run('modifyThreadLabels', { threadId: first.threadId, add: [label.id], remove: ['UNREAD'] }, id)).toMatchObject({ id: first.threadId, messages: [{ labelIds: ['INBOX', label.id] }, { labelIds: ['SENT', label.id] }] });
    expect(await run('getLabel', { labelId: label.id }, id)).toMatchObject({ name: 'Follow-up', messagesTotal: 2, threadsTotal: 1 });
    expect(((await run('listLabels', {}, id)) as { name: string }[]).map((entry) => entry.name)).toContain('Follow-up');
    expect(await fail('trashThread', { threadId: 'nope' }, id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await run('deleteLabel', { labelId: label.id }, id)).toEqual({ id: label.id, deleted: true });
    expect(api.messages.some((message) => message.labelIds.includes(label.id))).toBe(false);

    await env.host.engine.start({ owner: 'test', recover: true });
    const imported = importN8nWorkflow(
      {
        name: 'Draft replies',
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
          { name: 'Threads', type: 'n8n-nodes-base.gmail', typeVersion: 2.1, parameters: { resource: 'thread', returnAll: true, filters: { readStatus: 'unread' } } },
          { name: 'Messages', type: 'n8n-nodes-base.gmail', typeVersion: 2.1, parameters: { resource: 'thread', operation: 'get', threadId: '={{ $json.id }}', options: { returnOnlyMessages: true } } },
          { name: 'Draft', type: 'n8n-nodes-base.gmail', typeVersion: 2.1, parameters: { resource: 'draft', subject: '=Re: {{ $json.Subject }}', message: '=Thanks for "{{ $json.text }}"', options: { threadId: '={{ $json.threadId }}', sendTo: '={{ $json.From }}' } } },
          { name: 'Done', type: 'n8n-nodes-base.gmail', typeVersion: 1, parameters: { resource: 'messageLabel', operation: 'remove', messageId: "={{ $('Messages').item.json.id }}", labelIds: ['UNREAD'] } },
        ],
        connections: { Start: { main: [[{ node: 'Threads', type: 'main', index: 0 }]] }, Threads: { main: [[{ node: 'Messages', type: 'main', index: 0 }]] }, Messages: { main: [[{ node: 'Draft', type: 'main', index: 0 }]] }, Draft: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    for (const entry of imported.document.nodes) if (entry.type.startsWith('gmail.')) entry.connection = id;
    const saved = env.host.engine.workflows.save({ document: imported.document });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    expect(env.host.engine.detail(row.id).status).toBe('succeeded');
    const drafted = api.messages.filter((message) => message.labelIds.includes('DRAFT'));
    expect(drafted.map((message) => api.parsed(message).headers.Subject)).toEqual(['Re: Patch']);
    expect(drafted[0]!.threadId).toBe(threads[0]!.id);
    expect(api.parsed(drafted[0]!).headers.To).toBe('Linus <linus@example.com>');
    expect(api.messages.filter((message) => message.labelIds.includes('UNREAD'))).toEqual([]);
  });

  it('maps n8n Gmail nodes and the Gmail trigger', () => {
    const imported = importN8nWorkflow(
      {
        name: 'Mail',
        nodes: [
          { name: 'Gmail Trigger', type: 'n8n-nodes-base.gmailTrigger', typeVersion: 1.2, parameters: { pollTimes: { item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] }, simple: true, filters: { sender: 'boss@example.com', readStatus: 'unread', labelIds: ['INBOX'] } } },
          { name: 'Send', type: 'n8n-nodes-base.gmail', typeVersion: 2.1, parameters: { sendTo: '={{ $json.From }}', subject: 'Ack', emailType: 'text', message: 'Got it', options: { appendAttribution: false, ccList: 'team@example.com', attachmentsUi: { attachmentsBinary: [{ property: 'data' }] } } } },
          { name: 'All', type: 'n8n-nodes-base.gmail', typeVersion: 2.1, parameters: { operation: 'getAll', limit: 5, filters: { q: 'invoice', readStatus: 'unread' } } },
        ],
        connections: { 'Gmail Trigger': { main: [[{ node: 'Send', type: 'main', index: 0 }]] }, Send: { main: [[{ node: 'All', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.map(({ type, parameters }) => ({ type, parameters }))).toEqual([
      { type: 'gmail.newMail', parameters: { query: 'from:boss@example.com', labelIds: ['INBOX'], readStatus: 'unread', simple: true, poll: { every: 5, unit: 'minutes' } } },
      { type: 'gmail.send', parameters: { to: '{{ $json.From }}', subject: 'Ack', text: 'Got it', cc: 'team@example.com', attachments: ['data'] } },
      { type: 'gmail.list', parameters: { query: 'invoice is:unread', labelIds: [], limit: 5, simple: true, includeSpamTrash: false } },
    ]);
  });
});
