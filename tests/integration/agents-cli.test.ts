import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sequence, startLlmProvider, type LlmProvider } from '../fixtures/llm-provider';
import { node } from '../helpers/agents';
import { runCliAsync } from '../helpers/cli';
import { fixture } from '../helpers/mcp-servers';
import { tempDir } from '../helpers/temp-dir';
import { leaks, openUnlockedHost, PASSPHRASE, TEST_ACCESSOR } from '../helpers/vault';

const KEY = 'sk-cli-standin-4d5e6f7a8b9c';

let provider: LlmProvider;
let dataDir: string;
let counterFile: string;

beforeAll(async () => {
  provider = await startLlmProvider({ apiKey: KEY });
});
afterAll(() => provider.close());

const cli = (...args: string[]) => runCliAsync([...args, '--data-dir', dataDir], { env: { ECHELON_VAULT_PASSPHRASE: PASSPHRASE } });

/** A data dir with the vault holding the provider key, and the counter MCP server. */
beforeEach(async () => {
  dataDir = tempDir('echelon-agent-cli-');
  counterFile = path.join(dataDir, 'counter.log');
  const host = await openUnlockedHost(dataDir, { shell: 'cli', echo: () => {} });
  host.vault.set({ name: 'STANDIN_KEY', value: { kind: 'secret', value: KEY } }, TEST_ACCESSOR);
  const added = await host.router.call('mcp.servers.add', { definition: { name: 'counter', transport: { type: 'stdio', command: node, args: [fixture('counter')], env: { COUNTER_FILE: counterFile } }, healthIntervalMs: 0 } }, { caller: 'test' });
  if (!added.ok) throw new Error(added.error.message);
  await host.dispose();
});

function agentFile(overrides: Record<string, unknown> = {}): string {
  const file = path.join(dataDir, 'agent.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      name: 'Counter bot',
      provider: { kind: 'openai-compatible', baseUrl: provider.openaiUrl, model: 'gpt-4o-mini', apiKey: '{{ secrets.STANDIN_KEY }}' },
      systemPrompt: 'You count.',
      tools: [{ server: 'counter', tool: 'increment' }],
      ...overrides,
    }),
  );
  return file;
}

describe('echelon agent', () => {
  it('imports, lists, runs a task to JSON and exports the agent again', async () => {
    const imported = await cli('agent', 'import', agentFile());
    expect(imported).toMatchObject({ status: 0, stdout: 'Imported agent "Counter bot" (version 1). Start it with `echelon agent start "Counter bot"`.\n' });
    const listed = await cli('agent', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'Counter bot', status: 'inactive', model: 'gpt-4o-mini', provider: `127.0.0.1:${provider.port}`, toolCount: 1 }]);

    provider.setScript(sequence({ text: 'Counting.', toolCalls: [{ name: 'counter__increment', arguments: { by: 1 } }], usage: { input: 30, output: 8 } }, { text: 'The counter is at 1.', usage: { input: 50, output: 7 } }));
    const run = await cli('agent', 'run', 'Counter bot', '--task', 'Count once', '--input', '{"why":"test"}', '--json');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('Started agent "Counter bot" for this task; it is stopped again afterwards.\n');
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      status: 'completed',
      answer: 'The counter is at 1.',
      toolCalls: [{ server: 'counter', tool: 'increment', arguments: { by: 1 }, result: 'counter is now 1' }],
      usage: { inputTokens: 80, outputTokens: 15, costUsd: expect.any(Number) },
      steps: 2,
    });
    expect(provider.requests.at(-2)!.task).toBe('Count once\n\nInput (JSON):\n```json\n{\n  "why": "test"\n}\n```');
    expect(JSON.parse((await cli('agent', 'list', '--json')).stdout)[0].status).toBe('inactive');

    const tasks = JSON.parse((await cli('agent', 'tasks', 'Counter bot', '--json')).stdout) as { source: string; state: string }[];
    expect(tasks).toMatchObject([{ source: 'cli', state: 'completed' }]);
    const exported = await cli('agent', 'export', 'Counter bot');
    expect(JSON.parse(exported.stdout)).toMatchObject({ echelonAgent: 1, name: 'Counter bot', provider: { kind: 'openai-compatible', model: 'gpt-4o-mini', apiKey: '{{ secrets.STANDIN_KEY }}' } });
    expect(leaks(exported.stdout + run.stdout + run.stderr, [KEY])).toEqual([]);
  }, 90_000);

  it('streams the answer as it comes without --json, and exits 1 when a limit stops the task', async () => {
    await cli('agent', 'import', agentFile({ limits: { maxSteps: 1 } }));
    provider.setScript(() => ({ text: 'Looping.', toolCalls: [{ name: 'counter__increment', arguments: { by: 1 } }] }));
    const run = await cli('agent', 'run', 'Counter bot', '--task', 'Loop');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('Looping.\n');
    expect(run.stderr).toMatch(/Task \d+ stopped: max steps in .*: 1 turn, 1 tool call/);
  }, 60_000);

  it('refuses a literal key with a clear message', async () => {
    const result = await cli('agent', 'import', agentFile({ provider: { kind: 'openai-compatible', baseUrl: provider.openaiUrl, model: 'gpt-4o-mini', apiKey: KEY } }));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('echelon: The apiKey must be a vault reference such as "{{ secrets.OPENAI_API_KEY }}", never the key itself: store it with `echelon vault set OPENAI_API_KEY`.\n');
  }, 30_000);

  it('waits on an approval that another CLI process gives', async () => {
    await cli('agent', 'import', agentFile({ tools: [{ server: 'counter', tool: 'increment', approval: { mode: 'always' } }] }));
    provider.setScript(sequence({ toolCalls: [{ name: 'counter__increment', arguments: { by: 5 } }] }, { text: 'Counted after approval.' }));
    const running = cli('agent', 'run', 'Counter bot', '--task', 'Count with care', '--json');
    const tasks = async () => JSON.parse((await cli('agent', 'tasks', 'Counter bot', '--json')).stdout) as { id: number; state: string }[];
    let waiting: { id: number; state: string } | undefined;
    for (let i = 0; i < 100 && !waiting; i++) {
      waiting = (await tasks()).find((task) => task.state === 'awaiting_approval');
      if (!waiting) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(waiting).toBeDefined();
    expect(fs.existsSync(counterFile)).toBe(false);
    const approved = await cli('agent', 'approve', String(waiting!.id), '--reason', 'fine');
    expect(approved).toMatchObject({ status: 0, stdout: `Task ${waiting!.id}: call approved; the task is pending.\n` });
    const run = await running;
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`Task ${waiting!.id} waits for approval to call counter__increment with {"by":5}.`);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'completed', answer: 'Counted after approval.' });
    expect(fs.readFileSync(counterFile, 'utf8')).toBe('increment\n');
  }, 60_000);

  it('explains a mistake in how it was called', async () => {
    expect(await cli('agent', 'approve', 'abc')).toMatchObject({ status: 2, stderr: 'echelon: "abc" is not a task id: use the number `echelon agent tasks NAME` shows.\n' });
    expect(await cli('agent', 'run', 'Nobody', '--task', 'x')).toMatchObject({ status: 1, stderr: 'echelon: No agent "Nobody": list them with `echelon agent list` or on the Agents page.\n' });
    expect(await cli('agent', 'run', 'Nobody')).toMatchObject({ status: 2, stderr: "echelon: required option '--task <text>' not specified\n" });
  }, 60_000);
});
