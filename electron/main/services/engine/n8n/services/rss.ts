import { type Mapper, obj, pollSchedule, str } from './common';

/** n8n's RSS Read node and RSS Feed Trigger as the rss integration (no connection needed: feeds are public). */

const V = '1.0.0';

export const rssFeedRead: Mapper = (node, params, ctx) => {
  if (obj(params.options).ignoreSSL === true) ctx.notes.push(`"${node.name}" ignored certificate errors in n8n; Echelon checks the feed's certificate (add its CA to a connection if it is private).`);
  return { type: 'rss.read', version: V, parameters: { url: str(params.url) }, outputs: ['main'] };
};

export const rssFeedReadTrigger: Mapper = (_node, params) => ({ type: 'rss.newItems', version: V, parameters: { url: str(params.feedUrl), poll: pollSchedule(params) }, outputs: ['main'] });
