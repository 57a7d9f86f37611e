import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import type { AgentDefinitionInput, EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { startLlmProvider, type LlmProvider } from '../fixtures/llm-provider';
import { EVERYTHING, fixture, MEMORY } from './mcp-servers';
import { tempDir } from './temp-dir';
import { openUnlockedHost } from './vault';

export const PROVIDER_KEY = 'sk-standin-0123456789abcdef';

export interface AgentsHost {
  host: Host;
  dataDir: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  attempt(method: MethodName, input: unknown): ReturnType<Host['router']['call']>;
  /** Every payload of an event since the host opened. */
  seen<E extends EventName>(event: E): EventPayload<E>[];
}

/** A host with the vault unlocked, the engine and the agents running, as `echelon serve` runs them. */
export async function agentsHost(options: { dataDir?: string; windowFocused?: () => boolean } = {}): Promise<AgentsHost> {
  const dataDir = options.dataDir ?? tempDir('echelon-agents-');
  const host = await openUnlockedHost(dataDir, { shell: 'serve', echo: () => {}, windowFocused: options.windowFocused });
  await host.engine.start({ owner: 'test', recover: true, webhookPort: false });
  host.agents.start();
  const events: { name: string; payload: unknown }[] = [];
  host.bus.onAny((name, payload) => events.push({ name, payload }));
  return {
    host,
    dataDir,
    async call(method, input) {
      const result = await host.router.call(method, input, { caller: 'test' });
      if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code}: ${result.error.message}`), { error: result.error });
      return result.data as never;
    },
    attempt: (method, input) => host.router.call(method, input, { caller: 'test' }),
    seen: (event) => events.filter((entry) => entry.name === event).map((entry) => entry.payload as never),
  };
}

/** An OpenAI-compatible (or Anthropic) connection to the stand-in, its key typed in (so it lands in the vault). */
export async function connectProvider(t: AgentsHost, provider: LlmProvider, kind: 'openai-compatible' | 'anthropic' = 'openai-compatible', name = 'Stand-in'): Promise<string> {
  const connection = await t.call('integrations.connections.create', {
    pluginId: kind,
    name,
    config: { baseUrl: kind === 'anthropic' ? provider.anthropicUrl : provider.openaiUrl },
    auth: (kind === 'anthropic' ? { type: 'api_key', key: PROVIDER_KEY } : { type: 'bearer', token: PROVIDER_KEY }) as never,
  });
  return connection.id;
}

export const node = process.execPath;

/** MCP servers the tests give agents: server-everything, server-memory and the call counter. */
export async function addServers(t: AgentsHost, which: Array<'everything' | 'memory' | 'counter'>): Promise<{ counterFile: string }> {
  const counterFile = path.join(t.dataDir, 'counter.log');
  const definitions = {
    everything: { name: 'everything', transport: { type: 'stdio' as const, command: node, args: [EVERYTHING] }, healthIntervalMs: 0 },
    memory: { name: 'memory', transport: { type: 'stdio' as const, command: node, args: [MEMORY], env: { MEMORY_FILE_PATH: path.join(t.dataDir, 'memory.jsonl') } }, healthIntervalMs: 0 },
    counter: { name: 'counter', transport: { type: 'stdio' as const, command: node, args: [fixture('counter')], env: { COUNTER_FILE: counterFile } }, healthIntervalMs: 0 },
  };
  for (const name of which) await t.call('mcp.servers.add', { definition: definitions[name] });
  return { counterFile };
}

export function definition(connection: string, overrides: Partial<AgentDefinitionInput> = {}): AgentDefinitionInput {
  return { name: 'Helper', provider: { connection }, model: 'gpt-4o-mini', systemPrompt: 'You are a careful helper.', tools: [], ...overrides };
}

/** Creates a started agent and runs one task to its end (or its first approval). */
export async function runTask(t: AgentsHost, agent: string, task: string, options: { input?: unknown; untilApproval?: boolean } = {}) {
  const created = await t.call('agents.tasks.create', { agent, task, input: options.input });
  return t.call('agents.tasks.wait', { id: created.id, untilApproval: options.untilApproval ?? false, timeoutMs: 30_000 });
}

/** A loopback port nothing listens on (refused at once). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The stand-in provider for a whole test file, handed over once started and closed after the file. */
export function useStandInProvider(started: (provider: LlmProvider) => void): void {
  let provider: LlmProvider | undefined;
  beforeAll(async () => started((provider = await startLlmProvider())));
  afterAll(() => provider?.close());
}

/** Disposes the test's host (if it opened one) after each test. */
export function disposeAfterEach(current: () => AgentsHost | undefined): void {
  afterEach(async () => {
    await current()?.host.dispose();
  });
}
