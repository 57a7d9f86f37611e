import fs from 'node:fs';
import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectGoogleOk } from '../../../shared/integrations/google';
import type { HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { PollRequest, PollResult } from '../../../shared/integrations/service-triggers';
import type { CreateLabelParams, DraftParams, DraftRef, GetParams, GetThreadParams, GmailConnection, LabelRef, LabelsParams, ListParams, ListThreadsParams, MessageRef, NewMailParams, ReplyParams, SendParams, ThreadLabelsParams, ThreadRef } from './manifest';
import { buildMessage, type Attachment } from './mime';

type Context = ActionContext<z.output<typeof GmailConnection>>;
interface Part {
  partId?: string;
  mimeType: string;
  filename?: string;
  headers?: { name: string; value: string }[];
  body?: { size: number; data?: string; attachmentId?: string };
  parts?: Part[];
}
interface GmailMessage {
  id: string;
  threadId: string;
  labelIds?: string[];
  snippet?: string;
  internalDate?: string;
  sizeEstimate?: number;
  payload?: Part;
}

const USER = 'gmail/v1/users/me';

async function call<T = Record<string, unknown>>(ctx: Context, what: string, request: HttpRequest): Promise<T> {
  const response = expectGoogleOk(await ctx.request(request), `Gmail ${what}`);
  return (response.body ?? {}) as T;
}

const addresses = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : (value ?? '').split(',')).map((entry) => entry.trim()).filter(Boolean);
const header = (part: Part | undefined, name: string) => part?.headers?.find((entry) => entry.name.toLowerCase() === name.toLowerCase())?.value;
const decode = (data: string | undefined) => (data ? Buffer.from(data, 'base64url') : Buffer.alloc(0));

/** Every part of a message, depth first. */
function* partsOf(part: Part | undefined): Generator<Part> {
  if (!part) return;
  yield part;
  for (const child of part.parts ?? []) yield* partsOf(child);
}

const isAttachment = (part: Part) => Boolean(part.filename) && (part.body?.attachmentId !== undefined || part.body?.data !== undefined);

/** A message as most workflows want it: headers by name, the text and HTML bodies, attachments listed. */
function simplify(message: GmailMessage): Record<string, unknown> {
  const parts = [...partsOf(message.payload)];
  const body = (type: string) => {
    const part = parts.find((candidate) => candidate.mimeType === type && !isAttachment(candidate));
    return part ? decode(part.body?.data).toString('utf8') : undefined;
  };
  const simple: Record<string, unknown> = { id: message.id, threadId: message.threadId, labelIds: message.labelIds ?? [], snippet: message.snippet ?? '', internalDate: Number(message.internalDate ?? 0) };
  for (const name of ['From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID']) {
    const value = header(message.payload, name);
    if (value !== undefined) simple[name] = value;
  }
  simple.text = body('text/plain') ?? '';
  const html = body('text/html');
  if (html !== undefined) simple.html = html;
  simple.attachments = parts.filter(isAttachment).map((part) => ({ fileName: part.filename, mimeType: part.mimeType, size: part.body?.size ?? 0 }));
  return simple;
}

const getMessage = (ctx: Context, id: string, format: 'full' | 'metadata' = 'full') => call<GmailMessage>(ctx, 'messages.get', { url: `${USER}/messages/${encodeURIComponent(id)}`, query: { format } });

/** The item's binary properties as attachments. */
async function attachmentsOf(ctx: Context, properties: string[]): Promise<Attachment[]> {
  const files: Attachment[] = [];
  for (const property of properties) {
    const ref = ctx.files?.input(property);
    if (!ref || !ctx.files) throw new EchelonError('invalid_input', `The item has no binary data "${property}" to attach.`, { path: 'params.attachments' });
    files.push({ fileName: ref.fileName ?? property, contentType: ref.mimeType, bytes: await fs.promises.readFile(ctx.files.localPath(ref)) });
  }
  return files;
}

/** The message as RFC 5322 text, base64url-encoded as Gmail takes it. */
async function compose(ctx: Context, params: z.output<typeof SendParams>, extra: { to?: string[]; subject?: string; inReplyTo?: string; references?: string } = {}, draft = false): Promise<string> {
  const to = extra.to ?? addresses(params.to);
  if (!draft && to.length + addresses(params.cc).length + addresses(params.bcc).length === 0) throw new EchelonError('invalid_input', 'Give at least one recipient (to, cc or bcc).', { path: 'params.to' });
  let from: string | undefined;
  if (params.senderName) {
    const profile = await call<{ emailAddress: string }>(ctx, 'profile', { url: `${USER}/profile` });
    from = `${params.senderName.replace(/["\\]/g, '')} <${profile.emailAddress}>`;
  }
  const raw = buildMessage({
    from,
    to,
    cc: addresses(params.cc),
    bcc: addresses(params.bcc),
    subject: extra.subject ?? params.subject,
    text: params.text,
    html: params.html,
    replyTo: params.replyTo,
    inReplyTo: extra.inReplyTo,
    references: extra.references,
    attachments: await attachmentsOf(ctx, params.attachments),
  });
  return Buffer.from(raw, 'utf8').toString('base64url');
}

async function sendRaw(ctx: Context, params: z.output<typeof SendParams>, extra: { to?: string[]; subject?: string; threadId?: string; inReplyTo?: string; references?: string } = {}) {
  const raw = await compose(ctx, params, extra);
  return call<GmailMessage>(ctx, 'send', { method: 'POST', url: `${USER}/messages/send`, body: { type: 'json', value: { raw, ...(extra.threadId ? { threadId: extra.threadId } : {}) } } });
}

async function search(ctx: Context, query: string, labelIds: string[], limit: number, includeSpamTrash = false): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await call<{ messages?: { id: string }[]; nextPageToken?: string }>(ctx, 'messages.list', {
      url: `${USER}/messages`,
      query: { q: query, maxResults: Math.min(500, limit - ids.length), ...(labelIds.length > 0 ? { labelIds } : {}), ...(includeSpamTrash ? { includeSpamTrash: true } : {}), ...(pageToken ? { pageToken } : {}) },
    });
    ids.push(...(page.messages ?? []).map((message) => message.id));
    pageToken = page.nextPageToken;
  } while (pageToken && ids.length < limit);
  return ids;
}

const readFilter = (status: string) => (status === 'unread' ? 'is:unread' : status === 'read' ? 'is:read' : '');

export default defineIntegrationCode({
  actions: {
    async send(params: z.output<typeof SendParams>, ctx: Context) {
      const sent = await sendRaw(ctx, params);
      return { id: sent.id, threadId: sent.threadId, labelIds: sent.labelIds ?? [] };
    },
    async reply(params: z.output<typeof ReplyParams>, ctx: Context) {
      const original = await getMessage(ctx, params.messageId, 'metadata');
      const from = header(original.payload, 'Reply-To') ?? header(original.payload, 'From') ?? '';
      let to = [from, ...addresses(params.to)];
      if (params.replyToAll) {
        const me = (await call<{ emailAddress: string }>(ctx, 'profile', { url: `${USER}/profile` })).emailAddress.toLowerCase();
        to = [...to, ...addresses(header(original.payload, 'To')), ...addresses(header(original.payload, 'Cc'))].filter((address) => !address.toLowerCase().includes(me));
      }
      const subject = header(original.payload, 'Subject') ?? '';
      const messageId = header(original.payload, 'Message-ID');
      const references = [header(original.payload, 'References'), messageId].filter(Boolean).join(' ') || undefined;
      const sent = await sendRaw(ctx, { ...params, subject: '' }, { to: [...new Set(to.filter(Boolean))], subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`, threadId: original.threadId, inReplyTo: messageId, references });
      return { id: sent.id, threadId: sent.threadId, labelIds: sent.labelIds ?? [] };
    },
    async list(params: z.output<typeof ListParams>, ctx: Context) {
      const ids = await search(ctx, params.query, params.labelIds, params.limit, params.includeSpamTrash);
      const messages = [];
      for (const id of ids) messages.push(await getMessage(ctx, id));
      return messages.map((message) => (params.simple ? simplify(message) : message));
    },
    async get(params: z.output<typeof GetParams>, ctx: Context) {
      const message = await getMessage(ctx, params.messageId);
      if (params.downloadAttachments && ctx.files) {
        let index = 0;
        for (const part of [...partsOf(message.payload)].filter(isAttachment)) {
          const data = part.body?.data ?? (await call<{ data: string }>(ctx, 'attachments.get', { url: `${USER}/messages/${encodeURIComponent(message.id)}/attachments/${encodeURIComponent(part.body!.attachmentId!)}` })).data;
          const target = ctx.files.create(`attachment_${index++}`, { mimeType: part.mimeType, fileName: part.filename });
          await fs.promises.writeFile(target.path, decode(data));
          target.done();
        }
      }
      return params.simple ? simplify(message) : message;
    },
    async modifyLabels(params: z.output<typeof LabelsParams>, ctx: Context) {
      const result = await call<GmailMessage>(ctx, 'messages.modify', { method: 'POST', url: `${USER}/messages/${encodeURIComponent(params.messageId)}/modify`, body: { type: 'json', value: { addLabelIds: params.add, removeLabelIds: params.remove } } });
      return { id: result.id, labelIds: result.labelIds ?? [] };
    },
    async markAsRead(params: z.output<typeof MessageRef>, ctx: Context) {
      const result = await call<GmailMessage>(ctx, 'messages.modify', { method: 'POST', url: `${USER}/messages/${encodeURIComponent(params.messageId)}/modify`, body: { type: 'json', value: { removeLabelIds: ['UNREAD'] } } });
      return { id: result.id, labelIds: result.labelIds ?? [] };
    },
    async trash(params: z.output<typeof MessageRef>, ctx: Context) {
      const result = await call<GmailMessage>(ctx, 'messages.trash', { method: 'POST', url: `${USER}/messages/${encodeURIComponent(params.messageId)}/trash` });
      return { id: result.id, labelIds: result.labelIds ?? [] };
    },
    async createDraft(params: z.output<typeof DraftParams>, ctx: Context) {
      const raw = await compose(ctx, params, {}, true);
      const draft = await call<{ id: string; message: GmailMessage }>(ctx, 'drafts.create', { method: 'POST', url: `${USER}/drafts`, body: { type: 'json', value: { message: { raw, ...(params.threadId ? { threadId: params.threadId } : {}) } } } });
      return { id: draft.id, messageId: draft.message.id, threadId: draft.message.threadId };
    },
    async getDraft(params: z.output<typeof DraftRef> & { simple: boolean }, ctx: Context) {
      const draft = await call<{ id: string; message: GmailMessage }>(ctx, 'drafts.get', { url: `${USER}/drafts/${encodeURIComponent(params.draftId)}`, query: { format: 'full' } });
      return { id: draft.id, message: params.simple ? simplify(draft.message) : draft.message };
    },
    async deleteDraft(params: z.output<typeof DraftRef>, ctx: Context) {
      await call(ctx, 'drafts.delete', { method: 'DELETE', url: `${USER}/drafts/${encodeURIComponent(params.draftId)}` });
      return { id: params.draftId, deleted: true };
    },
    async listThreads(params: z.output<typeof ListThreadsParams>, ctx: Context) {
      const threads: Record<string, unknown>[] = [];
      let pageToken: string | undefined;
      do {
        const page = await call<{ threads?: Record<string, unknown>[]; nextPageToken?: string }>(ctx, 'threads.list', {
          url: `${USER}/threads`,
          query: { q: params.query, maxResults: Math.min(500, params.limit - threads.length), ...(params.labelIds.length > 0 ? { labelIds: params.labelIds } : {}), ...(params.includeSpamTrash ? { includeSpamTrash: true } : {}), ...(pageToken ? { pageToken } : {}) },
        });
        threads.push(...(page.threads ?? []));
        pageToken = page.nextPageToken;
      } while (pageToken && threads.length < params.limit);
      return threads;
    },
    async getThread(params: z.output<typeof GetThreadParams>, ctx: Context) {
      const thread = await call<{ id: string; historyId: string; messages: GmailMessage[] }>(ctx, 'threads.get', { url: `${USER}/threads/${encodeURIComponent(params.threadId)}`, query: { format: 'full' } });
      const messages = thread.messages.map((message) => (params.simple ? simplify(message) : message));
      return params.onlyMessages ? messages : { id: thread.id, historyId: thread.historyId, messages };
    },
    async modifyThreadLabels(params: z.output<typeof ThreadLabelsParams>, ctx: Context) {
      const thread = await call<{ id: string; messages: GmailMessage[] }>(ctx, 'threads.modify', { method: 'POST', url: `${USER}/threads/${encodeURIComponent(params.threadId)}/modify`, body: { type: 'json', value: { addLabelIds: params.add, removeLabelIds: params.remove } } });
      return { id: thread.id, messages: thread.messages.map((message) => ({ id: message.id, labelIds: message.labelIds ?? [] })) };
    },
    async trashThread(params: z.output<typeof ThreadRef>, ctx: Context) {
      const thread = await call<{ id: string }>(ctx, 'threads.trash', { method: 'POST', url: `${USER}/threads/${encodeURIComponent(params.threadId)}/trash` });
      return { id: thread.id, trashed: true };
    },
    async listLabels(_params: Record<string, never>, ctx: Context) {
      return (await call<{ labels: Record<string, unknown>[] }>(ctx, 'labels.list', { url: `${USER}/labels` })).labels;
    },
    async getLabel(params: z.output<typeof LabelRef>, ctx: Context) {
      return call(ctx, 'labels.get', { url: `${USER}/labels/${encodeURIComponent(params.labelId)}` });
    },
    async createLabel(params: z.output<typeof CreateLabelParams>, ctx: Context) {
      return call(ctx, 'labels.create', { method: 'POST', url: `${USER}/labels`, body: { type: 'json', value: { name: params.name, messageListVisibility: params.showInMessageList ? 'show' : 'hide', labelListVisibility: params.showInLabelList } } });
    },
    async deleteLabel(params: z.output<typeof LabelRef>, ctx: Context) {
      await call(ctx, 'labels.delete', { method: 'DELETE', url: `${USER}/labels/${encodeURIComponent(params.labelId)}` });
      return { id: params.labelId, deleted: true };
    },
    async getProfile(_params: Record<string, never>, ctx: Context) {
      return call(ctx, 'profile', { url: `${USER}/profile` });
    },
  },
  triggers: {
    newMail: {
      /**
       * Mail that arrived after the cursor (`after` its newest internalDate, the ids seen at that
       * instant left out), oldest first. The first check only marks the start: mail already
       * there does not start runs. A sample is the newest matching message.
       */
      async poll(params: z.output<typeof NewMailParams>, ctx: Context, request: PollRequest): Promise<PollResult> {
        const filters = [params.query, readFilter(params.readStatus)].filter(Boolean);
        const cursor = request.cursor as { after: number; ids: string[] } | undefined;
        if (request.sample) {
          const [latest] = await search(ctx, filters.join(' '), params.labelIds, 1);
          const message = latest ? await getMessage(ctx, latest) : undefined;
          return { items: message ? [params.simple ? simplify(message) : (message as unknown as Record<string, unknown>)] : [], cursor: request.cursor };
        }
        if (!cursor) return { items: [], cursor: { after: Date.now(), ids: [] } };
        // Gmail's `after:` counts whole seconds: ask from the second of the cursor, then drop what it has seen.
        const ids = await search(ctx, [...filters, `after:${Math.floor(cursor.after / 1000) - 1}`].join(' '), params.labelIds, 500);
        const messages: GmailMessage[] = [];
        for (const id of ids) messages.push(await getMessage(ctx, id));
        const fresh = messages
          .filter((message) => {
            const at = Number(message.internalDate ?? 0);
            return at > cursor.after || (at === cursor.after && !cursor.ids.includes(message.id));
          })
          .sort((a, b) => Number(a.internalDate) - Number(b.internalDate));
        if (fresh.length === 0) return { items: [], cursor };
        const newest = Number(fresh.at(-1)!.internalDate);
        const seen = fresh.filter((message) => Number(message.internalDate) === newest).map((message) => message.id);
        return {
          items: fresh.map((message) => (params.simple ? simplify(message) : (message as unknown as Record<string, unknown>))),
          cursor: { after: newest, ids: newest === cursor.after ? [...cursor.ids, ...seen] : seen },
        };
      },
    },
  },
});
