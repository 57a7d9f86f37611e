import type { JsonValue } from '../../../../../../shared/workflow/document';
import { type Mapper, type Params, action, list, locator, obj, str, version } from './common';

/** n8n's Discord node: v1 (a webhook URL in the node) and v2 (webhook or bot: messages, members), as the discord integration. */

/** v2's embeds (`embeds.values`, its fields named as in the UI) as Discord's. */
const embedsOf = (params: Params): JsonValue[] =>
  list(obj(params.embeds).values).map((entry) => {
    const embed = obj(entry);
    if (str(embed.inputMethod) === 'json') return str(embed.json);
    const color = str(embed.color).replace('#', '');
    const out: Params = {};
    for (const key of ['title', 'description', 'url', 'timestamp']) if (str(embed[key])) out[key] = str(embed[key]);
    if (color) out.color = parseInt(color, 16);
    if (str(embed.author)) out.author = { name: str(embed.author) };
    if (str(embed.image)) out.image = { url: str(embed.image) };
    if (str(embed.thumbnail)) out.thumbnail = { url: str(embed.thumbnail) };
    return out;
  });

export const discord: Mapper = (node, params, ctx) => {
  const at = (actionId: string, parameters: Params) => action(node, ctx, 'discord', 'Discord', actionId, parameters);
  const options = obj(params.options);
  if (version(node) < 2) {
    if (params.webhookUri) ctx.notes.push(`"${node.name}" had its webhook URL in the node: put it in a Discord connection ("Channel webhook URL", kept in the vault).`);
    const embeds = options.embeds ? [str(options.embeds)] : [];
    return at('sendWebhookMessage', { content: str(params.text), ...(options.username ? { username: str(options.username) } : {}), ...(options.avatarUrl ? { avatarUrl: str(options.avatarUrl) } : {}), tts: options.tts === true, ...(embeds.length > 0 ? { embeds } : {}) });
  }
  const resource = str(params.resource, 'message');
  const viaWebhook = str(params.authentication, 'botToken') === 'webhook';
  const embeds = embedsOf(params);
  const message: Params = { content: str(params.content), tts: options.tts === true, ...(embeds.length > 0 ? { embeds } : {}) };
  switch (`${resource}:${str(params.operation, resource === 'member' ? 'getAll' : 'send')}`) {
    case 'message:send':
      if (viaWebhook) return at('sendWebhookMessage', { ...message, ...(options.username ? { username: str(options.username) } : {}), ...(options.avatar_url ? { avatarUrl: str(options.avatar_url) } : {}) });
      return at('sendMessage', { channelId: locator(params.channelId).value, ...message });
    case 'member:getAll':
      return at('listMembers', { guildId: locator(params.guildId).value, ...(params.returnAll === true ? {} : { limit: Number(params.limit ?? 50) }), simplify: options.simplify !== false });
    default:
      return undefined;
  }
};
