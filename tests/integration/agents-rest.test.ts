import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Validator, type Schema } from '@cfworker/json-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Health } from '../../electron/main/serve/rest-routes';
import { startLlmProvider, type LlmProvider } from '../fixtures/llm-provider';
import { runCliAsync, startServe, type ServeProcess } from '../helpers/cli';
import { openUnlockedHost, PASSPHRASE } from '../helpers/vault';

let provider: LlmProvider;
let serve: ServeProcess;
let dataDir: string;
let base: string;
let agentId: string;

beforeAll(async () => {
  provider = await startLlmProvider();
  // Kept for the whole file (not per test): serve runs on it throughout.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-agents-rest-'));
  const host = await openUnlockedHost(dataDir, { shell: 'cli', echo: () => {} });
  const call = async (method: string, input: unknown) => {
    const result = await host.router.call(method, input, { caller: 'test' });
    if (!result.ok) throw new Error(result.error.message);
    return result.data as { id: string };
  };
  const connection = await call('integrations.connections.create', { pluginId: 'openai-compatible', name: 'Stand-in', config: { baseUrl: provider.openaiUrl }, auth: { type: 'bearer', token: 'sk-rest-standin-key' } });
  agentId = (await call('agents.save', { definition: { name: 'Api bot', provider: { connection: connection.id }, model: 'gpt-4o-mini', systemPrompt: 'Be short.' } })).id;
  await host.dispose();
  serve = await startServe(dataDir, [], { ECHELON_VAULT_PASSPHRASE: PASSPHRASE });
  base = `http://127.0.0.1:${serve.port}/api/v1`;
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  await provider.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { Authorization: `Bearer ${serve.token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers } });
const json = async <T>(response: Response) => (await response.json()) as T;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the REST API under /api/v1', () => {
  it('demands the token as a bearer (the UI cookie does not open it), and answers errors in JSON', async () => {
    const anonymous = await fetch(`${base}/health`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { message: expect.stringContaining('Authorization: Bearer') } });
    const cookie = await fetch(`${base}/health`, { headers: { Cookie: `echelon_token=${serve.token}` } });
    expect(cookie.status).toBe(401);
    const foreign = await fetch(`${base}/health`, { headers: { Authorization: `Bearer ${serve.token}`, Origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const health = await api('/health');
    expect(health.status).toBe(200);
    expect(Health.parse(await health.json())).toMatchObject({ status: 'ok', agents: { total: 1, running: 0 } });
    expect((await api('/nothing')).status).toBe(404);
    expect((await api('/health', { method: 'DELETE' })).status).toBe(405);
    const invalid = await api('/tasks', { method: 'POST', body: JSON.stringify({ agent: 'Api bot' }) });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'invalid_input', path: 'task' } });
    // A body nested 3,000 levels deep is refused before validation, and serve stays up.
    const deep = await api('/tasks', { method: 'POST', body: `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}` });
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/nested/i) } });
    expect((await api('/health')).status).toBe(200);
    expect((await api('/agents/nobody')).status).toBe(404);
  });

  it('starts an agent, takes a task with a correlation id, and reports it', async () => {
    const started = await json<{ status: string }>(await api(`/agents/${agentId}/start`, { method: 'POST' }));
    expect(started.status).toMatch(/starting|running/);
    await until(async () => json<{ status: string }>(await api(`/agents/${agentId}`)), (agent) => agent.status === 'running');
    provider.setScript(() => ({ text: 'Pong.', usage: { input: 5, output: 1 } }));
    const created = await api('/tasks', { method: 'POST', body: JSON.stringify({ agent: 'Api bot', task: 'Ping', priority: 'high' }), headers: { 'X-Correlation-Id': 'order-771' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe('order-771');
    const task = await json<{ id: number; correlationId: string; source: string }>(created);
    expect(task).toMatchObject({ correlationId: 'order-771', source: 'api' });
    const done = await until(async () => json<{ state: string; answer: string }>(await api(`/tasks/${task.id}`)), (detail) => detail.state === 'completed');
    expect(done).toMatchObject({ state: 'completed', answer: 'Pong.' });
    const listed = await json<{ id: number }[]>(await api(`/tasks?agent=Api%20bot&state=completed&limit=5`));
    expect(listed.map((row) => row.id)).toContain(task.id);
    const metrics = await json<{ days: { completed: number }[] }>(await api(`/agents/${agentId}/metrics?days=3`));
    expect(metrics.days).toHaveLength(3);
    expect(metrics.days.at(-1)!.completed).toBeGreaterThanOrEqual(1);
  });

  it('cancels a running task with DELETE, aborting the provider request', async () => {
    provider.setScript(() => ({ text: 'Thinking for ever', hang: true }));
    const aborted = provider.aborted;
    const task = await json<{ id: number }>(await api('/tasks', { method: 'POST', body: JSON.stringify({ agent: agentId, task: 'Think' }) }));
    await until(async () => provider.requests.at(-1)?.task, (value) => value === 'Think');
    const cancelled = await api(`/tasks/${task.id}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ state: 'cancelled' });
    await until(async () => provider.aborted, (count) => count > aborted);
    expect(provider.aborted).toBe(aborted + 1);
    const again = await api(`/tasks/${task.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
  });

  it('is described by an OpenAPI document whose schemas the real answers match', async () => {
    const document = await json<{ openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content: { 'application/json': { schema: Schema } } }> }>> }>(await api('/openapi.json'));
    expect(document.openapi).toBe('3.1.0');
    expect(Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)).sort()).toEqual([
      'DELETE /tasks/{id}',
      'GET /agents',
      'GET /agents/{id}',
      'GET /agents/{id}/metrics',
      'GET /health',
      'GET /tasks',
      'GET /tasks/{id}',
      'POST /agents/{id}/start',
      'POST /agents/{id}/stop',
      'POST /tasks',
    ]);
    const check = async (path: string, template: string, status = '200') => {
      const schema = document.paths[template]!.get!.responses[status]!.content['application/json'].schema;
      const outcome = new Validator(schema, '2020-12', false).validate(await (await api(path)).json());
      expect(outcome.errors).toEqual([]);
    };
    await check('/health', '/health');
    await check('/agents', '/agents');
    await check(`/agents/${agentId}`, '/agents/{id}');
    const [latest] = await json<{ id: number }[]>(await api('/tasks?limit=1'));
    await check(`/tasks/${latest!.id}`, '/tasks/{id}');
  });

  it('serves the CLI too: `echelon agent run` goes through the running serve', async () => {
    provider.setScript(() => ({ text: 'Through serve.' }));
    const run = await runCliAsync(['agent', 'run', 'Api bot', '--task', 'Hello', '--json', '--data-dir', dataDir]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'completed', answer: 'Through serve.' });
    const journal = await json<{ source: string }[]>(await api('/tasks?limit=1'));
    expect(journal[0]).toMatchObject({ source: 'cli' });
  }, 30_000);
});
