import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedTurn } from '../fixtures/llm-provider';
import { startLlmProvider, type LlmProvider } from '../fixtures/llm-provider';
import { addServers, agentsHost, connectProvider, definition, type AgentsHost } from '../helpers/agents';
import { REPO } from '../helpers/cli';
import { openUnlockedHost } from '../helpers/vault';

const CHILD = fileURLToPath(new URL('../fixtures/agents/host-child.ts', import.meta.url));

let provider: LlmProvider;
let t: AgentsHost | undefined;
let child: ChildProcess | undefined;

beforeAll(async () => {
  provider = await startLlmProvider();
});
afterAll(() => provider.close());
afterEach(async () => {
  child?.kill('SIGKILL');
  await t?.host.dispose();
  t = undefined;
});

/** An agent with the counter's tools, saved and started, on a data dir the test then hands to a child process. */
async function prepare(tool: string): Promise<{ dataDir: string; agent: string; counterFile: string }> {
  t = await agentsHost();
  const connection = await connectProvider(t, provider);
  const { counterFile } = await addServers(t, ['counter']);
  const agent = await t.call('agents.save', { definition: definition(connection, { tools: [{ server: 'counter', tool }] }) });
  await t.call('agents.start', { agent: agent.id });
  const dataDir = t.dataDir;
  await t.host.dispose();
  t = undefined;
  return { dataDir, agent: agent.id, counterFile };
}

function startChild(dataDir: string): Promise<ChildProcess> {
  const started = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  let output = '';
  return new Promise((resolve, reject) => {
    started.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) resolve(started);
    });
    started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.once('exit', (code) => reject(new Error(`the child exited with ${code}: ${output}`)));
  });
}

const killed = (process: ChildProcess) => new Promise<void>((resolve) => (process.exitCode !== null || process.signalCode !== null ? resolve() : process.once('exit', () => resolve())));
const lines = (file: string, line: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((entry) => entry === line).length : 0);

describe('a host killed in the middle of a task', () => {
  it('resumes from its last step without repeating the tool call (counted at the server)', async () => {
    const { dataDir, agent, counterFile } = await prepare('increment');
    const running = await startChild(dataDir);
    // Turn 1 calls the tool; when the model is asked for turn 2 (the result is on disk), the host dies.
    provider.setScript((request): ScriptedTurn => {
      const answered = request.messages.some((message) => message.toolResults.length > 0);
      if (!answered) return { text: 'Counting.', toolCalls: [{ name: 'counter__increment', arguments: { by: 1 } }] };
      if (running.exitCode === null && running.signalCode === null) {
        running.kill('SIGKILL');
        return { text: 'about to', hang: true };
      }
      return { text: 'Counted: the counter is now 1.' };
    });
    // Another process gives the agent its task, as the CLI would: the child takes it from the queue.
    const writer = await openUnlockedHost(dataDir, { shell: 'cli', echo: () => {} });
    const created = await writer.router.call('agents.tasks.create', { agent, task: 'Count once' }, { caller: 'test' });
    await writer.dispose();
    if (!created.ok) throw new Error(created.error.message);
    const taskId = (created.data as { id: number }).id;
    await killed(running);
    expect(running.signalCode).toBe('SIGKILL');
    expect(lines(counterFile, 'increment')).toBe(1);

    t = await agentsHost({ dataDir });
    const task = await t.call('agents.tasks.wait', { id: taskId, timeoutMs: 20_000 });
    expect(task).toMatchObject({ state: 'completed', answer: 'Counted: the counter is now 1.' });
    expect(lines(counterFile, 'increment')).toBe(1);
    // The resumed model call carried the recorded result.
    expect(provider.requests.at(-1)!.messages.flatMap((message) => message.toolResults.map((result) => result.content))).toEqual(['counter is now 1']);
    const events = await t.call('agents.events.list', { limit: 50 });
    expect(events.some((event) => event.kind === 'task.resumed' && event.taskId === taskId)).toBe(true);
  }, 60_000);

  it('marks a task interrupted when it died inside a call with side effects; a retry tells the model the outcome is unknown', async () => {
    const { dataDir, agent, counterFile } = await prepare('slow_increment');
    const running = await startChild(dataDir);
    provider.setScript((request): ScriptedTurn => {
      const results = request.messages.flatMap((message) => message.toolResults);
      if (results.length === 0) return { toolCalls: [{ name: 'counter__slow_increment', arguments: { ms: 30_000 } }] };
      return { text: `I cannot tell whether it counted: ${results[0]!.content}` };
    });
    const writer = await openUnlockedHost(dataDir, { shell: 'cli', echo: () => {} });
    const created = await writer.router.call('agents.tasks.create', { agent, task: 'Count slowly' }, { caller: 'test' });
    await writer.dispose();
    if (!created.ok) throw new Error(created.error.message);
    const taskId = (created.data as { id: number }).id;
    await expect.poll(() => lines(counterFile, 'slow_increment started'), { timeout: 20_000 }).toBe(1);
    running.kill('SIGKILL');
    await killed(running);

    t = await agentsHost({ dataDir });
    const interrupted = await t.call('agents.tasks.wait', { id: taskId, timeoutMs: 20_000 });
    expect(interrupted).toMatchObject({ state: 'interrupted' });
    expect(interrupted.error).toMatch(/counter__slow_increment was running; it was not run again/);
    expect(interrupted.timeline.find((step) => step.kind === 'tool')).toMatchObject({ status: 'interrupted' });
    expect(lines(counterFile, 'slow_increment started')).toBe(1);

    await t.call('agents.tasks.retry', { id: taskId });
    const done = await t.call('agents.tasks.wait', { id: taskId, timeoutMs: 20_000 });
    expect(done.state).toBe('completed');
    expect(done.answer).toMatch(/whether this call had its effect is unknown/);
    expect(lines(counterFile, 'slow_increment started')).toBe(1);
  }, 60_000);
});
