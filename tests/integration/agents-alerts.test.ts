import { describe, expect, it } from 'vitest';
import type { LlmProvider } from '../fixtures/llm-provider';
import { alertCounts } from '../helpers/alerts';
import { waitUntil } from '../helpers/api';
import { agentsHost, type AgentsHost, connectProvider, definition, disposeAfterEach, runTask, useStandInProvider } from '../helpers/agents';

let provider: LlmProvider;
let t: AgentsHost | undefined;

useStandInProvider((started) => (provider = started));
disposeAfterEach(() => t);

const FAILING = 'rule-agent-failing';
const DEAD_LETTER = 'rule-agent-dead-letter';

async function startedAgent(host: AgentsHost, name: string) {
  const connection = await connectProvider(host, provider);
  const agent = await host.call('agents.save', { definition: { ...definition(connection, { name }), retry: { maxAttempts: 1, backoffSeconds: 1 } } });
  await host.call('agents.start', { agent: agent.id });
  await waitUntil(async () => ((await host.call('agents.get', { agent: agent.id })).status === 'running' ? true : undefined));
  return agent.id;
}

async function run(host: AgentsHost, agent: string, count: number, outcome: 'fail' | 'succeed') {
  provider.setScript(() => (outcome === 'fail' ? { status: 400, error: 'This model is not available to your key.' } : { text: 'Done.' }));
  for (let i = 0; i < count; i++) expect((await runTask(host, agent, `${outcome} ${i}`)).state).toBe(outcome === 'fail' ? 'failed' : 'completed');
}

describe('agents in the alert rules', () => {
  it('registers agent kinds of rule, and the shipped rules fire once for a failing agent and resolve once', async () => {
    t = await agentsHost();
    const host = t.host;
    expect(host.alerts.kinds().map((kind) => kind.kind)).toEqual(expect.arrayContaining(['agent_failure_rate', 'agent_failure_count', 'agent_p95_duration', 'agent_dead_letter', 'agent_queue_depth']));
    expect(host.alerts.rules.find(FAILING)).toMatchObject({ kind: 'agent_failure_rate', enabled: true, threshold: 0.5, minSamples: 3 });
    const agent = await startedAgent(t, 'Triage');

    await run(t, agent, 2, 'fail');
    expect(alertCounts(host, FAILING)).toEqual({ firing: 0, resolved: 0 });
    await run(t, agent, 1, 'fail');
    // The service evaluates by itself as tasks finish: no call to evaluate() needed to see it fire.
    await waitUntil(() => host.alerts.list({ status: 'firing', ruleId: FAILING, limit: 5 }).items[0]);
    const [alert] = host.alerts.list({ status: 'all', ruleId: FAILING, limit: 5 }).items;
    expect(alert).toMatchObject({ title: 'Agent failing: Triage', severity: 'critical', subjectKey: `agent:${agent}`, value: 1 });
    expect(alert!.message).toContain('3 of 3 tasks did not complete');

    await run(t, agent, 2, 'fail');
    expect(alertCounts(host, FAILING)).toEqual({ firing: 1, resolved: 0 });
    // 5 failed of 11: under half, so it resolves.
    await run(t, agent, 6, 'succeed');
    expect(alertCounts(host, FAILING)).toEqual({ firing: 0, resolved: 1 });
    expect(alertCounts(host, FAILING)).toEqual({ firing: 0, resolved: 1 });
    const told = (event: 'alerts.fired' | 'alerts.resolved') => t!.seen(event).filter((payload) => payload.title === 'Agent failing: Triage');
    expect(told('alerts.fired')).toHaveLength(1);
    expect(told('alerts.resolved')).toHaveLength(1);

    // The five failed tasks wait on the dead-letter list: one alert, resolved once the list is cleared.
    expect(alertCounts(host, DEAD_LETTER)).toEqual({ firing: 1, resolved: 0 });
    expect(host.alerts.list({ status: 'firing', ruleId: DEAD_LETTER, limit: 5 }).items[0]).toMatchObject({ title: 'Agent task on the dead-letter list: Triage', subjectKey: `agent:${agent}` });
    for (const task of await t.call('agents.tasks.list', { deadLetter: true })) await t.call('agents.tasks.discard', { id: task.id });
    expect(alertCounts(host, DEAD_LETTER)).toEqual({ firing: 0, resolved: 1 });
  }, 60_000);

  it('measures a deleted agent no more, and respects a shipped rule a person deleted', async () => {
    t = await agentsHost();
    const { dataDir } = t;
    const agent = await startedAgent(t, 'Doomed');
    await run(t, agent, 3, 'fail');
    expect(alertCounts(t.host, FAILING)).toEqual({ firing: 1, resolved: 0 });
    await t.call('agents.remove', { agent });
    expect(alertCounts(t.host, FAILING)).toEqual({ firing: 0, resolved: 1 });

    expect(await t.call('alerts.rules.delete', { id: FAILING })).toEqual({ deleted: true });
    await t.host.dispose();
    t = await agentsHost({ dataDir });
    expect(t.host.alerts.rules.find(FAILING)).toBeUndefined();
    expect(t.host.alerts.rules.find(DEAD_LETTER)).toBeDefined();
  }, 60_000);
});
