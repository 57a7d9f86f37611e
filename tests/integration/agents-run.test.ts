import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sequence, type LlmProvider } from '../fixtures/llm-provider';
import { addServers, type AgentsHost, agentsHost, connectProvider, definition, disposeAfterEach, PROVIDER_KEY, runTask, useStandInProvider } from '../helpers/agents';
import { leaks } from '../helpers/vault';

let provider: LlmProvider;
let t: AgentsHost;
let connection: string;

useStandInProvider((started) => (provider = started));
disposeAfterEach(() => t);

async function setUp(servers: Array<'everything' | 'memory' | 'counter'>, kind: 'openai-compatible' | 'anthropic' = 'openai-compatible') {
  t = await agentsHost();
  connection = await connectProvider(t, provider, kind);
  return addServers(t, servers);
}

describe('a task run', () => {
  it.each(['openai-compatible', 'anthropic'] as const)('uses server-everything and server-memory tools through the %s wire format and streams its answer', async (kind) => {
    await setUp(['everything', 'memory'], kind);
    const model = kind === 'anthropic' ? 'claude-3-5-haiku-latest' : 'gpt-4o-mini';
    const agent = await t.call('agents.save', {
      definition: definition(connection, {
        model,
        tools: [
          { server: 'everything', tool: 'echo' },
          { server: 'memory', tool: 'create_entities' },
          { server: 'memory', tool: 'read_graph' },
        ],
      }),
    });
    await t.call('agents.start', { agent: agent.id });
    provider.setScript(
      sequence(
        { text: 'Echo first.', toolCalls: [{ name: 'everything__echo', arguments: { message: 'ping' } }], usage: { input: 40, output: 12 } },
        { toolCalls: [{ name: 'memory__create_entities', arguments: { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }] } }] },
        { toolCalls: [{ name: 'memory__read_graph', arguments: {} }] },
        { text: 'Ada is remembered: she wrote the first program.', usage: { input: 90, output: 11 } },
      ),
    );
    const task = await runTask(t, agent.id, 'Remember Ada');
    expect(task).toMatchObject({ state: 'completed', status: 'completed', answer: 'Ada is remembered: she wrote the first program.', steps: 4, toolCalls: 3 });
    expect(task.toolCallList.map((call) => `${call.server}/${call.tool}`)).toEqual(['everything/echo', 'memory/create_entities', 'memory/read_graph']);
    expect(task.toolCallList[0]!.result).toBe('Echo: ping');
    expect(task.toolCallList[2]!.result).toContain('wrote the first program');
    expect(task.usage.inputTokens).toBeGreaterThanOrEqual(130);

    // The model really received each tool's real result, and the key went to the provider only.
    const last = provider.requests.at(-1)!;
    expect(last.messages.flatMap((message) => message.toolResults.map((result) => result.content)).join('\n')).toContain('Echo: ping');
    expect(last.system).toContain('careful helper');
    expect(last.tools).toEqual(['everything__echo', 'memory__create_entities', 'memory__read_graph']);
    expect(kind === 'anthropic' ? last.headers['x-api-key'] : last.headers.authorization).toBe(kind === 'anthropic' ? PROVIDER_KEY : `Bearer ${PROVIDER_KEY}`);

    // Every call went through the supervisor: journalled as the agent's.
    const journal = await t.call('mcp.journal.list', { caller: 'agent', limit: 10 });
    expect(journal.map((entry) => `${entry.server}/${entry.tool}`).sort()).toEqual(['everything/echo', 'memory/create_entities', 'memory/read_graph']);

    // Tokens streamed as they came.
    const deltas = t.seen('agents.task.delta').filter((delta) => delta.taskId === task.id);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.filter((delta) => delta.turn === 4).map((delta) => delta.text).join('')).toBe('Ada is remembered: she wrote the first program.');

    // The steps were written in order: each model turn, then its tool call.
    expect(task.timeline.map((step) => `${step.kind}:${step.status}`)).toEqual(['model:ok', 'tool:ok', 'model:ok', 'tool:ok', 'model:ok', 'tool:ok', 'model:ok']);

    // The key never reached the database, the logs or the events.
    const database = fs.readFileSync(`${t.dataDir}/echelon.db`);
    expect(leaks(database, [PROVIDER_KEY])).toEqual([]);
    expect(leaks(JSON.stringify(t.seen('agents.task.updated')), [PROVIDER_KEY])).toEqual([]);
  });
});
