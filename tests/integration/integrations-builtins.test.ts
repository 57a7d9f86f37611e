import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEthereumRpc, TOKEN_CONTRACT } from '../fixtures/ethereum-rpc';
import { startGithubApi } from '../fixtures/github-api';
import { startGraphqlApi } from '../fixtures/graphql-api';
import { startOpenAiApi } from '../fixtures/openai-api';
import { startSlackApi } from '../fixtures/slack-api';
import type { StandIn } from '../fixtures/stand-in-server';
import { integrationsHost, type IntegrationsHost } from '../helpers/integrations-host';

let env: IntegrationsHost;
beforeEach(async () => {
  env = await integrationsHost();
});
afterEach(() => env.host.dispose());

const connect = async (pluginId: string, config: Record<string, unknown>, auth: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const connection = await env.call('integrations.connections.create', { pluginId, name: `${pluginId} ${Math.random()}`, config, auth: auth as never, ...extra });
  return connection.id;
};
const run = (pluginId: string, version: string, actionId: string, params: Record<string, unknown>, connectionId?: string) =>
  env.call('integrations.actions.run', { pluginId, version, actionId, params, connectionId }).then((result) => result.output as never);
const fail = (pluginId: string, version: string, actionId: string, params: Record<string, unknown>, connectionId?: string) =>
  env.attempt('integrations.actions.run', { pluginId, version, actionId, params, connectionId });

describe('GraphQL', () => {
  let api: StandIn;
  beforeAll(async () => (api = await startGraphqlApi({ token: 'graphql-token-123456' })));
  afterAll(() => api.close());

  it('runs queries with variables and mutations, and reports GraphQL errors', async () => {
    const id = await connect('graphql', { endpoint: `${api.url}/graphql` }, { type: 'bearer', token: 'graphql-token-123456' });
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const books = await run('graphql', '1.0.0', 'query', { query: 'query Books($author: String) { books(author: $author) { title } }', variables: { author: 'Le Guin' } }, id);
    expect(books).toEqual({ data: { books: [{ title: 'The Left Hand of Darkness' }, { title: 'A Wizard of Earthsea' }] }, errors: [] });
    const added = await run('graphql', '1.0.0', 'query', { query: 'mutation { addBook(title: "Kindred", author: "Butler") { id title } }' }, id);
    expect(added).toMatchObject({ data: { addBook: { id: '4', title: 'Kindred' } } });
    expect(await fail('graphql', '1.0.0', 'query', { query: '{ nope }' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Cannot query field "nope" on type "Query"') } });
    const request = api.requests.at(-1)!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body.toString())).toEqual({ query: '{ nope }', variables: {} });
  });

  it('fails the test of a connection without the right token', async () => {
    const id = await connect('graphql', { endpoint: `${api.url}/graphql` }, { type: 'none' });
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: false, httpStatus: 401, error: expect.stringContaining('Unauthorized') });
  });
});

describe('GitHub, two versions side by side', () => {
  let api: Awaited<ReturnType<typeof startGithubApi>>;
  beforeAll(async () => (api = await startGithubApi({ token: 'ghp_standInToken0123456789' })));
  afterAll(() => api.close());

  it('lists both versions and pins the one a caller names', async () => {
    const plugins = await env.call('integrations.plugins', {});
    expect(plugins.find((plugin) => plugin.id === 'github')).toMatchObject({ version: '2.0.0', versions: ['1.0.0', '2.0.0'] });
    const form = await env.call('integrations.plugin', { id: 'github', version: '1.0.0' });
    expect(form.plugin.actions.map((action) => action.id)).not.toContain('addIssueComment');
    expect((await env.call('integrations.plugin', { id: 'github' })).plugin.actions.map((action) => action.id)).toContain('addIssueComment');

    const id = await connect('github', { baseUrl: api.url }, { type: 'bearer', token: 'ghp_standInToken0123456789' }, { settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } } });
    const v1 = await run('github', '1.0.0', 'createIssue', { owner: 'octocat', repo: 'repo-1', title: 'From v1', labels: ['bug'] }, id);
    expect(v1).toMatchObject({ number: 4, title: 'From v1', html_url: expect.stringContaining('/issues/4'), user: { login: 'octocat' } });
    expect(api.requests.at(-1)!.headers['x-github-api-version']).toBeUndefined();
    const v2 = await run('github', '2.0.0', 'createIssue', { owner: 'octocat', repo: 'repo-1', title: 'From v2', assignees: ['octocat'] }, id);
    expect(v2).toEqual({ number: 5, title: 'From v2', state: 'open', htmlUrl: expect.stringContaining('/issues/5'), labels: [] });
    expect(api.requests.at(-1)!.headers['x-github-api-version']).toBe('2022-11-28');
    expect(api.issues.at(-1)!.assignees).toEqual([{ login: 'octocat' }]);
    // v1 does not know the parameters v2 added: they are ignored, never sent.
    await run('github', '1.0.0', 'createIssue', { owner: 'octocat', repo: 'repo-1', title: 'Extra', assignees: ['x'] }, id);
    expect(JSON.parse(api.requests.at(-1)!.body.toString())).not.toHaveProperty('assignees');
    expect(await fail('github', '1.0.0', 'addIssueComment', { owner: 'octocat', repo: 'repo-1', issueNumber: 1, body: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', path: 'actionId' } });
    expect(await run('github', '2.0.0', 'addIssueComment', { owner: 'octocat', repo: 'repo-1', issueNumber: 1, body: 'Thanks!' }, id)).toMatchObject({ id: 5001, htmlUrl: expect.stringContaining('#issuecomment-5001') });
  });

  it('follows Link pagination, leaves pull requests out in v2, and explains GitHub errors', async () => {
    const id = await connect('github', { baseUrl: api.url }, { type: 'bearer', token: 'ghp_standInToken0123456789' }, { settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } } });
    const repos = (await run('github', '1.0.0', 'listRepositories', { perPage: 2 }, id)) as { full_name: string }[];
    expect(repos.map((repo) => repo.full_name)).toEqual(['octocat/repo-1', 'octocat/repo-2', 'octocat/repo-3', 'octocat/repo-4', 'octocat/repo-5']);
    expect(api.requests.filter((request) => request.path === '/user/repos').map((request) => request.url.searchParams.get('page'))).toEqual([null, '2', '3']);
    const issuesV1 = (await run('github', '1.0.0', 'listIssues', { owner: 'octocat', repo: 'repo-1' }, id)) as unknown[];
    const issuesV2 = (await run('github', '2.0.0', 'listIssues', { owner: 'octocat', repo: 'repo-1' }, id)) as { title: string }[];
    expect(issuesV1.length - issuesV2.length).toBe(1);
    expect(issuesV2.map((issue) => issue.title)).not.toContain('A pull request');
    expect(await fail('github', '2.0.0', 'getRepository', { owner: 'octocat', repo: 'missing' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Reading octocat/missing failed with HTTP 404: Not Found.' } });
    expect(await fail('github', '2.0.0', 'getRepository', { owner: 'bad owner', repo: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'params.owner' } });
  });

  it('tests the connection with the signed-in user, and fails it on a bad token', async () => {
    const good = await connect('github', { baseUrl: api.url }, { type: 'bearer', token: 'ghp_standInToken0123456789' });
    expect(await env.call('integrations.connections.test', { id: good })).toMatchObject({ ok: true, httpStatus: 200 });
    const bad = await connect('github', { baseUrl: api.url }, { type: 'bearer', token: 'ghp_wrongToken000000000000' });
    const result = await env.call('integrations.connections.test', { id: bad });
    expect(result).toMatchObject({ ok: false, httpStatus: 401, error: "Reading the signed-in user failed with HTTP 401: Bad credentials. Check the connection's credentials." });
  });
});

describe('Slack', () => {
  let api: Awaited<ReturnType<typeof startSlackApi>>;
  beforeAll(async () => (api = await startSlackApi({ token: 'xoxb-stand-in-token-1234' })));
  afterAll(() => api.close());

  it('posts through the incoming webhook kept in the vault, and checks a webhook-only connection without posting', async () => {
    const webhookUrl = `${api.url}${api.webhookPath}`;
    const id = await connect('slack', { baseUrl: `${api.url}/api` }, { type: 'none' }, { secrets: { webhookUrl } });
    const connection = await env.call('integrations.connections.get', { id });
    expect(connection.secrets.webhookUrl).toMatch(/^\{\{ secrets\.SLACK_[0-9A-F]{6}_WEBHOOK_URL \}\}$/);
    expect(await run('slack', '1.0.0', 'sendWebhookMessage', { text: 'Deploy finished' }, id)).toEqual({ ok: true });
    expect(api.webhookMessages).toEqual([{ text: 'Deploy finished' }]);
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true });
    expect(api.webhookMessages).toHaveLength(1);

    const gone = await connect('slack', { baseUrl: `${api.url}/api` }, { type: 'none' }, { secrets: { webhookUrl: `${api.url}/services/T0001/B0001/revoked` } });
    expect(await fail('slack', '1.0.0', 'sendWebhookMessage', { text: 'x' }, gone)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'The Slack webhook failed with HTTP 404: no_service.' } });
    const events = JSON.stringify(await env.call('integrations.connections.events', { id: gone }));
    expect(events).not.toContain('revoked');
  });

  it('uses the Web API with the bot token: post, cursor-paginated channels, Slack errors, 429 with Retry-After', async () => {
    const id = await connect('slack', { baseUrl: `${api.url}/api` }, { type: 'bearer', token: 'xoxb-stand-in-token-1234' }, { settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } } });
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true });
    expect(await run('slack', '1.0.0', 'postMessage', { channel: 'C01', text: 'Hello' }, id)).toMatchObject({ channel: 'C01', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    const sent = api.requests.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer xoxb-stand-in-token-1234');
    expect(sent.headers['content-type']).toBe('application/json; charset=utf-8');
    const channels = (await run('slack', '1.0.0', 'listChannels', { limit: 2 }, id)) as { id: string }[];
    expect(channels.map((channel) => channel.id)).toEqual(['C01', 'C02', 'C03', 'C04', 'C05']);
    expect(await fail('slack', '1.0.0', 'postMessage', { channel: 'C99', text: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Slack chat.postMessage failed: channel_not_found.' } });

    api.rateLimit(1, 1);
    const started = performance.now();
    expect(await run('slack', '1.0.0', 'authTest', {}, id)).toMatchObject({ team: 'Echelon Test', teamId: 'T0001' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('fails a Web API call with a wrong token as Slack says', async () => {
    const id = await connect('slack', { baseUrl: `${api.url}/api` }, { type: 'bearer', token: 'xoxb-wrong' });
    expect(await fail('slack', '1.0.0', 'authTest', {}, id)).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Slack auth.test failed: invalid_auth.' } });
  });
});

describe('OpenAI-compatible LLM', () => {
  let api: Awaited<ReturnType<typeof startOpenAiApi>>;
  beforeAll(async () => (api = await startOpenAiApi({ apiKey: 'sk-standin-0123456789abcdef' })));
  afterAll(() => api.close());

  it('completes a chat, lists models for the health check, and reports API errors', async () => {
    const id = await connect('openai-compatible', { baseUrl: `${api.url}/v1`, defaultModel: 'llama3.2' }, { type: 'bearer', token: 'sk-standin-0123456789abcdef' });
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true });
    const reply = await run('openai-compatible', '1.0.0', 'chatCompletion', { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'ping please' }], temperature: 0.2, maxTokens: 16 }, id);
    expect(reply).toMatchObject({ content: 'You said: ping please', role: 'assistant', finishReason: 'stop', model: 'llama3.2', usage: { promptTokens: 4, completionTokens: 4, totalTokens: 8 } });
    expect(api.completions.at(-1)).toEqual({ model: 'llama3.2', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'ping please' }], stream: false, temperature: 0.2, max_tokens: 16 });
    expect(await fail('openai-compatible', '1.0.0', 'chatCompletion', { model: 'gpt-nope', messages: [{ role: 'user', content: 'x' }] }, id)).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'The chat completion with gpt-nope failed with HTTP 404: The model `gpt-nope` does not exist or you do not have access to it.' },
    });
  });

  it('works keyless, as a local Ollama or llama.cpp server does', async () => {
    const local = await startOpenAiApi({ models: ['qwen2.5:0.5b'] });
    try {
      const id = await connect('openai-compatible', { baseUrl: `${local.url}/v1` }, { type: 'none' });
      expect(await run('openai-compatible', '1.0.0', 'listModels', {}, id)).toEqual({ models: [{ id: 'qwen2.5:0.5b', ownedBy: 'library' }] });
      expect(await run('openai-compatible', '1.0.0', 'chatCompletion', { model: 'qwen2.5:0.5b', messages: [{ role: 'user', content: 'hi' }], jsonMode: true }, id)).toMatchObject({ content: '{"echo":"hi"}' });
      expect(await fail('openai-compatible', '1.0.0', 'chatCompletion', { messages: [{ role: 'user', content: 'hi' }] }, id)).toMatchObject({ ok: false, error: { path: 'params.model' } });
      expect(local.requests.every((request) => request.headers.authorization === undefined)).toBe(true);
    } finally {
      await local.close();
    }
  });
});

describe('Ethereum JSON-RPC', () => {
  let api: StandIn;
  const holder = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
  beforeAll(async () => (api = await startEthereumRpc({ balances: { [holder]: 1_500_000_000_000_000_000n }, chainId: 1337, blockNumber: 19_000_123 })));
  afterAll(() => api.close());

  it('reads the chain id, block number, balances and contract calls', async () => {
    const id = await connect('ethereum-rpc', { baseUrl: api.url }, { type: 'none' });
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true });
    expect(await run('ethereum-rpc', '1.0.0', 'chainId', {}, id)).toEqual({ chainId: 1337, hex: '0x539' });
    expect(await run('ethereum-rpc', '1.0.0', 'blockNumber', {}, id)).toEqual({ blockNumber: 19_000_123, hex: '0x121eb3b' });
    expect(await run('ethereum-rpc', '1.0.0', 'getBalance', { address: holder, block: 19_000_000 }, id)).toEqual({ address: holder, wei: '1500000000000000000', ether: '1.5', hex: '0x14d1120d7b160000' });
    expect(JSON.parse(api.requests.at(-1)!.body.toString())).toMatchObject({ jsonrpc: '2.0', method: 'eth_getBalance', params: [holder, '0x121eac0'] });
    const name = (await run('ethereum-rpc', '1.0.0', 'call', { to: TOKEN_CONTRACT, data: '0x06fdde03' }, id)) as { result: string };
    expect(Buffer.from(name.result.slice(2 + 128), 'hex').toString('utf8').replace(/\0+$/, '')).toBe('Echelon Token');
  });

  it('turns JSON-RPC errors and bad input into clear errors', async () => {
    const id = await connect('ethereum-rpc', { baseUrl: api.url }, { type: 'none' });
    expect(await fail('ethereum-rpc', '1.0.0', 'call', { to: TOKEN_CONTRACT, data: '0xdeadbeef' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'eth_call failed: execution reverted [3] (0x)' } });
    expect(await fail('ethereum-rpc', '1.0.0', 'getBalance', { address: '0x1234' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'params.address' } });
    expect(await fail('ethereum-rpc', '1.0.0', 'call', { to: holder, data: '0xabc' }, id)).toMatchObject({ ok: false, error: { path: 'params.data' } });
  });
});
