import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { DEFAULT_POLL, PollSchedule } from '../../../shared/integrations/service-triggers';

const FeedUrl = z.url({ protocol: /^https?$/ }).meta({ description: 'The RSS or Atom feed\'s address.' });

export const ReadParams = z.object({
  url: FeedUrl,
  limit: z.number().int().min(1).optional().meta({ description: 'The first this many entries (all when empty).' }),
});
export const NewItemsParams = z.object({ url: FeedUrl, poll: PollSchedule.default(DEFAULT_POLL) });

export default definePlugin({
  id: 'rss',
  name: 'RSS feed',
  version: '1.0.0',
  description: 'Read RSS and Atom feeds, one item per entry as n8n gives them, and start workflows on new entries.',
  category: 'Data',
  icon: 'rss',
  type: 'api',
  auth: [{ type: 'none' }, { type: 'basic' }, { type: 'bearer' }],
  connection: z.object({}),
  healthCheck: { action: 'check' },
  actions: [
    { id: 'check', name: 'Check the connection', description: 'A feed connection holds only credentials for private feeds: they are checked when a feed is read.', parameters: z.object({}), sideEffects: false },{ id: 'read', name: 'Read a feed', description: 'Every entry of the feed (title, link, dates, content, categories…); one item each.', parameters: ReadParams, sideEffects: false, output: 'items' }],
  triggers: [{ id: 'newItems', name: 'On new feed entries', description: 'Entries published since the last check, oldest first.', parameters: NewItemsParams }],
});
