import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../shared/workflow/document';
import { byTask, sequence, type LlmProvider } from '../fixtures/llm-provider';
import { startStandIn, type StandIn } from '../fixtures/stand-in-server';
import { agentsHost, type AgentsHost, connectProvider, definition, disposeAfterEach, runTask, useStandInProvider } from '../helpers/agents';
import { chain, node } from '../helpers/engine';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/n8n');

let provider: LlmProvider;
let t: AgentsHost;
let connection: string;

useStandInProvider((started) => (provider = started));
disposeAfterEach(() => t);

async function setUp() {
  t = await agentsHost();
  connection = await connectProvider(t, provider);
}

/** The first output item's JSON of a finished execution. */
const firstJson = <T>(execution: { output: { value: unknown } }) => (execution.output.value as { json: T }[])[0]!.json;

async function run(document: WorkflowDocument, input?: unknown) {
  const saved = await t.call('workflows.save', { document });
  const result = await t.call('workflows.run', { id: saved.id, input: input as never, wait: true });
  return result.execution!;
}

const trigger = (fields: { name: string; type?: 'string' | 'number'; required?: boolean; description?: string }[] = []) => node('manual.trigger', { fields }, { id: 'start', name: 'Start' });

/** A workflow "Look up order" exposed as the tool `lookup_order`, its input the manual trigger's form. */
const lookupWorkflow = (): WorkflowDocument =>
  chain(
    'Look up order',
    [
      trigger([{ name: 'order', required: true, description: 'The order number' }]),
      node('code.run', { mode: 'runOnceForEachItem', code: "return { json: { order: $json.order, status: $json.order === 'A-17' ? 'shipped' : 'unknown' } };" }, { name: 'Find' }),
    ],
    { settings: { exposeAsTool: { name: 'lookup_order', description: 'Shipping status of an order.' } } },
  );

describe('the AI agent and Chat model nodes', () => {
  it('runs a saved agent from a workflow step with a prompt built from expressions, and outputs the answer and transcript', async () => {
    await setUp();
    const agent = await t.call('agents.save', { definition: definition(connection, { name: 'Greeter' }) });
    provider.setScript(() => ({ text: 'Hello Ada!', usage: { input: 12, output: 3 } }));
    const execution = await run(chain('Greet', [trigger(), node('ai-agent.run', { agent: 'Greeter', prompt: 'Greet {{ $json.name }} warmly.' }, { name: 'Agent' })]), { name: 'Ada' });
    expect(execution.status).toBe('succeeded');
    const output = firstJson<{ output: string; taskId: number; status: string; transcript: { kind: string }[]; usage: { inputTokens: number } }>(execution);
    expect(output).toMatchObject({ output: 'Hello Ada!', status: 'completed', usage: { inputTokens: 12 } });
    expect(output.transcript.map((step) => step.kind)).toEqual(['model']);
    expect(provider.requests.at(-1)!.task).toBe('Greet Ada warmly.');
    // The task is the agent's, in its history and metrics, marked as a workflow's.
    const tasks = await t.call('agents.tasks.list', { agent: agent.id });
    expect(tasks[0]).toMatchObject({ id: output.taskId, source: 'workflow', state: 'completed' });
  });

  it('fails the step, saying why, when the agent stops on a limit', async () => {
    await setUp();
    provider.setScript(() => ({ toolCalls: [{ name: 'nothing', arguments: {} }] }));
    const execution = await run(
      chain('Limited', [trigger(), node('ai-agent.run', { prompt: 'Loop', provider: 'Stand-in', model: 'gpt-4o-mini', maxSteps: 2 }, { name: 'Agent' })]),
    );
    expect(execution.status).toBe('failed');
    expect(execution.error?.message).toMatch(/ended as stopped: max steps/);
  });

  it('completes with structured output from a JSON Schema, and refuses an answer that does not match', async () => {
    await setUp();
    const schema = { type: 'object', properties: { sentiment: { type: 'string', enum: ['positive', 'negative'] }, score: { type: 'number' } }, required: ['sentiment', 'score'] };
    provider.setScript(byTask({ 'Rate: great product': [{ text: '```json\n{"sentiment":"positive","score":0.9}\n```' }], 'Rate: bad': [{ text: '{"sentiment":"meh"}' }] }));
    const good = await run(chain('Rate', [trigger(), node('chat-model.complete', { provider: 'Stand-in', model: 'gpt-4o-mini', prompt: 'Rate: {{ $json.text }}', outputSchema: schema }, { name: 'Rate' })]), { text: 'great product' });
    expect(good.status).toBe('succeeded');
    expect(firstJson<{ output: unknown }>(good).output).toEqual({ sentiment: 'positive', score: 0.9 });
    expect(provider.requests.at(-1)!.system).toContain('"required":["sentiment","score"]');
    const bad = await run(chain('Rate bad', [trigger(), node('chat-model.complete', { provider: 'Stand-in', model: 'gpt-4o-mini', prompt: 'Rate: {{ $json.text }}', outputSchema: schema }, { name: 'Rate' })]), { text: 'bad' });
    expect(bad.status).toBe('failed');
    expect(bad.error?.message).toMatch(/does not match the output schema: sentiment: .*enum|score/);
  });
});

describe('workflows as tools', () => {
  it('appear in the gateway with the trigger form as input schema, and run when called by a real MCP client', async () => {
    await setUp();
    await t.call('workflows.save', { document: lookupWorkflow() });
    const gateway = await t.host.mcp.listenGateway(0);
    const client = new Client({ name: 'test-ai-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { Authorization: `Bearer ${gateway.token}` } } }));
    try {
      const { tools } = await client.listTools();
      const tool = tools.find((candidate) => candidate.name === 'workflows__lookup_order');
      expect(tool).toMatchObject({ description: '[workflows] Shipping status of an order.', inputSchema: { type: 'object', properties: { order: { type: 'string', description: 'The order number' } }, required: ['order'] } });
      const result = await client.callTool({ name: 'workflows__lookup_order', arguments: { order: 'A-17' } });
      expect(result.isError).toBeFalsy();
      expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toEqual({ order: 'A-17', status: 'shipped' });
      const failing = await client.callTool({ name: 'workflows__lookup_order', arguments: {} });
      expect(failing).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('needs "order"') }] });
      const journal = await t.call('mcp.journal.list', { server: 'workflows', limit: 5 });
      expect(journal.map((entry) => entry.caller)).toEqual(['gateway', 'gateway']);
    } finally {
      await client.close();
    }
  });

  it('can be given to an agent', async () => {
    await setUp();
    await t.call('workflows.save', { document: lookupWorkflow() });
    const catalog = await t.call('agents.toolCatalog', {});
    expect(catalog.find((server) => server.server === 'workflows')?.tools.map((tool) => tool.name)).toEqual(['lookup_order']);
    const agent = await t.call('agents.save', { definition: definition(connection, { name: 'Shipping', tools: [{ server: 'workflows', tool: 'lookup_order' }] }) });
    await t.call('agents.start', { agent: agent.id });
    provider.setScript(sequence({ toolCalls: [{ name: 'workflows__lookup_order', arguments: { order: 'A-17' } }] }, { text: 'Order A-17 has shipped.' }));
    const task = await runTask(t, agent.id, 'Where is A-17?');
    expect(task).toMatchObject({ state: 'completed', answer: 'Order A-17 has shipped.' });
    expect(task.toolCallList[0]).toMatchObject({ server: 'workflows', tool: 'lookup_order', result: '{"order":"A-17","status":"shipped"}' });
  });
});

describe('n8n AI workflows', () => {
  let eta: StandIn;
  beforeAll(async () => {
    eta = await startStandIn((request) => ({ json: { city: request.url.searchParams.get('city'), eta: '2 days' } }));
  });
  afterAll(() => eta.close());

  it('imports an agent with its chat model, memory, output parser, workflow and HTTP tools, and runs it against the stand-in', async () => {
    await setUp();
    await connectProvider(t, provider, 'openai-compatible', 'OpenAi account');
    await t.call('workflows.import', { text: fs.readFileSync(path.join(FIXTURES, 'ai-lookup-tool.json'), 'utf8') });
    const imported = await t.call('workflows.import', { text: fs.readFileSync(path.join(FIXTURES, 'ai-agent-chat.json'), 'utf8') });
    expect(imported).toMatchObject({ unsupported: [], problems: [] });
    expect(imported.notes.join('\n')).toContain('a connection named "OpenAi account"');
    const { document } = await t.call('workflows.get', { id: imported.id });
    expect(document.nodes.map((entry) => entry.type).sort()).toEqual(['ai-agent.run', 'manual.trigger']);
    const agentNode = document.nodes.find((entry) => entry.type === 'ai-agent.run')!;
    expect(agentNode.parameters).toMatchObject({ provider: 'OpenAi account', model: 'gpt-4o-mini', maxSteps: 6, memory: { sessionKey: '{{ $json.sessionId }}', windowSize: 3 }, outputSchema: { required: ['reply', 'escalate'] } });

    provider.setScript((request) => {
      const results = request.messages.filter((message) => message.role === 'tool').flatMap((message) => message.toolResults);
      if (results.length === 0) return { toolCalls: [{ name: 'workflows__lookup_order', arguments: { order: 'A-17' } }, { name: 'http__Delivery_estimate', arguments: { city: 'Lyon' } }] };
      return { text: JSON.stringify({ reply: `Order A-17: ${results.map((result) => result.content).join(' / ')}`, escalate: false }) };
    });
    const first = await t.call('workflows.run', { id: imported.id, input: { chatInput: 'Where is my order A-17? I live in Lyon.', sessionId: 'chat-1', port: eta.port }, wait: true });
    expect(first.execution!.status).toBe('succeeded');
    const output = firstJson<{ output: { reply: string; escalate: boolean } }>(first.execution!).output;
    expect(output.escalate).toBe(false);
    expect(output.reply).toContain('"status":"shipped"');
    expect(output.reply).toContain('"eta":"2 days"');
    expect(eta.requests.at(-1)!.url.searchParams.get('city')).toBe('Lyon');
    const system = provider.requests.at(-1)!.system;
    expect(system).toMatch(/You are the support agent of Acme\. Today is \d{4}-\d{2}-\d{2}\./);

    // The window buffer memory: the next message of the session carries the first exchange.
    provider.setScript(() => ({ text: JSON.stringify({ reply: 'Anything else?', escalate: false }) }));
    await t.call('workflows.run', { id: imported.id, input: { chatInput: 'Thanks!', sessionId: 'chat-1', port: eta.port }, wait: true });
    const remembered = provider.requests.at(-1)!.messages.map((message) => `${message.role}: ${message.text}`);
    expect(remembered[0]).toMatch(/^user: Where is my order A-17\?/);
    expect(remembered[1]).toMatch(/^assistant: \{"reply":"Order A-17/);
    expect(remembered.at(-1)).toMatch(/^user: Thanks!/);
  });

  it('imports a basic LLM chain as a chat model step, and the OpenAI node as an OpenAI action on the same connection', async () => {
    await setUp();
    await connectProvider(t, provider, 'anthropic', 'Anthropic account');
    const openAi = await connectProvider(t, provider, 'openai-compatible', 'OpenAi account');
    const imported = await t.call('workflows.import', { text: fs.readFileSync(path.join(FIXTURES, 'ai-chain-openai.json'), 'utf8') });
    expect(imported).toMatchObject({ unsupported: [], problems: [] });
    const { document } = await t.call('workflows.get', { id: imported.id });
    const chainNode = document.nodes.find((entry) => entry.name === 'Basic LLM Chain')!;
    expect(chainNode).toMatchObject({ type: 'chat-model.complete', parameters: { provider: 'Anthropic account', model: 'claude-3-5-haiku-latest', system: 'You sort customer messages.', maxTokens: 400, outputSchema: { properties: { category: { type: 'string' }, urgent: { type: 'boolean' } } } } });
    const messageNode = document.nodes.find((entry) => entry.name === 'Message a model')!;
    expect(messageNode.type).toBe('openai-compatible.message');
    messageNode.connection = openAi;
    await t.call('workflows.save', { id: imported.id, document });
    provider.setScript((request) => (request.api === 'anthropic' ? { text: '{"category":"billing","urgent":true}' } : { text: 'Refund needed for double charge' }));
    const result = await t.call('workflows.run', { id: imported.id, input: { message: 'I was charged twice!' }, wait: true });
    expect(result.execution!.status).toBe('succeeded');
    expect(firstJson(result.execution!)).toMatchObject({ message: { role: 'assistant', content: 'Refund needed for double charge' }, finish_reason: 'stop' });
    const [classify, summarise] = provider.requests.slice(-2);
    expect(classify).toMatchObject({ api: 'anthropic', task: 'Classify this message: I was charged twice!' });
    expect(summarise).toMatchObject({ api: 'openai', system: 'You write headlines.', task: 'Summarise in five words: I was charged twice!' });
  });
});
