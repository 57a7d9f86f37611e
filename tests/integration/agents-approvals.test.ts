import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byTask, sequence, type LlmProvider } from '../fixtures/llm-provider';
import type { AgentDefinitionInput } from '../../shared/contract';
import { addServers, type AgentsHost, agentsHost, connectProvider, definition, disposeAfterEach, runTask, useStandInProvider } from '../helpers/agents';

let provider: LlmProvider;
let t: AgentsHost;
let counterFile: string;

useStandInProvider((started) => (provider = started));
disposeAfterEach(() => t);

const increments = () => (fs.existsSync(counterFile) ? fs.readFileSync(counterFile, 'utf8').split('\n').filter((line) => line === 'increment').length : 0);
const toolResults = () => provider.requests.at(-1)!.messages.filter((message) => message.role === 'tool').flatMap((message) => message.toolResults.map((result) => result.content));

async function agentAsking(approval: NonNullable<AgentDefinitionInput['tools']>, options: { dataDir?: string; windowFocused?: () => boolean } = {}) {
  t = await agentsHost(options);
  const connection = await connectProvider(t, provider);
  ({ counterFile } = await addServers(t, ['counter']));
  const agent = await t.call('agents.save', { definition: definition(connection, { name: 'Careful', tools: approval }) });
  await t.call('agents.start', { agent: agent.id });
  return agent.id;
}

const twoTurns = sequence({ text: 'I will count.', toolCalls: [{ name: 'counter__increment', arguments: { by: 1 } }] }, { text: 'Done.' });

describe('approvals', () => {
  it('pauses on a call that needs approval; approving runs the real tool and the model gets its result', async () => {
    const agent = await agentAsking([{ server: 'counter', tool: 'increment', approval: { mode: 'always' } }], { windowFocused: () => false });
    provider.setScript(twoTurns);
    const waiting = await runTask(t, agent, 'Count once', { untilApproval: true });
    expect(waiting).toMatchObject({ state: 'awaiting_approval', status: 'waiting for approval' });
    expect(waiting.pendingApproval).toMatchObject({ server: 'counter', tool: 'increment', arguments: { by: 1 }, agentName: 'Careful', task: 'Count once' });
    expect(increments()).toBe(0);
    // The inbox lists it, the event went out, and a desktop notification too (headless: the activity log).
    expect(await t.call('agents.approvals.list', {})).toEqual([waiting.pendingApproval]);
    expect(t.seen('agents.approval.requested')).toEqual([waiting.pendingApproval]);
    expect((await t.call('app.activity', { limit: 50 })).some((entry) => entry.source === 'notification' && entry.message.includes('Careful needs an approval'))).toBe(true);

    await t.call('agents.approvals.decide', { taskId: waiting.id, approve: true });
    const done = await t.call('agents.tasks.wait', { id: waiting.id, timeoutMs: 20_000 });
    expect(done).toMatchObject({ state: 'completed', answer: 'Done.' });
    expect(increments()).toBe(1);
    expect(toolResults()).toEqual(['counter is now 1']);
    expect(done.timeline.map((step) => `${step.kind}:${step.status}`)).toEqual(['model:ok', 'approval:approved', 'tool:ok', 'model:ok']);
    const events = await t.call('agents.events.list', { limit: 20 });
    expect(events.find((event) => event.kind === 'approval.approved')).toMatchObject({ message: 'counter__increment approved by a test.', correlationId: done.correlationId });
  });

  it('denying sends the reason to the model as the tool result, and the tool never runs', async () => {
    const agent = await agentAsking([{ server: 'counter', tool: 'increment', approval: { mode: 'always' } }]);
    provider.setScript(twoTurns);
    const waiting = await runTask(t, agent, 'Count once', { untilApproval: true });
    await t.call('agents.approvals.decide', { taskId: waiting.id, approve: false, reason: 'Not on a Friday.' });
    const done = await t.call('agents.tasks.wait', { id: waiting.id, timeoutMs: 20_000 });
    expect(done).toMatchObject({ state: 'completed' });
    expect(increments()).toBe(0);
    expect(toolResults().join('\n')).toContain('Not on a Friday.');
    expect(done.timeline.find((step) => step.kind === 'approval')).toMatchObject({ status: 'denied', reason: 'Not on a Friday.' });
  });

  it('asks only when the arguments match a rule', async () => {
    const agent = await agentAsking([{ server: 'counter', tool: 'increment', approval: { mode: 'rules', rules: [{ argument: 'by', operator: 'greaterThan', value: 10 }] } }]);
    provider.setScript(
      byTask({
        small: [{ toolCalls: [{ name: 'counter__increment', arguments: { by: 1 } }] }, { text: 'small done' }],
        big: [{ toolCalls: [{ name: 'counter__increment', arguments: { by: 100 } }] }, { text: 'big done' }],
      }),
    );
    expect(await runTask(t, agent, 'small')).toMatchObject({ state: 'completed', answer: 'small done' });
    expect(await runTask(t, agent, 'big', { untilApproval: true })).toMatchObject({ state: 'awaiting_approval' });
    expect(increments()).toBe(1);
  });

  it('keeps a pending approval across a restart, and continues once approved', async () => {
    const agent = await agentAsking([{ server: 'counter', tool: 'increment', approval: { mode: 'always' } }]);
    provider.setScript(twoTurns);
    const waiting = await runTask(t, agent, 'Count once', { untilApproval: true });
    const dataDir = t.dataDir;
    await t.host.dispose();

    t = await agentsHost({ dataDir });
    const inbox = await t.call('agents.approvals.list', {});
    expect(inbox).toEqual([waiting.pendingApproval]);
    await expect.poll(async () => (await t.call('agents.get', { agent })).status, { timeout: 10_000 }).toBe('running');
    await t.call('agents.approvals.decide', { taskId: waiting.id, approve: true, reason: 'Go ahead.' });
    const done = await t.call('agents.tasks.wait', { id: waiting.id, timeoutMs: 20_000 });
    expect(done).toMatchObject({ state: 'completed', answer: 'Done.' });
    expect(increments()).toBe(1);
    expect(toolResults()).toEqual(['counter is now 1']);
  });

  it('refuses a decision on a task that is not waiting', async () => {
    const agent = await agentAsking([{ server: 'counter', tool: 'peek' }]);
    provider.setScript(sequence({ text: 'Nothing to do.' }));
    const done = await runTask(t, agent, 'Idle');
    expect(await t.attempt('agents.approvals.decide', { taskId: done.id, approve: true })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: `Task ${done.id} is not waiting for an approval (it is completed).` },
    });
  });
});
