import fs from 'node:fs';
import { ImapFlow, type FetchMessageObject } from 'imapflow';
import type { z } from 'zod';
import { EchelonError, type ErrorCode } from '../../../shared/contract/errors';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { PollRequest, PollResult } from '../../../shared/integrations/service-triggers';
import type { FlagsParams, GetParams, ImapConnection, MoveParams, NewMailParams, SearchParams } from './manifest';
import { mailItem, searchOf, type MailItem } from './messages';

type Context = ActionContext<z.output<typeof ImapConnection>>;

/** At most this many messages start one run; the rest wait for the next check. */
const BATCH = 50;

/** The server's refusal or the socket's failure, in words that say what to change. */
function describe(error: unknown): never {
  if (error instanceof EchelonError) throw error;
  const failure = error as { code?: string; authenticationFailed?: boolean; serverResponseCode?: string; responseText?: string; message?: string };
  const code: ErrorCode = failure.authenticationFailed ? 'forbidden' : failure.serverResponseCode === 'NONEXISTENT' ? 'not_found' : failure.code === 'ETIMEOUT' ? 'timeout' : 'unavailable';
  const hint = failure.authenticationFailed
    ? ' Check the username and password of the connection (some providers want an app password).'
    : failure.serverResponseCode === 'NONEXISTENT'
      ? ' Check the folder name (the Check action lists them).'
      : /TLS|certificate|STARTTLS/i.test(failure.message ?? '')
        ? ' Check the security setting (tls, starttls) and the server certificate.'
        : '';
  throw new EchelonError(code, `IMAP: ${(failure.responseText ?? failure.message ?? String(error)).trim()}.${hint}`);
}

/** A signed-in session for one call, logged out after it (a poll a minute needs no connection in between). */
async function session<T>(ctx: Context, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const config = ctx.connection!.config;
  const { username, password } = ctx.login();
  const client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    doSTARTTLS: config.security === 'starttls' ? true : config.security === 'none' ? false : undefined,
    auth: { user: username, pass: password },
    tls: { rejectUnauthorized: config.verifyCertificate },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 15_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    return describe(error);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Runs `work` with a folder open (read-only unless it changes flags). */
async function inMailbox<T>(client: ImapFlow, mailbox: string, readOnly: boolean, work: () => Promise<T>): Promise<T> {
  const lock = await client.getMailboxLock(mailbox, { readOnly });
  try {
    return await work();
  } finally {
    lock.release();
  }
}

const fetchSources = async (client: ImapFlow, uids: number[]): Promise<FetchMessageObject[]> =>
  uids.length === 0 ? [] : (await client.fetchAll(uids.join(','), { uid: true, source: true }, { uid: true })).sort((a, b) => a.uid - b.uid);

const build = (message: FetchMessageObject, params: { format: 'simple' | 'resolved' | 'raw'; downloadAttachments?: boolean }) => mailItem(message.source ?? Buffer.alloc(0), message.uid, params.format, params.downloadAttachments === true);

/** A trigger event: the item, its attachments as base64 binary data the trigger step stores as files. */
const event = (item: MailItem, prefix: string): Record<string, unknown> =>
  item.attachments.length === 0 ? item.json : { ...item.json, $binary: Object.fromEntries(item.attachments.map((file, index) => [`${prefix}${index}`, { data: file.content.toString('base64'), mimeType: file.contentType, fileName: file.fileName }])) };

interface Cursor {
  uidValidity: string;
  lastUid: number;
}

export default defineIntegrationCode({
  actions: {
    async search(params: z.output<typeof SearchParams>, ctx: Context) {
      const query = searchOf(params.criteria);
      return session(ctx, (client) =>
        inMailbox(client, params.mailbox, true, async () => {
          const uids = ((await client.search(query, { uid: true })) || []).slice(-params.limit);
          const items = [];
          for (const message of await fetchSources(client, uids)) items.push((await build(message, { format: params.format })).json);
          return items;
        }),
      );
    },
    async get(params: z.output<typeof GetParams>, ctx: Context) {
      const item = await session(ctx, (client) =>
        inMailbox(client, params.mailbox, true, async () => {
          const [message] = await fetchSources(client, [params.uid]);
          if (!message) throw new EchelonError('not_found', `There is no message with UID ${params.uid} in ${params.mailbox}.`, { path: 'params.uid' });
          return build(message, params);
        }),
      );
      for (const [index, file] of (ctx.files ? item.attachments : []).entries()) {
        const target = ctx.files!.create(`${params.attachmentPrefix}${index}`, { mimeType: file.contentType, fileName: file.fileName });
        await fs.promises.writeFile(target.path, file.content);
        target.done();
      }
      return item.json;
    },
    async setFlags(params: z.output<typeof FlagsParams>, ctx: Context) {
      return session(ctx, (client) =>
        inMailbox(client, params.mailbox, false, async () => {
          if (params.add.length > 0) await client.messageFlagsAdd(String(params.uid), params.add, { uid: true });
          if (params.remove.length > 0) await client.messageFlagsRemove(String(params.uid), params.remove, { uid: true });
          const [message] = await client.fetchAll(String(params.uid), { uid: true, flags: true }, { uid: true });
          if (!message) throw new EchelonError('not_found', `There is no message with UID ${params.uid} in ${params.mailbox}.`, { path: 'params.uid' });
          return { uid: message.uid, flags: [...(message.flags ?? [])].sort() };
        }),
      );
    },
    async move(params: z.output<typeof MoveParams>, ctx: Context) {
      return session(ctx, (client) =>
        inMailbox(client, params.mailbox, false, async () => {
          const moved = await client.messageMove(String(params.uid), params.to, { uid: true });
          if (!moved || !moved.uidMap?.size) throw new EchelonError('not_found', `There is no message with UID ${params.uid} in ${params.mailbox}.`, { path: 'params.uid' });
          return { uid: params.uid, mailbox: params.to, newUid: moved.uidMap.get(params.uid) };
        }),
      );
    },
    async check(_params: Record<string, never>, ctx: Context) {
      return session(ctx, async (client) => ({ ok: true, mailboxes: (await client.list()).map((box) => box.path).sort() }));
    },
  },
  triggers: {
    newMail: {
      /**
       * Messages matching the rules with a UID past the cursor, oldest first, at most a batch a
       * check; marked read as asked. As n8n's trigger does, mail already there that matches
       * (unread, by default) counts on the first check. A sample is the newest match, left as is.
       */
      async poll(params: z.output<typeof NewMailParams>, ctx: Context, request: PollRequest): Promise<PollResult> {
        const query = searchOf(params.criteria);
        return session(ctx, (client) =>
          inMailbox(client, params.mailbox, request.sample || !params.markAsRead, async () => {
            const uidValidity = String(client.mailbox ? client.mailbox.uidValidity : '');
            const cursor = request.cursor as Cursor | undefined;
            const after = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid : 0;
            const found = ((await client.search(request.sample ? query : { ...query, uid: `${after + 1}:*` }, { uid: true })) || []).filter((uid) => request.sample || uid > after);
            const uids = request.sample ? found.slice(-1) : found.sort((a, b) => a - b).slice(0, BATCH);
            const items: Record<string, unknown>[] = [];
            for (const message of await fetchSources(client, uids)) items.push(event(await build(message, params), params.attachmentPrefix));
            if (request.sample) return { items, cursor: request.cursor };
            if (params.markAsRead && uids.length > 0) await client.messageFlagsAdd(uids.join(','), ['\\Seen'], { uid: true });
            return { items, cursor: { uidValidity, lastUid: Math.max(after, ...uids) } satisfies Cursor };
          }),
        );
      },
    },
  },
});
