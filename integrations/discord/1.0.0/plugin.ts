import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { isSuccess, type HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { DiscordConnection, MembersParams, SendParams, WebhookParams } from './manifest';

type Context = ActionContext<z.output<typeof DiscordConnection>>;
interface Member {
  user: { id: string; username: string; global_name?: string | null; bot?: boolean };
  nick?: string | null;
  roles: string[];
  joined_at: string;
}

/** Discord errors come as `{ code, message, errors? }`; a validation failure names the field under errors. */
async function call<T>(ctx: Context, what: string, request: HttpRequest): Promise<T> {
  const response = await ctx.request(request);
  if (isSuccess(response)) return response.body as T;
  const body = (response.body ?? {}) as { code?: number; message?: string; errors?: unknown };
  const code = response.status === 401 || response.status === 403 ? 'forbidden' : response.status === 404 ? 'not_found' : response.status === 429 || response.status >= 500 ? 'unavailable' : 'invalid_input';
  const hint = response.status === 401 ? ' Check the bot token of the connection.' : response.status === 403 ? ' The bot lacks a permission or intent for this (server settings, or the Developer Portal).' : '';
  const detail = body.errors ? ` ${JSON.stringify(body.errors).slice(0, 300)}` : '';
  throw new EchelonError(code, `Discord ${what} failed: ${body.message ?? `HTTP ${response.status}`}${body.code ? ` (${body.code})` : ''}.${detail}${hint}`);
}

/** An embed given as JSON text (n8n's JSON input), parsed; a list of them is spread. */
function embedsOf(embeds: (Record<string, unknown> | string)[]): Record<string, unknown>[] {
  return embeds.flatMap((embed) => {
    if (typeof embed !== 'string') return [embed];
    try {
      const parsed = JSON.parse(embed) as Record<string, unknown> | Record<string, unknown>[];
      return Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      throw new EchelonError('invalid_input', 'An embed is not valid JSON: write it as an object, e.g. {"title":"Hi","description":"…"}.', { path: 'params.embeds' });
    }
  });
}

function payload(params: { content: string; embeds: (Record<string, unknown> | string)[]; tts: boolean }) {
  const embeds = embedsOf(params.embeds);
  if (!params.content.trim() && embeds.length === 0) throw new EchelonError('invalid_input', 'Give the message\'s text or at least one embed.', { path: 'params.content' });
  return { content: params.content, tts: params.tts, ...(embeds.length > 0 ? { embeds } : {}) };
}
const compact = (message: { id: string; channel_id: string; content: string; timestamp: string }) => ({ id: message.id, channelId: message.channel_id, content: message.content, timestamp: message.timestamp });

export default defineIntegrationCode({
  actions: {
    async check(_params: Record<string, never>, ctx: Context) {
      if (ctx.connection?.authType === 'api_key') {
        const bot = await call<{ id: string; username: string }>(ctx, 'bot user', { url: 'users/@me' });
        return { bot: bot.username, id: bot.id };
      }
      const hook = await call<{ id: string; name: string; channel_id: string }>(ctx, 'webhook', { url: ctx.secret('webhookUrl') });
      return { webhook: hook.name, channelId: hook.channel_id };
    },
    async sendWebhookMessage(params: z.output<typeof WebhookParams>, ctx: Context) {
      const body = { ...payload(params), ...(params.username ? { username: params.username } : {}), ...(params.avatarUrl ? { avatar_url: params.avatarUrl } : {}) };
      // wait=true makes Discord answer with the message rather than 204.
      const message = await call<{ id: string; channel_id: string; content: string; timestamp: string }>(ctx, 'webhook', { method: 'POST', url: ctx.secret('webhookUrl'), query: { wait: true, ...(params.threadId ? { thread_id: params.threadId } : {}) }, body: { type: 'json', value: body } });
      return compact(message);
    },
    async sendMessage(params: z.output<typeof SendParams>, ctx: Context) {
      return compact(await call(ctx, 'send message', { method: 'POST', url: `channels/${encodeURIComponent(params.channelId)}/messages`, body: { type: 'json', value: payload(params) } }));
    },
    async listMembers(params: z.output<typeof MembersParams>, ctx: Context) {
      const members: Member[] = [];
      let after = '0';
      for (;;) {
        const size = Math.min(1000, params.limit === undefined ? 1000 : params.limit - members.length);
        const page = await call<Member[]>(ctx, 'list members', { url: `guilds/${encodeURIComponent(params.guildId)}/members`, query: { limit: size, after } });
        members.push(...page);
        if (page.length < size || (params.limit !== undefined && members.length >= params.limit)) break;
        after = page.at(-1)!.user.id;
      }
      return params.simplify ? members.map((member) => ({ id: member.user.id, username: member.user.username, displayName: member.nick ?? member.user.global_name ?? member.user.username, roles: member.roles, joinedAt: member.joined_at, bot: member.user.bot === true })) : members;
    },
  },
});
