import { type Mapper, type Params, action, list, locator, obj, str, version } from './common';

/** n8n's Discord node: v1 (a webhook URL in the node) and v2 (webhook or bot: messages, members), as the discord integration. */

/** v2's embeds (`embeds.values`, its fields named as in the UI) as Discord's. */
const embedsOf = (params: Params) =>
  list(obj(params.embeds).values).map((entry) => {
    const embed = obj(entry);
    if (str(embed.inputMethod) === 'json') return str(embed.json);
    const color = str(embed.color).replace('#', '');
    return Object.fromEntries(
      Object.entries({ title: embed.title, description: embed.description, url: embed.url, color: color ? parseInt(color, 16) : undefined, timestamp: embed.timestamp, author: embed.author ? { name: str(embed.author) } : undefined, image: embed.image ? { url: str(embed.image) } : undefined, thumbnail: embed.thumbnail ? { url: str(embed.thumbnail) } : undefined }).filter(([, value]) => value !== undefined && value !== ''),
    );
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
  const message: Params = { content: str(params.content), tts: options.tts === true, ...(embedsOf(params).length > 0 ? { embeds: embedsOf(params) } : {}) };
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
