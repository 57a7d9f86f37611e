import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startGithubApi, type GithubApi } from '../fixtures/github-api';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

const TOKEN = 'ghp_standInToken0123456789';
let api: GithubApi;
let env: IntegrationsHost;

beforeAll(async () => (api = await startGithubApi({ token: TOKEN })));
afterAll(() => api.close());
beforeEach(async () => (env = await integrationsHost()));
afterEach(() => env.host.dispose());

const connect = async () =>
  (await env.call('integrations.connections.create', { pluginId: 'github', name: `GitHub ${Math.random()}`, config: { baseUrl: api.url }, auth: { type: 'bearer', token: TOKEN }, settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } } })).id;
const { run, fail } = pluginActions(() => env, 'github', '2.0.0');
const repo = { owner: 'octocat', repo: 'repo-1' };
type Step = { json: Record<string, unknown>; binary?: Record<string, { file: string; fileName?: string }> };

describe('GitHub files, issues and releases', () => {
  it('creates, reads, edits and deletes files as commits, edits issues and creates releases', async () => {
    const id = await connect();
    const created = (await run('createFile', { ...repo, path: 'docs/notes.md', content: 'première ligne\n', message: 'Add notes', authorName: 'Ada', authorEmail: 'ada@example.com' }, id)) as { sha: string; commit: { message: string } };
    expect(created).toMatchObject({ path: 'docs/notes.md', size: 16, commit: { message: 'Add notes' } });
    expect(api.files.get('octocat/repo-1:main:docs/notes.md')!.content.toString('utf8')).toBe('première ligne\n');
    expect(await run('getFile', { ...repo, path: 'docs/notes.md', asBinary: false }, id)).toMatchObject({ name: 'notes.md', sha: created.sha, content: 'première ligne\n' });
    expect(await fail('createFile', { ...repo, path: 'docs/notes.md', content: 'again', message: 'Again' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('"sha" wasn\'t supplied') } });
    const edited = (await run('editFile', { ...repo, path: 'docs/notes.md', content: 'second', message: 'Edit notes' }, id)) as { sha: string };
    expect(edited.sha).not.toBe(created.sha);
    expect(await run('createFile', { ...repo, path: 'x.txt', content: 'on a branch', message: 'Branch', branch: 'dev' }, id)).toMatchObject({ path: 'x.txt' });
    expect(api.files.has('octocat/repo-1:dev:x.txt')).toBe(true);
    expect(await fail('editFile', { ...repo, path: 'missing.md', content: 'x', message: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'missing.md does not exist in octocat/repo-1: create it instead.' } });
    expect(await run('deleteFile', { ...repo, path: 'docs/notes.md', message: 'Remove notes' }, id)).toMatchObject({ path: 'docs/notes.md', deleted: true });
    expect(api.files.has('octocat/repo-1:main:docs/notes.md')).toBe(false);

    expect(await run('editIssue', { ...repo, issueNumber: 1, state: 'closed', labels: ['wontfix'], assignees: ['octocat'] }, id)).toMatchObject({ number: 1, state: 'closed', labels: ['wontfix'] });
    expect(await run('getIssue', { ...repo, issueNumber: 1 }, id)).toMatchObject({ title: 'First bug', state: 'closed' });
    expect(await fail('editIssue', { ...repo, issueNumber: 99, title: 'x' }, id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await run('createRelease', { ...repo, tag: 'v1.0.0', body: 'First', prerelease: true }, id)).toMatchObject({ tag: 'v1.0.0', name: 'v1.0.0', prerelease: true, htmlUrl: 'https://github.com/octocat/repo-1/releases/tag/v1.0.0' });
    expect(await fail('createRelease', { ...repo, tag: 'v1.0.0' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('runs an imported n8n workflow: back up a file (binary), edit it, comment on an issue', async () => {
    const id = await connect();
    api.files.set('octocat/repo-1:main:config.json', { content: Buffer.from('{"a":1}'), sha: 'a'.repeat(40), branch: 'main' });
    await env.host.engine.start({ owner: 'test', recover: true });
    const imported = importN8nWorkflow(
      {
        name: 'Config backup',
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
          { name: 'Get', type: 'n8n-nodes-base.github', typeVersion: 1.1, parameters: { resource: 'file', operation: 'get', owner: { __rl: true, mode: 'name', value: 'octocat' }, repository: { __rl: true, mode: 'name', value: 'repo-1' }, filePath: 'config.json', additionalParameters: {} } },
          { name: 'Backup', type: 'n8n-nodes-base.github', typeVersion: 1, parameters: { resource: 'file', owner: 'octocat', repository: 'repo-1', filePath: 'backup/config.json', binaryData: true, commitMessage: '=Backup of {{ $json.path }}' } },
          { name: 'Edit', type: 'n8n-nodes-base.github', typeVersion: 1, parameters: { resource: 'file', operation: 'edit', owner: 'octocat', repository: 'repo-1', filePath: 'config.json', fileContent: '={{ JSON.stringify({ a: 2 }) }}', commitMessage: 'Bump a' } },
          { name: 'Comment', type: 'n8n-nodes-base.github', typeVersion: 1, parameters: { operation: 'createComment', owner: 'octocat', repository: 'repo-1', issueNumber: 3, body: '=Config now at {{ $json.commit.sha }}' } },
        ],
        connections: { Start: { main: [[{ node: 'Get', type: 'main', index: 0 }]] }, Get: { main: [[{ node: 'Backup', type: 'main', index: 0 }]] }, Backup: { main: [[{ node: 'Edit', type: 'main', index: 0 }]] }, Edit: { main: [[{ node: 'Comment', type: 'main', index: 0 }]] } },
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    for (const entry of imported.document.nodes) if (entry.type.startsWith('github.')) entry.connection = id;
    const saved = env.host.engine.workflows.save({ document: imported.document });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    const detail = env.host.engine.detail(row.id);
    expect(detail.status).toBe('succeeded');
    const [got] = (detail.steps.find((step) => step.nodeName === 'Get')!.output.value as { main: Step[] }).main;
    expect(fs.readFileSync(path.join(env.dataDir, 'payloads', got!.binary!.data!.file), 'utf8')).toBe('{"a":1}');
    expect(api.files.get('octocat/repo-1:main:backup/config.json')!.content.toString()).toBe('{"a":1}');
    expect(api.files.get('octocat/repo-1:main:config.json')!.content.toString()).toBe('{"a":2}');
    const comment = api.requests.filter((request) => request.path.endsWith('/issues/3/comments')).at(-1)!;
    expect(JSON.parse(comment.body.toString()).body).toMatch(/^Config now at [0-9a-f]{40}$/);
  });
});
