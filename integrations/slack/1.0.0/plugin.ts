import type { z } from 'zod';
import { EchelonError, type ErrorCode } from '../../../shared/contract/errors';
import { expectOk } from '../../../shared/integrations/http-errors';
import { collectPages } from '../../../shared/integrations/pagination';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { HistoryParams, ListChannelsParams, MessageRef, PostMessageParams, ReactionParams, SlackConnection, UpdateMessageParams, UserParams, WebhookParams } from './manifest';

type Context = ActionContext<z.output<typeof SlackConnection>>;
type SlackReply = { ok: boolean; error?: string; response_metadata?: { next_cursor?: string; messages?: string[] } } & Record<string, unknown>;

const ERROR_CODES: Record<string, ErrorCode> = {
  not_authed: 'forbidden',
  invalid_auth: 'forbidden',
  account_inactive: 'forbidden',
  token_revoked: 'forbidden',
  missing_scope: 'forbidden',
  channel_not_found: 'not_found',
  message_not_found: 'not_found',
  user_not_found: 'not_found',
  not_in_channel: 'forbidden',
  ratelimited: 'unavailable',
};

/** A Web API refusal, with Slack's own error word (`not_authed`, `channel_not_found`). */
class SlackApiError extends EchelonError {
  constructor(
    readonly slackError: string,
    code: ErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

/** Web API methods answer HTTP 200 with `{ ok: false, error }`: that is a failure too. */
async function callMethod(ctx: Context, method: string, body: Record<string, unknown>, form = false): Promise<SlackReply> {
  const response = expectOk(
    await ctx.request({
      method: 'POST',
      url: method,
      headers: form ? {} : { 'content-type': 'application/json; charset=utf-8' },
      body: form ? { type: 'form', value: body as Record<string, string> } : { type: 'json', value: body },
    }),
    `Slack ${method}`,
  );
  const reply = response.body as SlackReply;
  if (!reply || typeof reply !== 'object' || !reply.ok) {
    const error = reply?.error ?? 'unknown_error';
    const details = reply?.response_metadata?.messages?.join(' ') ?? '';
    throw new SlackApiError(error, ERROR_CODES[error] ?? 'invalid_input', `Slack ${method} failed: ${error}${details ? ` (${details})` : ''}.`);
  }
  return reply;
}

async function postWebhook(ctx: Context, payload: Record<string, unknown>) {
  return ctx.request({ method: 'POST', url: ctx.secret('webhookUrl'), body: { type: 'json', value: payload } });
}

export default defineIntegrationCode({
  actions: {
    async sendWebhookMessage(params: z.output<typeof WebhookParams>, ctx: Context) {
      const response = await postWebhook(ctx, { text: params.text, ...(params.blocks ? { blocks: params.blocks } : {}), ...(params.threadTs ? { thread_ts: params.threadTs } : {}) });
      // Webhooks answer with plain text: "ok", or an error word such as "invalid_payload" or "no_service".
      expectOk(response, 'The Slack webhook');
      return { ok: true };
    },
    async postMessage(params: z.output<typeof PostMessageParams>, ctx: Context) {
      const reply = await callMethod(ctx, 'chat.postMessage', {
        channel: params.channel,
        text: params.text,
        ...(params.blocks ? { blocks: params.blocks } : {}),
        ...(params.threadTs ? { thread_ts: params.threadTs } : {}),
      });
      return { channel: reply.channel, ts: reply.ts };
    },
    async updateMessage(params: z.output<typeof UpdateMessageParams>, ctx: Context) {
      const reply = await callMethod(ctx, 'chat.update', { channel: params.channel, ts: params.ts, text: params.text, ...(params.blocks ? { blocks: params.blocks } : {}) });
      return { channel: reply.channel, ts: reply.ts, text: reply.text };
    },
    async deleteMessage(params: z.output<typeof MessageRef>, ctx: Context) {
      const reply = await callMethod(ctx, 'chat.delete', { channel: params.channel, ts: params.ts });
      return { channel: reply.channel, ts: reply.ts, deleted: true };
    },
    async addReaction(params: z.output<typeof ReactionParams>, ctx: Context) {
      await callMethod(ctx, 'reactions.add', { channel: params.channel, timestamp: params.ts, name: params.name.replace(/^:|:$/g, '') });
      return { ok: true };
    },
    async getHistory(params: z.output<typeof HistoryParams>, ctx: Context) {
      const { items } = await collectPages(async (cursor) => {
        const reply = await callMethod(ctx, 'conversations.history', { channel: params.channel, limit: String(params.limit), ...(params.oldest ? { oldest: params.oldest } : {}), ...(cursor ? { cursor } : {}) }, true);
        return { items: (reply.messages as Record<string, unknown>[]) ?? [], next: reply.response_metadata?.next_cursor };
      }, params.maxPages);
      return items;
    },
    async getUser(params: z.output<typeof UserParams>, ctx: Context) {
      const reply = await callMethod(ctx, 'users.info', { user: params.user }, true);
      return reply.user;
    },
    async listChannels(params: z.output<typeof ListChannelsParams>, ctx: Context) {
      const { items } = await collectPages(async (cursor) => {
        const reply = await callMethod(
          ctx,
          'conversations.list',
          { types: params.types, exclude_archived: String(params.excludeArchived), limit: String(params.limit), ...(cursor ? { cursor } : {}) },
          true,
        );
        const channels = (reply.channels as { id: string; name: string; is_private?: boolean; num_members?: number }[]) ?? [];
        return { items: channels.map((channel) => ({ id: channel.id, name: channel.name, private: channel.is_private ?? false, members: channel.num_members ?? null })), next: reply.response_metadata?.next_cursor };
      }, params.maxPages);
      return items;
    },
    async authTest(_params: Record<string, never>, ctx: Context) {
      const reply = await callMethod(ctx, 'auth.test', {});
      return { team: reply.team, teamId: reply.team_id, user: reply.user, userId: reply.user_id, url: reply.url };
    },
    async check(_params: Record<string, never>, ctx: Context) {
      try {
        const reply = await callMethod(ctx, 'auth.test', {});
        return { via: 'token', team: reply.team };
      } catch (error) {
        // No token at all: a webhook-only connection. An empty payload is refused without posting anything,
        // with "invalid_payload" or "no_text" when the hook exists and "no_service" when it does not.
        if (!(error instanceof SlackApiError) || error.slackError !== 'not_authed') throw error;
        const response = await postWebhook(ctx, {});
        if (response.status !== 400) expectOk(response, 'The Slack webhook');
        return { via: 'webhook' };
      }
    },
  },
});
