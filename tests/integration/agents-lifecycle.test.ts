import { describe, expect, it } from 'vitest';
import type { LlmProvider } from '../fixtures/llm-provider';
import { agentsHost, type AgentsHost, closedPort, connectProvider, definition, disposeAfterEach, runTask, useStandInProvider } from '../helpers/agents';

let provider: LlmProvider;
let t: AgentsHost;
let connection: string;

useStandInProvider((started) => (provider = started));
disposeAfterEach(() => t);

async function setUp() {
  t = await agentsHost();
  connection = await connectProvider(t, provider);
}

const order = (from: number) => provider.requests.slice(from).map((request) => request.task);

describe('definitions', () => {
  it('saves versions and refuses a taken name, a literal key and a duplicate tool, listing every problem', async () => {
    await setUp();
    const first = await t.call('agents.save', { definition: definition(connection, { name: 'Scout' }) });
    expect(first).toMatchObject({ name: 'Scout', version: 1, status: 'inactive', provider: 'Stand-in', model: 'gpt-4o-mini' });
    const same = await t.call('agents.save', { id: first.id, definition: definition(connection, { name: 'Scout' }) });
    expect(same.version).toBe(1);
    const second = await t.call('agents.save', { id: first.id, definition: definition(connection, { name: 'Scout', systemPrompt: 'Be brief.' }) });
    expect(second.versions.map((version) => version.version)).toEqual([2, 1]);

    expect(await t.attempt('agents.save', { definition: definition(connection, { name: 'scout' }) })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'An agent named "scout" already exists.' } });
    const literal = await t.attempt('agents.save', { definition: { ...definition(connection), provider: { kind: 'openai-compatible', baseUrl: provider.openaiUrl, apiKey: 'sk-literal-key' } } });
    expect(literal).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('vault reference') } });
    const report = await t.call('agents.checkDefinition', {
      definition: {
        ...definition(connection, { name: 'Other', tools: [{ server: 'a', tool: 'b' }, { server: 'a', tool: 'b' }], limits: { maxSteps: 80, timeoutSeconds: 5, toolTimeoutSeconds: 60, maxCostUsd: 1 } }),
        provider: { kind: 'openai-compatible', baseUrl: 'https://llm.example.com/v1' },
        model: 'mystery-model',
      },
    });
    expect(report.problems).toEqual([{ path: 'tools.1', message: 'a__b is granted twice.' }]);
    expect(report.warnings.map((warning) => warning.path)).toEqual(['limits.maxSteps', 'limits.timeoutSeconds', 'limits.maxCostUsd']);
  });

  it('checks the provider for real: it answers, and the model is listed or not', async () => {
    await setUp();
    expect(await t.call('agents.checkProvider', { provider: { connection }, model: 'gpt-4o-mini' })).toMatchObject({ ok: true, modelListed: true, models: expect.arrayContaining(['gpt-4o-mini']) });
    expect(await t.call('agents.checkProvider', { provider: { connection }, model: 'gpt-9' })).toMatchObject({ ok: false, modelListed: false, error: expect.stringContaining('does not list "gpt-9"') });
    const port = await closedPort();
    const down = await t.call('agents.checkProvider', { provider: { kind: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1` } });
    expect(down).toMatchObject({ ok: false, error: `Could not reach 127.0.0.1:${port}: the connection was refused (is it running?).` });
  });

  it('offers all twelve role templates', async () => {
    await setUp();
    const templates = await t.call('agents.templates', {});
    expect(templates.map((template) => template.name)).toEqual([
      'Content Creator',
      'Sales Manager',
      'CRM Agent',
      'Analytics Agent',
      'Strategy Agent',
      'Website Builder',
      'Event Management',
      'Support Agent',
      'Research Agent',
      'Incident Responder',
      'Finance Agent',
      'Recruiting Agent',
    ]);
    for (const template of templates) expect(template.systemPrompt.length).toBeGreaterThan(200);
  });
});

describe('lifecycle and queue', () => {
  it('takes tasks only when started, by priority, one at a time by default', async () => {
    await setUp();
    const agent = await t.call('agents.save', { definition: definition(connection, { name: 'Queue' }) });
    provider.setScript((request) => ({ text: `done ${request.task}`, delayMs: 50 }));
    const before = provider.requests.length;
    const low = await t.call('agents.tasks.create', { agent: agent.id, task: 'low', priority: 'low' });
    const medium = await t.call('agents.tasks.create', { agent: agent.id, task: 'medium' });
    const critical = await t.call('agents.tasks.create', { agent: agent.id, task: 'critical', priority: 'critical' });
    const high = await t.call('agents.tasks.create', { agent: agent.id, task: 'high', priority: 'high' });
    expect((await t.call('agents.get', { agent: agent.id })).queue).toMatchObject({ pending: 4, processing: 0 });
    expect(provider.requests.length).toBe(before);

    await t.call('agents.start', { agent: agent.id });
    for (const task of [low, medium, critical, high]) await t.call('agents.tasks.wait', { id: task.id, timeoutMs: 20_000 });
    expect(order(before)).toEqual(['critical', 'high', 'medium', 'low']);
    const events = await t.call('agents.events.list', { agent: agent.id, limit: 100 });
    const completions = events.filter((event) => event.kind === 'task.completed');
    expect(completions).toHaveLength(4);
    expect(completions.every((event) => event.severity === 'LOW' && event.correlationId)).toBe(true);
    const audit = await t.call('app.activity', { limit: 100 });
    expect(audit.some((entry) => entry.source === 'agents' && entry.message.includes(`correlation ${critical.correlationId}`))).toBe(true);
  });

  it('runs tasks concurrently up to its concurrency', async () => {
    await setUp();
    const agent = await t.call('agents.save', { definition: definition(connection, { name: 'Parallel', concurrency: 3 }) });
    await t.call('agents.start', { agent: agent.id });
    let inFlight = 0;
    let most = 0;
    provider.setScript(() => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => inFlight--, 300);
      return { text: 'ok', delayMs: 300 };
    });
    const tasks = await Promise.all(Array.from({ length: 6 }, (_, i) => t.call('agents.tasks.create', { agent: agent.id, task: `job ${i}` })));
    for (const task of tasks) await t.call('agents.tasks.wait', { id: task.id, timeoutMs: 20_000 });
    expect(most).toBe(3);
  });

  it('stops at once: the running task goes back to the queue and resumes when started again', async () => {
    await setUp();
    const agent = await t.call('agents.save', { definition: definition(connection, { name: 'Stopper' }) });
    await t.call('agents.start', { agent: agent.id });
    provider.setScript(() => ({ text: 'thinking', hang: true }));
    const task = await t.call('agents.tasks.create', { agent: agent.id, task: 'long' });
    await expect.poll(() => t.seen('agents.task.delta').some((delta) => delta.taskId === task.id), { timeout: 10_000 }).toBe(true);
    const aborted = provider.aborted;
    const stopped = await t.call('agents.stop', { agent: agent.id });
    expect(stopped).toMatchObject({ status: 'inactive', queue: { pending: 1, processing: 0 } });
    await expect.poll(() => provider.aborted).toBe(aborted + 1);
    expect(t.seen('agents.status').map((event) => event.status)).toEqual(['starting', 'running', 'stopping', 'inactive']);

    provider.setScript(() => ({ text: 'finished' }));
    await t.call('agents.start', { agent: agent.id });
    expect(await t.call('agents.tasks.wait', { id: task.id, timeoutMs: 20_000 })).toMatchObject({ state: 'completed', answer: 'finished' });
  });

  it('pauses: the running task finishes, no new one starts until resumed', async () => {
    await setUp();
    const agent = await t.call('agents.save', { definition: definition(connection, { name: 'Pauser' }) });
    await t.call('agents.start', { agent: agent.id });
    provider.setScript((request) => ({ text: `done ${request.task}`, delayMs: 400 }));
    const first = await t.call('agents.tasks.create', { agent: agent.id, task: 'first' });
    await expect.poll(async () => (await t.call('agents.tasks.get', { id: first.id })).state).toBe('processing');
    const second = await t.call('agents.tasks.create', { agent: agent.id, task: 'second' });
    expect(await t.call('agents.pause', { agent: agent.id })).toMatchObject({ status: 'paused' });
    expect(await t.call('agents.tasks.wait', { id: first.id, timeoutMs: 10_000 })).toMatchObject({ state: 'completed' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await t.call('agents.tasks.get', { id: second.id })).state).toBe('pending');
    await t.call('agents.resume', { agent: agent.id });
    expect(await t.call('agents.tasks.wait', { id: second.id, timeoutMs: 10_000 })).toMatchObject({ state: 'completed' });
  });

  it('fails to start, saying why, when its provider does not answer', async () => {
    await setUp();
    const port = await closedPort();
    const agent = await t.call('agents.save', { definition: { ...definition(connection, { name: 'Offline' }), provider: { kind: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1` } } });
    const started = await t.call('agents.start', { agent: agent.id });
    expect(started).toMatchObject({ status: 'error', lastError: `Could not reach 127.0.0.1:${port}: the connection was refused (is it running?).` });
  });

  it('gives the next task a saved new version while running', async () => {
    await setUp();
    const agent = await t.call('agents.save', { definition: definition(connection, { name: 'Versioned', systemPrompt: 'Version one.' }) });
    await t.call('agents.start', { agent: agent.id });
    provider.setScript(() => ({ text: 'ok' }));
    await runTask(t, agent.id, 'before');
    expect(provider.requests.at(-1)!.system).toBe('Version one.');
    await t.call('agents.save', { id: agent.id, definition: definition(connection, { name: 'Versioned', systemPrompt: 'Version two.' }) });
    const after = await runTask(t, agent.id, 'after');
    expect(provider.requests.at(-1)!.system).toBe('Version two.');
    expect(after.agentVersion).toBe(2);
    expect((await t.call('agents.get', { agent: agent.id })).status).toBe('running');

    // Models are kept between tasks: a new model, or an edited connection, still reaches the next task.
    await t.call('agents.save', { id: agent.id, definition: definition(connection, { name: 'Versioned', systemPrompt: 'Version two.', model: 'llama3.2', retry: { maxAttempts: 1, backoffSeconds: 1 } }) });
    await runTask(t, agent.id, 'new model');
    expect(provider.requests.at(-1)!.model).toBe('llama3.2');
    const port = await closedPort();
    await t.call('integrations.connections.update', { id: connection, config: { baseUrl: `http://127.0.0.1:${port}/v1` } });
    const moved = await runTask(t, agent.id, 'moved');
    expect(moved).toMatchObject({ state: 'failed', error: expect.stringContaining('Could not reach Stand-in') });
  });

  it('retries a failure with backoff (scheduled), then completes', async () => {
    await setUp();
    const agent = await t.call('agents.save', { definition: definition(connection, { name: 'Retrier', retry: { maxAttempts: 2, backoffSeconds: 1 } }) });
    await t.call('agents.start', { agent: agent.id });
    let calls = 0;
    provider.setScript(() => (++calls <= 3 ? { status: 503 } : { text: 'second time lucky' }));
    const task = await t.call('agents.tasks.create', { agent: agent.id, task: 'flaky' });
    await expect.poll(async () => (await t.call('agents.tasks.get', { id: task.id })).state, { timeout: 15_000 }).toBe('scheduled');
    const done = await t.call('agents.tasks.wait', { id: task.id, timeoutMs: 20_000 });
    expect(done).toMatchObject({ state: 'completed', attempt: 2, answer: 'second time lucky' });
    expect((await t.call('agents.events.list', { agent: agent.id, limit: 20 })).some((event) => event.kind === 'task.retry' && event.severity === 'MEDIUM')).toBe(true);
  }, 30_000);
});

describe('metrics', () => {
  it('counts tasks per agent and day with latency percentiles, tokens and cost from the price table', async () => {
    await setUp();
    await t.call('agents.prices.set', { model: 'gpt-4o-mini', inputPerMillion: 1000, outputPerMillion: 2000 });
    const agent = await t.call('agents.save', { definition: { ...definition(connection, { name: 'Measured', limits: { maxSteps: 1 } }) } });
    await t.call('agents.start', { agent: agent.id });
    provider.setScript((request) => (request.task === 'loop' ? { toolCalls: [{ name: 'nothing', arguments: {} }], usage: { input: 10, output: 5 } } : { text: 'ok', usage: { input: 100, output: 50 } }));
    for (let i = 0; i < 3; i++) await runTask(t, agent.id, `job ${i}`);
    await runTask(t, agent.id, 'loop');
    const metrics = await t.call('agents.metrics', { agent: agent.id, days: 7 });
    expect(metrics.days).toHaveLength(7);
    const today = metrics.days.at(-1)!;
    expect(today).toMatchObject({ agentName: 'Measured', completed: 3, stopped: 1, failed: 0, successRate: 0.75, stepsPerTask: 1, inputTokens: expect.any(Number) });
    expect(today.latencyMs.p50).toBeGreaterThan(0);
    expect(today.latencyMs.p99).toBeGreaterThanOrEqual(today.latencyMs.p50!);
    // 100 input and 50 output tokens at $1000 and $2000 per million: $0.2 a task, and $0.02 for the stopped one.
    expect(today.costUsd).toBeCloseTo(0.62, 6);
    expect(today).toMatchObject({ inputTokens: 310, outputTokens: 155 });
    expect(metrics.agents[0]).toMatchObject({ completed: 3, stopped: 1 });
    const report = await t.call('agents.report', { agent: agent.id, days: 7 });
    expect(report.stopReasons).toEqual([{ reason: 'max steps', count: 1 }]);
    expect(report.metrics.completed).toBe(3);
    const summary = (await t.call('agents.list', {})).find((row) => row.id === agent.id)!;
    expect(summary.today).toMatchObject({ completed: 3, failed: 0 });
    expect(summary.today.costUsd).toBeCloseTo(0.62, 6);
  });

  it('costs nothing for a model without a price served from this machine', async () => {
    await setUp();
    const agent = await t.call('agents.save', { definition: { ...definition(connection, { name: 'Local' }), provider: { kind: 'openai-compatible', baseUrl: provider.openaiUrl }, model: 'llama3.2' } });
    await t.call('agents.start', { agent: agent.id });
    provider.setScript(() => ({ text: 'free', usage: { input: 1_000_000, output: 1_000_000 } }));
    expect((await runTask(t, agent.id, 'x')).usage).toEqual({ inputTokens: 1_000_000, outputTokens: 1_000_000, costUsd: 0 });
  });
});
