import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sequence, type LlmProvider } from '../fixtures/llm-provider';
import { addServers, type AgentsHost, agentsHost, connectProvider, definition, disposeAfterEach, PROVIDER_KEY, runTask, useStandInProvider } from '../helpers/agents';

let provider: LlmProvider;
let t: AgentsHost;
let connection: string;
let counterFile: string;

useStandInProvider((started) => (provider = started));
disposeAfterEach(() => t);

const calls = (tool: string) => (fs.existsSync(counterFile) ? fs.readFileSync(counterFile, 'utf8').split('\n').filter((line) => line === tool).length : 0);
const log = () => (fs.existsSync(counterFile) ? fs.readFileSync(counterFile, 'utf8') : '');

async function agentWith(overrides: Parameters<typeof definition>[1] = {}) {
  t = await agentsHost();
  connection = await connectProvider(t, provider);
  ({ counterFile } = await addServers(t, ['counter']));
  const tools = ['increment', 'slow_increment', 'peek', 'explode'].map((tool) => ({ server: 'counter', tool }));
  const agent = await t.call('agents.save', { definition: definition(connection, { tools, ...overrides }) });
  await t.call('agents.start', { agent: agent.id });
  return agent.id;
}

const lastToolResults = () => provider.requests.at(-1)!.messages.filter((message) => message.role === 'tool').flatMap((message) => message.toolResults);

describe('tool failures go back to the model, never kill the run', () => {
  it('feeds a tool that reports an error back as its result, and the run goes on', async () => {
    const agent = await agentWith();
    provider.setScript(sequence({ toolCalls: [{ name: 'counter__explode', arguments: { why: 'disk full' } }] }, { text: 'The tool failed: disk full.' }));
    const task = await runTask(t, agent, 'Try the tool');
    expect(task).toMatchObject({ state: 'completed', answer: 'The tool failed: disk full.' });
    expect(task.toolCallList).toEqual([{ server: 'counter', tool: 'explode', arguments: { why: 'disk full' }, error: 'boom: disk full' }]);
    expect(lastToolResults().at(-1)).toMatchObject({ content: 'boom: disk full' });
  });

  it('answers malformed and schema-invalid arguments with the problem, without calling the tool', async () => {
    const agent = await agentWith();
    provider.setScript(
      sequence(
        { toolCalls: [{ name: 'counter__increment', arguments: '{"by": 1' }] },
        { toolCalls: [{ name: 'counter__slow_increment', arguments: { ms: 'soon' } }] },
        { toolCalls: [{ name: 'counter__increment', arguments: { by: 1 } }] },
        { text: 'Counted once.' },
      ),
    );
    const task = await runTask(t, agent, 'Count');
    expect(task).toMatchObject({ state: 'completed', answer: 'Counted once.', toolCalls: 3 });
    expect(calls('increment')).toBe(1);
    expect(log()).not.toContain('slow_increment');
    const errors = task.toolCallList.map((call) => call.error ?? '');
    expect(errors[0]).toMatch(/JSON parsing failed/);
    expect(errors[1]).toMatch(/do not match the tool's input schema: ms: .*integer|number/);
    const results = lastToolResults().map((result) => result.content);
    expect(results[0]).toMatch(/JSON parsing failed/);
    expect(results[1]).toMatch(/input schema/);
    expect(results[2]).toBe('counter is now 1');
  });
});

describe('limits end a run as stopped, saying which', () => {
  it('stops at the step limit', async () => {
    const agent = await agentWith({ limits: { maxSteps: 2 } });
    provider.setScript(() => ({ toolCalls: [{ name: 'counter__peek', arguments: {} }] }));
    const task = await runTask(t, agent, 'Peek forever');
    expect(task).toMatchObject({ state: 'stopped', stopReason: 'max-steps', status: 'stopped: max steps', steps: 2 });
  });

  it('stops when the input token budget is spent', async () => {
    const agent = await agentWith({ limits: { maxInputTokens: 2500 } });
    provider.setScript((_request, index) => ({ toolCalls: [{ name: 'counter__increment', arguments: { by: index } }], usage: { input: 1000, output: 5 } }));
    const task = await runTask(t, agent, 'Read a lot');
    expect(task).toMatchObject({ state: 'stopped', status: 'stopped: max input tokens', steps: 3, usage: { inputTokens: 3000 } });
  });

  it('stops when its answer would pass the output budget', async () => {
    const agent = await agentWith({ limits: { maxOutputTokens: 300 } });
    provider.setScript(sequence({ toolCalls: [{ name: 'counter__peek', arguments: {} }], usage: { output: 250 } }, { text: 'A long answer', usage: { output: 100 } }));
    const task = await runTask(t, agent, 'Write a lot');
    expect(task).toMatchObject({ state: 'stopped', status: 'stopped: max output tokens' });
    // The second turn was asked for at most what was left.
    expect(provider.requests.at(-1)!.body.max_tokens).toBe(50);
  });

  it('stops at the time limit, cancelling the tool call in flight', async () => {
    const agent = await agentWith({ limits: { timeoutSeconds: 1 } });
    provider.setScript(sequence({ toolCalls: [{ name: 'counter__slow_increment', arguments: { ms: 10_000 } }] }, { text: 'never' }));
    const started = Date.now();
    const task = await runTask(t, agent, 'Be slow');
    expect(task).toMatchObject({ state: 'stopped', status: 'stopped: timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    await expect.poll(log).toContain('slow_increment cancelled');
    expect(calls('slow_increment')).toBe(0);
  });

  it('stops a run repeating the same call, without making the repeated call', async () => {
    const agent = await agentWith({ limits: { repeatedCallLimit: 3 } });
    provider.setScript(() => ({ toolCalls: [{ name: 'counter__increment', arguments: { by: 1 } }] }));
    const task = await runTask(t, agent, 'Loop');
    expect(task).toMatchObject({ state: 'stopped', status: 'stopped: repeated call', toolCalls: 3 });
    expect(calls('increment')).toBe(2);
    expect(task.toolCallList[2]!.error).toMatch(/already made 2 times/);
  });
});

describe('the provider failing', () => {
  it('waits as a 429 Retry-After says, then goes on', async () => {
    const agent = await agentWith();
    provider.setScript(sequence({ status: 429, headers: { 'retry-after': '1' } }, { text: 'Fine now.' }));
    const task = await runTask(t, agent, 'Hello');
    expect(task).toMatchObject({ state: 'completed', answer: 'Fine now.' });
    const [refused, accepted] = provider.requests.slice(-2);
    expect(refused!.task).toBe('Hello');
    expect(accepted!.task).toBe('Hello');
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(950);
  });

  it('backs off on 500s, then fails clearly to the dead-letter list', async () => {
    const agent = await agentWith({ retry: { maxAttempts: 1, backoffSeconds: 1 } });
    const before = provider.requests.length;
    provider.setScript(() => ({ status: 500 }));
    const task = await runTask(t, agent, 'Hello');
    expect(provider.requests.length - before).toBe(3);
    expect(task).toMatchObject({ state: 'failed', deadLetter: true });
    expect(task.error).toMatch(/^Stand-in answered HTTP 500: The server had an error while processing your request\. \(after 3 attempts\)\.$/);
    expect((await t.call('agents.tasks.list', { deadLetter: true })).map((row) => row.id)).toEqual([task.id]);
    const events = await t.call('agents.events.list', { minSeverity: 'HIGH' });
    expect(events[0]).toMatchObject({ kind: 'task.failed', severity: 'HIGH', correlationId: task.correlationId });
  }, 20_000);

  it('keeps the key out of an error that quotes it', async () => {
    const agent = await agentWith({ retry: { maxAttempts: 1, backoffSeconds: 1 } });
    provider.setScript(() => ({ status: 400, error: `Key ${PROVIDER_KEY} is not allowed for this model.` }));
    const task = await runTask(t, agent, 'Hello');
    expect(task.state).toBe('failed');
    expect(task.error).toMatch(/Key \[redacted:[^\]]+\] is not allowed/);
    expect(JSON.stringify(await t.call('agents.events.list', { limit: 20 }))).not.toContain(PROVIDER_KEY);
  });
});

describe('stop means stop', () => {
  it('cancels a task in a long tool call: the call is cancelled at the server', async () => {
    const agent = await agentWith();
    provider.setScript(sequence({ toolCalls: [{ name: 'counter__slow_increment', arguments: { ms: 20_000 } }] }, { text: 'never' }));
    const created = await t.call('agents.tasks.create', { agent, task: 'Be slow' });
    await expect.poll(log, { timeout: 10_000 }).toContain('slow_increment started');
    const started = Date.now();
    await t.call('agents.tasks.cancel', { id: created.id });
    const task = await t.call('agents.tasks.get', { id: created.id });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(task).toMatchObject({ state: 'cancelled' });
    expect(task.timeline.find((step) => step.kind === 'tool')).toMatchObject({ status: 'cancelled' });
    await expect.poll(log).toContain('slow_increment cancelled');
    const journal = await t.call('mcp.journal.list', { caller: 'agent', tool: 'slow_increment', limit: 5 });
    expect(journal[0]).toMatchObject({ status: 'cancelled' });
  });

  it('cancels a task while the model is writing: the provider request is aborted', async () => {
    const agent = await agentWith();
    provider.setScript(() => ({ text: 'I am thinking very hard about this', hang: true }));
    const aborted = provider.aborted;
    const created = await t.call('agents.tasks.create', { agent, task: 'Think' });
    await expect.poll(() => t.seen('agents.task.delta').some((delta) => delta.taskId === created.id), { timeout: 10_000 }).toBe(true);
    await t.call('agents.tasks.cancel', { id: created.id });
    expect(await t.call('agents.tasks.get', { id: created.id })).toMatchObject({ state: 'cancelled' });
    await expect.poll(() => provider.aborted).toBe(aborted + 1);
  });
});
