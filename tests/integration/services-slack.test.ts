import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startSlackApi, type SlackApi } from '../fixtures/slack-api';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: SlackApi;
let env: IntegrationsHost;

beforeAll(async () => (api = await startSlackApi({ token: 'xoxb-stand-in-token-1234' })));
afterAll(() => api.close());
beforeEach(async () => {
  env = await integrationsHost();
  api.posted.length = 0;
});
afterEach(() => env.host.dispose());

const connect = async () =>
  (await env.call('integrations.connections.create', { pluginId: 'slack', name: `Slack ${Math.random()}`, config: { baseUrl: `${api.url}/api` }, auth: { type: 'bearer', token: 'xoxb-stand-in-token-1234' }, settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } } })).id;
const { run, fail } = pluginActions(() => env, 'slack');

describe('Slack, the common operations', () => {
  it('posts in a thread, updates, reacts, reads the history page by page, looks up a user and deletes', async () => {
    const id = await connect();
    const first = (await run('postMessage', { channel: 'C01', text: 'Deploy started' }, id)) as { ts: string };
    await run('postMessage', { channel: 'C01', text: 'step 1 done', threadTs: first.ts }, id);
    expect(api.posted[1]).toMatchObject({ thread_ts: first.ts });
    expect(await run('updateMessage', { channel: 'C01', ts: first.ts, text: 'Deploy finished' }, id)).toEqual({ channel: 'C01', ts: first.ts, text: 'Deploy finished' });
    expect(await run('addReaction', { channel: 'C01', ts: first.ts, name: ':white_check_mark:' }, id)).toEqual({ ok: true });
    expect(api.posted[0]!.reactions).toEqual(['white_check_mark']);
    expect(await fail('addReaction', { channel: 'C01', ts: first.ts, name: 'white_check_mark' }, id)).toMatchObject({ ok: false, error: { message: 'Slack reactions.add failed: already_reacted.' } });
    const history = (await run('getHistory', { channel: 'C01', limit: 1 }, id)) as { text: string }[];
    expect(history.map((message) => message.text)).toEqual(['step 1 done', 'Deploy finished']);
    expect(await run('getUser', { user: 'U0002' }, id)).toMatchObject({ real_name: 'Grace Hopper', profile: { email: 'grace@example.com' } });
    expect(await fail('getUser', { user: 'U9999' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Slack users.info failed: user_not_found.' } });
    expect(await run('deleteMessage', { channel: 'C01', ts: first.ts }, id)).toMatchObject({ deleted: true });
    expect(await fail('updateMessage', { channel: 'C01', ts: first.ts, text: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('runs imported n8n Slack nodes: to a channel in a thread, to a user, with blocks', async () => {
    const id = await connect();
    await env.host.engine.start({ owner: 'test', recover: true });
    const imported = importN8nWorkflow(
      {
        name: 'Notify',
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
          { name: 'Post', type: 'n8n-nodes-base.slack', typeVersion: 2.2, parameters: { select: 'channel', channelId: { __rl: true, value: 'C02', mode: 'list', cachedResultName: 'channel-2' }, text: 'Build {{ 40 + 2 }} passed', otherOptions: { includeLinkToWorkflow: false } } },
          { name: 'Thread', type: 'n8n-nodes-base.slack', typeVersion: 2.2, parameters: { select: 'channel', channelId: { __rl: true, value: 'C02', mode: 'id' }, text: 'details', otherOptions: { thread_ts: { replyValues: { thread_ts: '={{ $json.ts }}' } } } } },
          { name: 'Blocks', type: 'n8n-nodes-base.slack', typeVersion: 2.2, parameters: { select: 'channel', channelId: { __rl: true, value: 'C03', mode: 'id' }, messageType: 'block', blocksUi: '{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*Done*"}}]}', text: 'Done' } },
          { name: 'Legacy', type: 'n8n-nodes-base.slack', typeVersion: 1, parameters: { channel: 'channel-4', text: 'from v1', otherOptions: {}, attachments: [] } },
        ],
        connections: {
          Start: { main: [[{ node: 'Post', type: 'main', index: 0 }]] },
          Post: { main: [[{ node: 'Thread', type: 'main', index: 0 }]] },
          Thread: { main: [[{ node: 'Blocks', type: 'main', index: 0 }]] },
          Blocks: { main: [[{ node: 'Legacy', type: 'main', index: 0 }]] },
        },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.find((entry) => entry.name === 'Blocks')?.parameters).toMatchObject({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Done*' } }] });
    for (const entry of imported.document.nodes) if (entry.type.startsWith('slack.')) entry.connection = id;
    const saved = env.host.engine.workflows.save({ document: imported.document });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    expect(env.host.engine.detail(row.id).status).toBe('succeeded');
    expect(api.posted.map(({ channel, text, thread_ts }) => ({ channel, text, thread_ts }))).toEqual([
      { channel: 'C02', text: 'Build 42 passed', thread_ts: undefined },
      { channel: 'C02', text: 'details', thread_ts: api.posted[0]!.ts },
      { channel: 'C03', text: 'Done', thread_ts: undefined },
      { channel: 'channel-4', text: 'from v1', thread_ts: undefined },
    ]);
  });
});
