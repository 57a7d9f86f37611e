import fs from 'node:fs';
import type { z } from 'zod';
import { EchelonError, type ErrorCode } from '../../../shared/contract/errors';
import type { HttpBody } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { PollRequest, PollResult } from '../../../shared/integrations/service-triggers';
import type { AnswerCallbackParams, ChatActionParams, ChatRef, EditMessageParams, GetFileParams, MessageRef, SendFileParams, SendMessageParams, TelegramConnection, UpdatesParams } from './manifest';

type Context = ActionContext<z.output<typeof TelegramConnection>>;
type Reply = { ok: boolean; result?: unknown; error_code?: number; description?: string };

function codeFor(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429 || status >= 500) return 'unavailable';
  return 'invalid_input';
}

// "./": the token holds a colon, which would otherwise read as a URL scheme.
const methodUrl = (ctx: Context, method: string) => `./bot${ctx.secret('botToken')}/${method}`;

/** Calls a Bot API method; `{ ok: false, description }` becomes an error in Telegram's words. */
async function call<T = Record<string, unknown>>(ctx: Context, method: string, params: Record<string, unknown> = {}, body?: HttpBody): Promise<T> {
  const payload = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
  const response = await ctx.request({ method: 'POST', url: methodUrl(ctx, method), body: body ?? { type: 'json', value: payload }, responseType: 'json' });
  const reply = response.body as Reply | undefined;
  if (!reply?.ok) {
    const status = reply?.error_code ?? response.status;
    const hint = status === 401 ? ' Check the bot token (from @BotFather).' : status === 409 ? ' Another program is reading this bot\'s updates (a webhook or a second poller).' : '';
    throw new EchelonError(codeFor(status), `Telegram ${method} failed: ${reply?.description ?? `HTTP ${response.status}`}.${hint}`);
  }
  return reply.result as T;
}

const sending = (params: z.output<typeof SendMessageParams> | z.output<typeof SendFileParams>) => ({
  chat_id: params.chatId,
  disable_notification: params.disableNotification || undefined,
  reply_to_message_id: params.replyToMessageId,
  message_thread_id: params.messageThreadId,
  reply_markup: params.replyMarkup,
});
const parseMode = (mode: string) => (mode === 'none' ? undefined : mode);

const METHOD_OF_KIND = { photo: 'sendPhoto', document: 'sendDocument', audio: 'sendAudio', video: 'sendVideo', animation: 'sendAnimation', voice: 'sendVoice', sticker: 'sendSticker' } as const;

/** The updates a trigger wants: every kind, or those named. */
function wanted(update: Record<string, unknown>, kinds: string[]): boolean {
  return kinds.includes('*') || kinds.some((kind) => kind in update);
}

export default defineIntegrationCode({
  actions: {
    async sendMessage(params: z.output<typeof SendMessageParams>, ctx: Context) {
      return call(ctx, 'sendMessage', { ...sending(params), text: params.text, parse_mode: parseMode(params.parseMode), link_preview_options: params.disableWebPagePreview ? { is_disabled: true } : undefined });
    },
    async sendFile(params: z.output<typeof SendFileParams>, ctx: Context) {
      const method = METHOD_OF_KIND[params.kind];
      const fields = { ...sending(params), caption: params.caption, parse_mode: parseMode(params.parseMode) };
      if (params.file) return call(ctx, method, { ...fields, [params.kind]: params.file });
      const ref = ctx.files?.input(params.binaryProperty);
      if (!ref || !ctx.files) throw new EchelonError('invalid_input', `Name a file (URL or file_id), or give the item binary data in "${params.binaryProperty}".`, { path: 'params.file' });
      const parts = Object.entries(fields)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => ({ name, value: typeof value === 'object' ? JSON.stringify(value) : String(value) }));
      const bytes = await fs.promises.readFile(ctx.files.localPath(ref));
      return call(ctx, method, {}, { type: 'multipart', parts: [...parts, { name: params.kind, filename: ref.fileName ?? 'file', contentType: ref.mimeType, base64: bytes.toString('base64') }] });
    },
    async editMessageText(params: z.output<typeof EditMessageParams>, ctx: Context) {
      return call(ctx, 'editMessageText', { chat_id: params.chatId, message_id: params.messageId, text: params.text, parse_mode: parseMode(params.parseMode), reply_markup: params.replyMarkup });
    },
    async deleteMessage(params: z.output<typeof MessageRef>, ctx: Context) {
      return { deleted: await call<boolean>(ctx, 'deleteMessage', { chat_id: params.chatId, message_id: params.messageId }) };
    },
    async pinMessage(params: z.output<typeof MessageRef>, ctx: Context) {
      return { pinned: await call<boolean>(ctx, 'pinChatMessage', { chat_id: params.chatId, message_id: params.messageId }) };
    },
    async sendChatAction(params: z.output<typeof ChatActionParams>, ctx: Context) {
      return { sent: await call<boolean>(ctx, 'sendChatAction', { chat_id: params.chatId, action: params.action }) };
    },
    async getChat(params: z.output<typeof ChatRef>, ctx: Context) {
      return call(ctx, 'getChat', { chat_id: params.chatId });
    },
    async answerCallbackQuery(params: z.output<typeof AnswerCallbackParams>, ctx: Context) {
      return { answered: await call<boolean>(ctx, 'answerCallbackQuery', { callback_query_id: params.callbackQueryId, text: params.text, show_alert: params.showAlert || undefined }) };
    },
    async getFile(params: z.output<typeof GetFileParams>, ctx: Context) {
      const file = await call<{ file_id: string; file_path?: string; file_size?: number }>(ctx, 'getFile', { file_id: params.fileId });
      if (!params.download || !ctx.files) return file;
      if (!file.file_path) throw new EchelonError('not_found', 'Telegram has no download for this file (larger than 20 MB, or expired).');
      const response = await ctx.request({ url: `./file/bot${ctx.secret('botToken')}/${file.file_path}`, responseType: 'bytes', maxResponseBytes: 25 * 1024 * 1024 });
      if (response.status !== 200) throw new EchelonError(codeFor(response.status), `Telegram file download failed with HTTP ${response.status}.`);
      const target = ctx.files.create(params.binaryProperty, { mimeType: response.headers['content-type'] ?? 'application/octet-stream', fileName: file.file_path.split('/').pop() });
      await fs.promises.writeFile(target.path, response.body as Uint8Array);
      target.done();
      return file;
    },
    async getMe(_params: Record<string, never>, ctx: Context) {
      return call(ctx, 'getMe');
    },
  },
  triggers: {
    updates: {
      /**
       * getUpdates from just after the last update seen (which also tells Telegram to forget
       * the earlier ones). The first poll takes what is waiting (Telegram keeps 24 hours); a
       * sample looks at the queue without confirming anything.
       */
      async poll(params: z.output<typeof UpdatesParams>, ctx: Context, request: PollRequest): Promise<PollResult> {
        const last = typeof request.cursor === 'number' ? request.cursor : undefined;
        const updates = await call<Record<string, unknown>[]>(ctx, 'getUpdates', { offset: request.sample || last === undefined ? undefined : last + 1, limit: 100, timeout: 0 });
        const next = updates.reduce((max, update) => Math.max(max, Number(update.update_id)), last ?? -1);
        const fresh = updates.filter((update) => wanted(update, params.updates));
        if (request.sample) return { items: fresh.slice(-1), cursor: request.cursor };
        return { items: fresh, cursor: next >= 0 ? next : undefined };
      },
    },
  },
});
