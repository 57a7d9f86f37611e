import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const SlackConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'Web API URL' }).default('https://slack.com/api'),
});

export const WebhookParams = z.object({
  text: z.string().min(1).max(40_000),
  blocks: z.array(z.record(z.string(), z.unknown())).optional(),
  threadTs: z.string().optional(),
});

export const PostMessageParams = z.object({
  channel: z.string().min(1).meta({ description: 'A channel ID (C0123…) or name.' }),
  text: z.string().min(1).max(40_000),
  blocks: z.array(z.record(z.string(), z.unknown())).optional(),
  threadTs: z.string().optional(),
});

export const ListChannelsParams = z.object({
  types: z.string().default('public_channel'),
  excludeArchived: z.boolean().default(true),
  limit: z.number().int().min(1).max(1000).default(200),
  maxPages: z.number().int().min(1).max(50).default(10),
});

export const MessageRef = z.object({ channel: z.string().min(1), ts: z.string().min(1).meta({ description: 'The message\'s timestamp (its id).' }) });
export const UpdateMessageParams = MessageRef.extend({ text: z.string().min(1).max(40_000), blocks: z.array(z.record(z.string(), z.unknown())).optional() });
export const ReactionParams = MessageRef.extend({ name: z.string().min(1).meta({ description: 'The emoji name without colons (thumbsup).' }) });
export const HistoryParams = z.object({
  channel: z.string().min(1),
  limit: z.number().int().min(1).max(1000).default(100),
  oldest: z.string().optional().meta({ description: 'Only messages after this timestamp.' }),
  maxPages: z.number().int().min(1).max(50).default(5),
});
export const UserParams = z.object({ user: z.string().min(1).meta({ description: 'A user ID (U0123…).' }) });

export default definePlugin({
  id: 'slack',
  name: 'Slack',
  version: '1.0.0',
  description: 'Post to a channel through an incoming webhook, or use the Web API with a bot token.',
  category: 'Communication',
  icon: 'message-square',
  type: 'api',
  auth: [{ type: 'bearer' }, { type: 'none' }],
  connection: SlackConnection,
  connectionSecrets: [{ id: 'webhookUrl', title: 'Incoming webhook URL', description: 'https://hooks.slack.com/services/…, kept in the vault.' }],
  // Slack's Tier 3 methods allow about one call per second per method, with short bursts.
  rateLimit: { requestsPerSecond: 1, burst: 5 },
  healthCheck: { action: 'check' },
  actions: [
    { id: 'sendWebhookMessage', name: 'Send a webhook message', description: 'Post a message through the incoming webhook.', parameters: WebhookParams, recovery: 'wait' },
    { id: 'postMessage', name: 'Post a message', description: 'chat.postMessage with the bot token.', parameters: PostMessageParams, recovery: 'wait' },
    { id: 'updateMessage', name: 'Update a message', description: 'chat.update: new text (and blocks) for a message the bot posted.', parameters: UpdateMessageParams },
    { id: 'deleteMessage', name: 'Delete a message', description: 'chat.delete.', parameters: MessageRef, recovery: 'wait' },
    { id: 'addReaction', name: 'React to a message', description: 'reactions.add.', parameters: ReactionParams },
    { id: 'getHistory', name: 'Read a channel', description: 'conversations.history, newest first, one item per message.', parameters: HistoryParams, sideEffects: false, output: 'items' },
    { id: 'getUser', name: 'Get a user', description: 'users.info: name, real name, email when the scope allows.', parameters: UserParams, sideEffects: false },
    { id: 'listChannels', name: 'List channels', description: 'conversations.list, every page.', parameters: ListChannelsParams, sideEffects: false },
    { id: 'authTest', name: 'Check the token', description: 'auth.test: the team and bot the token belongs to.', parameters: z.object({}), sideEffects: false },
    { id: 'check', name: 'Check the connection', description: 'auth.test with a token; without one, probe the webhook without posting.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});
