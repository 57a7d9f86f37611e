import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startDiscordApi, type DiscordApi } from '../fixtures/discord-api';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: DiscordApi;
let env: IntegrationsHost;

beforeAll(async () => (api = await startDiscordApi()));
afterAll(() => api.close());
beforeEach(async () => {
  api.posted.length = 0;
  env = await integrationsHost();
});
afterEach(() => env.host.dispose());

const CHANNEL = '1180000000000000100';
const connect = async (token = api.botToken) =>
  (await env.call('integrations.connections.create', { pluginId: 'discord', name: `Discord ${Math.random()}`, config: { baseUrl: `${api.url}/api/v10` }, auth: { type: 'api_key', key: token }, secrets: { webhookUrl: api.webhookUrl }, settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } } })).id;
const { run, fail } = pluginActions(() => env, 'discord');

describe('Discord', () => {
  it('posts through the channel webhook and with the bot, lists members across pages, and passes on refusals', async () => {
    const id = await connect();
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    expect(await run('check', {}, id)).toEqual({ bot: 'Echelon', id: '1180000000000000009' });
    expect(await run('sendWebhookMessage', { content: 'Deployed ✅', username: 'CI', embeds: ['{"title":"v1.2","color":5763719}'] }, id)).toMatchObject({ id: expect.any(String), channelId: CHANNEL, content: 'Deployed ✅' });
    expect(api.posted[0]).toMatchObject({ webhook: true, username: 'CI', embeds: [{ title: 'v1.2', color: 5763719 }] });
    expect(await run('sendMessage', { channelId: CHANNEL, content: 'From the bot' }, id)).toMatchObject({ channelId: CHANNEL, content: 'From the bot' });
    expect(api.requests.at(-1)!.headers.authorization).toBe(`Bot ${api.botToken}`);

    const members = (await run('listMembers', { guildId: '1180000000000000050' }, id)) as { username: string; displayName: string; bot: boolean }[];
    expect(members).toHaveLength(1500);
    expect(members.slice(0, 3)).toEqual([expect.objectContaining({ username: 'member0', displayName: 'member0', bot: true }), expect.objectContaining({ displayName: 'Nick' }), expect.objectContaining({ displayName: 'member2' })]);
    expect(((await run('listMembers', { guildId: '1180000000000000050', limit: 5, simplify: false }, id)) as unknown[]).length).toBe(5);

    expect(await fail('sendMessage', { channelId: CHANNEL, content: '  ' }, id)).toMatchObject({ ok: false, error: { message: 'Give the message\'s text or at least one embed.' } });
    expect(await fail('sendMessage', { channelId: '1', content: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Discord send message failed: Unknown Channel (10003).' } });
    expect(await fail('sendWebhookMessage', { embeds: ['{oops'] }, id)).toMatchObject({ ok: false, error: { message: expect.stringContaining('An embed is not valid JSON') } });
    const wrong = await connect('wrong-token');
    expect(await fail('sendMessage', { channelId: CHANNEL, content: 'x' }, wrong)).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Discord send message failed: 401: Unauthorized. Check the bot token of the connection.' } });
  });

  it('runs imported n8n Discord nodes: v1 webhook, v2 webhook with an embed, v2 bot message', async () => {
    const id = await connect();
    await env.host.engine.start({ owner: 'test', recover: true });
    const imported = importN8nWorkflow(
      {
        name: 'Announce',
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
          { name: 'Old hook', type: 'n8n-nodes-base.discord', typeVersion: 1, parameters: { text: '=Run {{ $execution.id }} started', webhookUri: 'https://discord.com/api/webhooks/1/secret', options: { username: 'n8n' } } },
          { name: 'Hook', type: 'n8n-nodes-base.discord', typeVersion: 2, parameters: { authentication: 'webhook', content: 'Release out', options: {}, embeds: { values: [{ title: 'v2.0', color: '#57F287', description: 'Faster' }] } } },
          { name: 'Bot', type: 'n8n-nodes-base.discord', typeVersion: 2, parameters: { resource: 'message', guildId: { __rl: true, mode: 'list', value: '1180000000000000050' }, channelId: { __rl: true, mode: 'list', value: CHANNEL }, content: '=Posted {{ $json.id ? "after the hook" : "" }}', options: {} } },
        ],
        connections: { Start: { main: [[{ node: 'Old hook', type: 'main', index: 0 }]] }, 'Old hook': { main: [[{ node: 'Hook', type: 'main', index: 0 }]] }, Hook: { main: [[{ node: 'Bot', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.notes.join('\n')).toContain('had its webhook URL in the node');
    for (const entry of imported.document.nodes) if (entry.type.startsWith('discord.')) entry.connection = id;
    const saved = env.host.engine.workflows.save({ document: imported.document });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    expect(env.host.engine.detail(row.id).status).toBe('succeeded');
    expect(api.posted.map(({ content, username, webhook, embeds }) => ({ content, username, webhook, embeds }))).toEqual([
      { content: `Run ${row.id} started`, username: 'n8n', webhook: true, embeds: [] },
      { content: 'Release out', username: undefined, webhook: true, embeds: [{ title: 'v2.0', color: 0x57f287, description: 'Faster' }] },
      { content: 'Posted after the hook', username: undefined, webhook: false, embeds: [] },
    ]);
  });
});
