import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/main/services/host';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { startLlmProvider, type LlmProvider } from '../fixtures/llm-provider';
import { PROVIDER_KEY } from '../helpers/agents';
import { removeTeamDataDirs, startTeamBackend, teamInstance, waitUntil, type TeamBackend } from '../helpers/team';

/**
 * Agents shared with a team: two Echelon instances syncing through the real supabase-js, the
 * Supabase stand-in and a real PostgreSQL with the team migrations and their RLS.
 */

let backend: TeamBackend;
let provider: LlmProvider;
let ada: Host;
let bob: Host;

async function call<M extends MethodName>(host: Host, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await host.router.call(method, input, { caller: 'test' });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data as MethodOutput<M>;
}

const definitionOn = (host: Host, id: string) => host.agents.shared(id);

beforeAll(async () => {
  provider = await startLlmProvider({ apiKey: PROVIDER_KEY });
  backend = await startTeamBackend();
  for (const email of ['ada@example.com', 'bob@example.com']) await backend.standIn.auth.createUser(email, 'correct horse');
  ada = await teamInstance(backend, 'ada@example.com');
  await ada.team.createOrganization('Acme');
  const invitation = await ada.team.invite('bob@example.com', 'agent_manager');
  bob = await teamInstance(backend, 'bob@example.com');
  await bob.team.acceptInvitation(invitation.id);
}, 90_000);

afterAll(async () => {
  await bob?.dispose();
  await ada?.dispose();
  await backend?.stop();
  await provider?.close();
  removeTeamDataDirs();
});

describe('agents shared with a team', () => {
  it('shares a definition with its provider connection by name, each edit as a new version, and a deletion', async () => {
    // The connection is shared by name (its key stays in each person's vault); its ids differ.
    const connection = await call(ada, 'integrations.connections.create', { pluginId: 'openai-compatible', name: 'Team model', config: { baseUrl: provider.openaiUrl }, auth: { type: 'bearer', token: PROVIDER_KEY } as never });
    const saved = await call(ada, 'agents.save', { definition: { name: 'Researcher', provider: { connection: connection.id }, model: 'gpt-4o-mini', systemPrompt: 'Find sources.', tools: [] } });
    const onBob = await waitUntil(() => definitionOn(bob, saved.id), 'the agent to reach bob', 20_000);
    expect(onBob).toMatchObject({ name: 'Researcher', model: 'gpt-4o-mini', systemPrompt: 'Find sources.', provider: { connection: 'Team model' } });
    expect(bob.agents.agents.require(saved.id)).toMatchObject({ currentVersion: 1, desiredState: 'inactive' });

    // Bob's edit is a new version on both sides; ada keeps her connection by id.
    await call(bob, 'agents.save', { id: saved.id, definition: { ...onBob, systemPrompt: 'Find primary sources.' } });
    await waitUntil(() => definitionOn(ada, saved.id)?.systemPrompt === 'Find primary sources.', 'bob\'s edit to reach ada', 20_000);
    expect(ada.agents.agents.require(saved.id).currentVersion).toBe(2);
    expect(ada.agents.agents.definition(saved.id, 1).provider).toEqual({ connection: connection.id });
    await waitUntil(() => ada.team.syncStatus().pending === 0 && bob.team.syncStatus().pending === 0, 'both outboxes to empty');
    expect(bob.agents.agents.require(saved.id).currentVersion).toBe(2);
    expect(ada.team.conflicts()).toEqual([]);
    expect(ada.team.audit.list('agent.create', 10, 0).entries.map((entry) => entry.subjectName)).toContain('Researcher');

    await call(ada, 'agents.remove', { agent: saved.id });
    await waitUntil(() => definitionOn(bob, saved.id) === undefined, 'the deletion to reach bob', 20_000);
  });

  it('publishes a finished task as a summary, never its task text or answer', async () => {
    await ada.engine.start({ owner: 'test', recover: false, webhookPort: false });
    ada.agents.start();
    provider.setScript(() => ({ text: 'The secret plan is ready.', usage: { input: 12, output: 6 } }));
    ada.vault.set({ name: 'TEAM_KEY', value: { kind: 'secret', value: PROVIDER_KEY } }, { kind: 'test', id: 'agents-team' });
    const saved = await call(ada, 'agents.save', { definition: { name: 'Planner', provider: { kind: 'openai-compatible', baseUrl: provider.openaiUrl, apiKey: '{{ secrets.TEAM_KEY }}' }, model: 'gpt-4o-mini', systemPrompt: 'Plan.', tools: [] } });
    await call(ada, 'agents.start', { agent: saved.id });
    const task = await call(ada, 'agents.tasks.create', { agent: saved.id, task: 'Draft the launch plan' });
    expect((await call(ada, 'agents.tasks.wait', { id: task.id, timeoutMs: 30_000, untilApproval: false })).state).toBe('completed');

    const summary = await waitUntil(() => bob.team.runs(20).find((run) => run.subjectName === 'Planner'), 'the task summary to reach bob', 20_000);
    expect(summary).toMatchObject({ kind: 'agent_task', status: 'completed' });
    const client = new pg.Client({ connectionString: backend.databaseUrl });
    await client.connect();
    const published = await client.query('select agent_id, status, data::text as data from public.agent_task_summaries where agent_name = $1', ['Planner']).finally(() => client.end());
    expect(published.rows).toEqual([{ agent_id: saved.id, status: 'completed', data: '{}' }]);
    expect(JSON.stringify(published.rows)).not.toMatch(/launch plan|secret plan/);
  });
});
