import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startWordpressApi, type WordpressApi } from '../fixtures/wordpress-api';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: WordpressApi;
let env: IntegrationsHost;

beforeAll(async () => (api = await startWordpressApi()));
afterAll(() => api.close());
beforeEach(async () => {
  api.entries.clear();
  for (let i = 1; i <= 130; i++) api.add({ title: `Post ${i}`, content: `Body ${i}`, status: i % 10 === 0 ? 'draft' : 'publish', author: i % 2 === 0 ? 2 : 1 });
  api.add({ type: 'page', title: 'About', content: 'Who we are' });
  env = await integrationsHost();
});
afterEach(() => env.host.dispose());

const connect = async (password = api.applicationPassword) =>
  (await env.call('integrations.connections.create', { pluginId: 'wordpress', name: `WordPress ${Math.random()}`, config: { baseUrl: api.url }, auth: { type: 'basic', username: api.username, password } })).id;
const { run, fail } = pluginActions(() => env, 'wordpress');
type Post = { id: number; title: { rendered: string; raw?: string }; status: string; content: { rendered: string } };

describe('WordPress', () => {
  it('lists posts across pages with filters, and creates, gets, updates, trashes and deletes posts and pages', async () => {
    const id = await connect();
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    expect(((await run('listPosts', {}, id)) as Post[]).length).toBe(117);
    expect(api.requests.filter((request) => request.path === '/wp-json/wp/v2/posts').length).toBe(2);
    const drafts = (await run('listPosts', { status: 'draft', filters: { author: 2, orderby: 'title', order: 'asc' }, context: 'edit', limit: 3 }, id)) as Post[];
    expect(drafts.map((post) => post.title.raw)).toEqual(['Post 10', 'Post 100', 'Post 110']);
    const mine = (await run('listPosts', { status: 'draft,publish', search: 'Post 12', filters: { author: 2, orderby: 'id', order: 'asc' }, limit: 3 }, id)) as Post[];
    expect(mine.map((post) => [post.title.rendered, post.status])).toEqual([['Post 12', 'publish'], ['Post 120', 'draft'], ['Post 122', 'publish']]);

    const created = (await run('createPost', { fields: { title: 'Hello Echelon', content: 'First words', status: 'publish', categories: [3], tags: [7] } }, id)) as Post & { categories: number[] };
    expect(created).toMatchObject({ title: { raw: 'Hello Echelon' }, status: 'publish', categories: [3], content: { rendered: '<p>First words</p>\n' } });
    expect(await run('getPost', { id: created.id }, id)).toMatchObject({ id: created.id, title: { rendered: 'Hello Echelon' } });
    expect(await run('updatePost', { id: created.id, fields: { title: 'Hello again', status: 'private' } }, id)).toMatchObject({ title: { raw: 'Hello again' }, status: 'private' });
    expect(await run('deletePost', { id: created.id }, id)).toMatchObject({ status: 'trash' });
    expect(await run('deletePost', { id: created.id, force: true }, id)).toMatchObject({ deleted: true, previous: { id: created.id } });
    expect(await fail('getPost', { id: created.id }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'WordPress getting post ' + created.id + ' failed: Invalid post ID. (rest_post_invalid_id).' } });
    expect(((await run('listPages', {}, id)) as Post[]).map((page) => page.title.rendered)).toEqual(['About']);
    const page = (await run('createPage', { fields: { title: 'Contact', content: 'Write to us' } }, id)) as Post;
    expect(page.status).toBe('draft');
    expect(((await run('listUsers', { context: 'edit' }, id)) as { name: string; email: string }[]).map((user) => user.email)).toEqual(['ada@example.com', 'grace@example.com']);
    expect(await run('getUser', { id: 2 }, id)).toMatchObject({ name: 'Grace' });
  });

  it('passes on what WordPress refuses, in its words', async () => {
    const id = await connect();
    expect(await fail('createPost', { fields: { title: 'x', status: 'published' } }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'WordPress creating a post failed: Invalid parameter(s): status (rest_invalid_param).' } });
    expect(await fail('createPost', { fields: {} }, id)).toMatchObject({ ok: false, error: { message: expect.stringContaining('Content, title, and excerpt are empty.') } });
    expect(await fail('updatePage', { id: 1, fields: { title: 'x' } }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('Invalid page ID.') } });
    const wrong = await connect('nope nope nope');
    const refused = await fail('getMe', {}, wrong);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Check the username and application password') } });
    expect(JSON.stringify(refused)).not.toContain('nope nope');
  });

  it('runs an imported n8n workflow: get all published posts by an author, tag each', async () => {
    const id = await connect();
    await env.host.engine.start({ owner: 'test', recover: true });
    const imported = importN8nWorkflow(
      {
        name: 'Tag Grace\'s posts',
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
          { name: 'Posts', type: 'n8n-nodes-base.wordpress', typeVersion: 1, parameters: { operation: 'getAll', returnAll: true, options: { status: 'publish', author: [2], search: 'Post 1' } } },
          { name: 'Tag', type: 'n8n-nodes-base.wordpress', typeVersion: 1, parameters: { operation: 'update', postId: '={{ $json.id }}', updateFields: { tags: [42], authorId: 1 } } },
          { name: 'Announce', type: 'n8n-nodes-base.wordpress', typeVersion: 1, parameters: { title: '=Tagged {{ $input.all().length }} posts', additionalFields: { content: 'Done', status: 'publish' } } },
        ],
        connections: { Start: { main: [[{ node: 'Posts', type: 'main', index: 0 }]] }, Posts: { main: [[{ node: 'Tag', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.at(-1)).toMatchObject({ type: 'wordpress.createPost', parameters: { fields: { title: 'Tagged {{ $input.all().length }} posts', content: 'Done', status: 'publish' } } });
    imported.document.nodes = imported.document.nodes.slice(0, -1);
    for (const entry of imported.document.nodes) if (entry.type.startsWith('wordpress.')) entry.connection = id;
    const saved = env.host.engine.workflows.save({ document: imported.document });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    expect(env.host.engine.detail(row.id).status).toBe('succeeded');
    const tagged = [...api.entries.values()].filter((entry) => entry.tags.includes(42));
    expect(tagged.length).toBe(16);
    expect(tagged.every((entry) => entry.author === 1 && entry.status === 'publish' && entry.title.startsWith('Post 1'))).toBe(true);
  });
});
