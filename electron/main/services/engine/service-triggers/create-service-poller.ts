import type Database from 'better-sqlite3';
import type { PollResult } from '../../../../../shared/integrations/service-triggers';
import { splitType, type NodeTypes } from '../node-types';
import type { IntegrationRunner } from '../ports';
import { ServicePoller, type PolledNode } from './service-poller';

export interface ServicePollerDeps {
  nodeTypes: NodeTypes;
  integrations?: IntegrationRunner;
  /** Starts a run of the trigger node with these events; resolves once it is stored. */
  fire(target: PolledNode, items: Record<string, unknown>[], polledAt: number): Promise<void>;
  log(message: string): void;
}

/** The engine's poller of API integrations' triggers, asking each through the integrations layer. */
export function createServicePoller(db: Database.Database, deps: ServicePollerDeps): ServicePoller {
  const spec = (node: PolledNode['node']) => deps.nodeTypes.spec(node.type, node.typeVersion);
  return new ServicePoller(db, {
    polls: (node) => {
      const found = spec(node);
      if (!found?.isTrigger || found.plugin.type !== 'api') return false;
      const delivery = (found.definition as { delivery?: (parameters: Record<string, unknown>) => string }).delivery;
      return (delivery?.(node.parameters) ?? 'poll') === 'poll';
    },
    poll: async ({ node }, cursor, signal) => {
      if (!deps.integrations?.runTrigger) throw new Error('the integrations layer is not available');
      const found = spec(node)!;
      const result = await deps.integrations.runTrigger({
        plugin: found.plugin.id,
        version: found.version,
        trigger: splitType(node.type).item,
        parameters: node.parameters,
        connectionId: node.connection,
        event: { type: 'poll', cursor, sample: false },
        signal,
      });
      return result as PollResult;
    },
    fire: deps.fire,
    log: deps.log,
  });
}
