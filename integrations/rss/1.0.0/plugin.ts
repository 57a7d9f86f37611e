import Parser from 'rss-parser';
import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectOk } from '../../../shared/integrations/http-errors';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { PollRequest, PollResult } from '../../../shared/integrations/service-triggers';
import type { NewItemsParams, ReadParams } from './manifest';

type Entry = Record<string, unknown> & { isoDate?: string };

/** The feed's entries as rss-parser (what n8n's node uses) reads them, fetched through the integrations layer. */
async function entries(ctx: ActionContext, url: string): Promise<Entry[]> {
  const response = expectOk(await ctx.request({ url, responseType: 'text', headers: { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5' } }), `Reading the feed ${url}`);
  try {
    const feed = await new Parser().parseString(String(response.body));
    return feed.items as Entry[];
  } catch (error) {
    throw new EchelonError('invalid_input', `${url} is not an RSS or Atom feed (${(error as Error).message}): check the address points at the feed itself, not its web page.`, { path: 'params.url' });
  }
}

const time = (entry: Entry) => (entry.isoDate ? Date.parse(entry.isoDate) : Number.NaN);

export default defineIntegrationCode({
  actions: {
    async check() {
      return { ok: true };
    },
    async read(params: z.output<typeof ReadParams>, ctx: ActionContext) {
      return (await entries(ctx, params.url)).slice(0, params.limit);
    },
  },
  triggers: {
    newItems: {
      /**
       * Entries dated after the cursor, oldest first (undated ones cannot be told new, as in n8n).
       * The first check only marks the start; a sample is the newest entry.
       */
      async poll(params: z.output<typeof NewItemsParams>, ctx: ActionContext, request: PollRequest): Promise<PollResult> {
        const all = await entries(ctx, params.url);
        if (request.sample) return { items: all.slice(0, 1), cursor: request.cursor };
        const after = (request.cursor as { after: number } | undefined)?.after;
        if (after === undefined) return { items: [], cursor: { after: Math.max(Date.now(), ...all.map(time).filter((at) => !Number.isNaN(at))) } };
        const fresh = all.filter((entry) => time(entry) > after).sort((a, b) => time(a) - time(b));
        return { items: fresh, cursor: { after: fresh.length > 0 ? time(fresh.at(-1)!) : after } };
      },
    },
  },
});
