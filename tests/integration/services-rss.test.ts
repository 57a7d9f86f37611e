import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startStandIn, type StandIn } from '../fixtures/stand-in-server';
import { waitUntil } from '../helpers/api';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

/** A real HTTP server publishing an RSS 2.0 and an Atom feed, whose entries a test adds to. */
const posts: { title: string; at: Date; body: string }[] = [];
const rss = () => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Stand-in blog</title><link>https://blog.example.com</link><description>News</description>
${[...posts].reverse().map((post, i) => `<item><title>${post.title}</title><link>https://blog.example.com/${i}</link><guid>post-${post.title}</guid><pubDate>${post.at.toUTCString()}</pubDate><dc:creator>Ada</dc:creator><category>news</category><description>${post.body}</description><content:encoded><![CDATA[<p>${post.body}</p>]]></content:encoded></item>`).join('\n')}
<item><title>Undated</title><link>https://blog.example.com/undated</link></item>
</channel></rss>`;
const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Release notes</title><id>urn:releases</id><updated>2026-12-01T00:00:00Z</updated>
<entry><title>v2.0</title><id>urn:v2</id><link href="https://example.com/v2"/><updated>2026-12-01T00:00:00Z</updated><summary>Faster</summary><author><name>Grace</name></author></entry>
<entry><title>v1.0</title><id>urn:v1</id><link href="https://example.com/v1"/><updated>2026-11-01T00:00:00Z</updated><summary>First</summary></entry>
</feed>`;

let site: StandIn;
let env: IntegrationsHost;
beforeAll(async () => {
  site = await startStandIn((request) => {
    if (request.path === '/feed.xml') return { text: rss(), headers: { 'content-type': 'application/rss+xml; charset=utf-8' } };
    if (request.path === '/atom.xml') return { text: atom, headers: { 'content-type': 'application/atom+xml' } };
    if (request.path === '/') return { text: '<html><body>Blog</body></html>', headers: { 'content-type': 'text/html' } };
    return { status: 404, text: 'Not found' };
  });
});
afterAll(() => site.close());
beforeEach(async () => {
  posts.length = 0;
  posts.push({ title: 'Hello', at: new Date('2026-11-30T08:00:00Z'), body: 'First post' });
  env = await integrationsHost();
});
afterEach(() => env.host.dispose());
const { run, fail } = pluginActions(() => env, 'rss');

describe('RSS feeds', () => {
  it('reads RSS and Atom entries as rss-parser gives them, and explains what is not a feed', async () => {
    const [first, undated] = (await run('read', { url: `${site.url}/feed.xml` })) as Record<string, unknown>[];
    expect(first).toMatchObject({ title: 'Hello', link: 'https://blog.example.com/0', guid: 'post-Hello', creator: 'Ada', categories: ['news'], isoDate: '2026-11-30T08:00:00.000Z', content: 'First post', contentSnippet: 'First post', 'content:encoded': '<p>First post</p>' });
    expect(undated).toMatchObject({ title: 'Undated' });
    const releases = (await run('read', { url: `${site.url}/atom.xml`, limit: 1 })) as Record<string, unknown>[];
    expect(releases).toEqual([expect.objectContaining({ title: 'v2.0', link: 'https://example.com/v2', id: 'urn:v2', author: 'Grace', isoDate: '2026-12-01T00:00:00.000Z', summary: 'Faster' })]);
    expect(await fail('read', { url: `${site.url}/` })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('is not an RSS or Atom feed') } });
    expect(await fail('read', { url: `${site.url}/gone.xml` })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('runs imported n8n RSS Feed Trigger → RSS Read workflows on new entries only', async () => {
    const imported = importN8nWorkflow(
      {
        name: 'New posts',
        nodes: [
          { name: 'RSS Feed Trigger', type: 'n8n-nodes-base.rssFeedReadTrigger', typeVersion: 1, parameters: { feedUrl: `${site.url}/feed.xml`, pollTimes: { item: [{ mode: 'everyMinute' }] } } },
          { name: 'Releases', type: 'n8n-nodes-base.rssFeedRead', typeVersion: 1.1, parameters: { url: `${site.url}/atom.xml`, options: { ignoreSSL: true } } },
        ],
        connections: { 'RSS Feed Trigger': { main: [[{ node: 'Releases', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.notes.join('\n')).toContain('ignored certificate errors in n8n');
    const [trigger] = imported.document.nodes;
    expect(trigger).toMatchObject({ type: 'rss.newItems', parameters: { url: `${site.url}/feed.xml`, poll: { every: 1, unit: 'minutes' } } });
    trigger!.parameters = { ...trigger!.parameters, poll: { every: 1, unit: 'seconds' } };
    await env.host.engine.start({ owner: 'test', recover: true, schedules: true });
    const asked = site.requests.length;
    const saved = env.host.engine.workflows.save({ document: imported.document });
    await waitUntil(() => (site.requests.slice(asked).some((request) => request.path === '/feed.xml') ? true : undefined), 10_000, 'the first check');
    const soon = Date.now() + 60_000;
    posts.push({ title: 'Second', at: new Date(soon), body: 'Two' }, { title: 'Third', at: new Date(soon + 1000), body: 'Three' });
    const runs = () => env.host.engine.list({ workflowId: saved.id, limit: 10 }).items;
    await waitUntil(() => (runs().length === 1 ? true : undefined), 10_000, 'a run for the new posts');
    const [done] = await Promise.all(runs().map((item) => env.host.engine.waitFor(item.id)));
    const detail = env.host.engine.detail(done!.id);
    expect(detail.status).toBe('succeeded');
    const output = (nodeId: string) => (detail.steps.find((step) => step.nodeId === nodeId)!.output.value as { main: { json: Record<string, unknown> }[] }).main.map((item) => item.json.title);
    expect(output(trigger!.id)).toEqual(['Second', 'Third']);
    expect(output(imported.document.nodes[1]!.id)).toEqual(['v2.0', 'v1.0', 'v2.0', 'v1.0']);
    const checks = site.requests.filter((request) => request.path === '/feed.xml').length;
    await waitUntil(() => (site.requests.filter((request) => request.path === '/feed.xml').length > checks + 1 ? true : undefined), 10_000, 'two more checks');
    expect(runs()).toHaveLength(1);
  });
});
