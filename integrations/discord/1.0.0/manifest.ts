import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const DiscordConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'API URL' }).default('https://discord.com/api/v10'),
});

const Embeds = z.array(z.union([z.record(z.string(), z.unknown()), z.string()])).max(10).default([]).meta({ description: 'Discord embeds: { title, description, url, color, fields: [{ name, value, inline }], … } or their JSON text (up to 10).' });
const Message = {
  content: z.string().max(2000).default('').meta({ 'x-multiline': true, description: 'The text (up to 2,000 characters).' }),
  embeds: Embeds,
  tts: z.boolean().default(false),
};
export const WebhookParams = z.object({
  ...Message,
  username: z.string().max(80).optional().meta({ description: 'Posts under this name instead of the webhook\'s.' }),
  avatarUrl: z.url().optional(),
  threadId: z.string().optional().meta({ description: 'Post in this thread of the webhook\'s channel.' }),
});
export const SendParams = z.object({ channelId: z.string().trim().min(1).meta({ description: 'The channel\'s ID (Developer Mode → Copy Channel ID).' }), ...Message });
export const MembersParams = z.object({ guildId: z.string().trim().min(1).meta({ description: 'The server\'s ID.' }), limit: z.number().int().min(1).optional().meta({ description: 'At most this many (all when empty).' }), simplify: z.boolean().default(true).meta({ description: 'Each member as id, username, display name, roles and when they joined.' }) });

export default definePlugin({
  id: 'discord',
  name: 'Discord',
  version: '1.0.0',
  description: 'Post messages through a channel webhook or with a bot, and list a server\'s members.',
  category: 'Communication',
  icon: 'message-circle',
  type: 'api',
  auth: [{ type: 'api_key', in: 'header', name: 'Authorization', prefix: 'Bot ' }, { type: 'none' }],
  connection: DiscordConnection,
  connectionSecrets: [{ id: 'webhookUrl', title: 'Channel webhook URL', description: 'https://discord.com/api/webhooks/…, kept in the vault.' }],
  // Discord's global limit is 50 requests per second per bot; a webhook allows 5 per 2 seconds.
  rateLimit: { requestsPerSecond: 2.5, burst: 5 },
  healthCheck: { action: 'check' },
  actions: [
    { id: 'check', name: 'Check the connection', description: 'Reads the bot user (with a bot token) or the webhook (without one).', parameters: z.object({}), sideEffects: false },
    { id: 'sendWebhookMessage', name: 'Send a webhook message', description: 'Posts through the connection\'s channel webhook.', parameters: WebhookParams, recovery: 'wait' },
    { id: 'sendMessage', name: 'Send a message', description: 'Posts to a channel with the bot token.', parameters: SendParams, recovery: 'wait' },
    { id: 'listMembers', name: 'List server members', description: 'A server\'s members, every page; one item each (needs the Server Members intent).', parameters: MembersParams, sideEffects: false, output: 'items' },
  ],
  triggers: [],
});
