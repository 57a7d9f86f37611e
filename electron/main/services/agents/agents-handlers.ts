import type { Handlers } from '../../../../shared/rpc/router';
import type { AgentsService } from './agents-service';

type AgentsMethod = Extract<keyof Handlers, `agents.${string}`>;

/** The contract's `agents.*` methods, each a thin call into the service. */
export function agentsHandlers(agents: AgentsService): Pick<Handlers, AgentsMethod> {
  return {
    'agents.list': () => agents.list(),
    'agents.get': ({ agent }) => agents.get(agent),
    'agents.save': ({ id, definition }) => agents.save(id, definition),
    'agents.remove': async ({ agent }) => ({ removed: await agents.remove(agent) }),
    'agents.start': ({ agent }) => agents.startAgent(agent),
    'agents.stop': ({ agent }) => agents.stopAgent(agent),
    'agents.pause': ({ agent }) => agents.pauseAgent(agent),
    'agents.resume': ({ agent }) => agents.resumeAgent(agent),
    'agents.templates': () => [...agents.templates()],
    'agents.checkProvider': ({ provider, model }, ctx) => agents.checks.provider(provider, model, ctx.signal),
    'agents.checkTools': ({ tools }) => agents.checks.tools(tools),
    'agents.checkDefinition': ({ definition, id }) => agents.checks.definition(definition, id),
    'agents.toolCatalog': () => agents.checks.catalog(),
    'agents.export': ({ agent }) => ({ json: agents.export(agent) }),
    'agents.import': ({ text }) => agents.import(text),
    'agents.tasks.create': (input) => agents.taskService.create(input),
    'agents.tasks.list': (filter) => agents.taskService.list(filter),
    'agents.tasks.get': ({ id }) => agents.taskService.get(id),
    'agents.tasks.wait': ({ id, untilApproval, timeoutMs }) => agents.taskService.wait(id, untilApproval, timeoutMs),
    'agents.tasks.cancel': ({ id }) => agents.taskService.cancel(id),
    'agents.tasks.retry': ({ id }) => agents.taskService.retry(id),
    'agents.tasks.discard': ({ id }) => agents.taskService.discard(id),
    'agents.approvals.list': ({ agent }) => agents.approvals.list(agent),
    'agents.approvals.decide': ({ taskId, approve, reason }, ctx) => agents.approvals.decide(taskId, approve, reason, ctx.caller),
    'agents.events.list': ({ agent, minSeverity, beforeId, limit }) => agents.events.list({ agentId: agent ? agents.agents.require(agent).id : undefined, minSeverity, beforeId, limit }),
    'agents.metrics': ({ agent, days }) => agents.metrics(agent, days),
    'agents.report': ({ agent, days }) => agents.report(agent, days),
    'agents.prices.list': () => agents.prices.list(),
    'agents.prices.set': (price) => agents.prices.set(price),
    'agents.prices.remove': ({ model }) => ({ removed: agents.prices.remove(model) }),
  };
}
