import type { z } from 'zod';
import { appEvents, appMethods } from './app';
import { draftsMethods } from './drafts';
import { integrationsMethods } from './integrations';
import { mcpEvents, mcpMethods } from './mcp';
import { preferencesEvents, preferencesMethods } from './preferences';
import { vaultEvents, vaultMethods } from './vault';
import { executionsEvents, executionsMethods } from './executions';
import { workflowsEvents, workflowsMethods } from './workflows';
import { alertsEvents, alertsMethods } from './alerts';
import { observabilityMethods } from './observability';
import { sshMethods } from './ssh';
import { desktopEvents, desktopMethods } from './desktop';
import { teamEvents, teamMethods } from './team';
import { insightsMethods } from './insights';
import { agentsEvents, agentsMethods } from './agents';
import { workersMethods } from './workers';

export * from './errors';
export * from './define';
export * from './app';
export * from './preferences';
export * from './drafts';
export * from './vault';
export * from './integrations';
export * from './mcp';
export * from './workflows';
export * from './executions';
export * from './alerts';
export * from './observability';
export * from './workers';
export * from './ssh';
export * from './desktop';
export * from './team';
export * from './insights';
export * from './agents';

/** Every method the renderer may call. Transports and the router are generic over this object. */
export const contract = {
  ...appMethods,
  ...preferencesMethods,
  ...draftsMethods,
  ...vaultMethods,
  ...integrationsMethods,
  ...mcpMethods,
  ...workflowsMethods,
  ...executionsMethods,
  ...alertsMethods,
  ...observabilityMethods,
  ...sshMethods,
  ...desktopMethods,
  ...teamMethods,
  ...insightsMethods,
  ...workersMethods,
  ...agentsMethods,
};

/** Every event the renderer may receive. */
export const events = {
  ...appEvents,
  ...preferencesEvents,
  ...vaultEvents,
  ...mcpEvents,
  ...workflowsEvents,
  ...executionsEvents,
  ...alertsEvents,
  ...desktopEvents,
  ...teamEvents,
  ...agentsEvents,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
