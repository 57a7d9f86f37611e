import { AgentDefinition } from '../../../../../shared/contract';
import { stableStringify } from '../../../../../shared/workflow/serialize';
import type { AgentsService } from '../../agents/agents-service';
import type { Json } from '../merge/three-way';
import type { SyncKind } from './sync-kind';

/**
 * Agent definitions: the current version, with its provider's connection by name (teammates'
 * connections share names, not ids) and its key as a vault reference. A team change saves a
 * new local version, which the agent's next task uses; starting and stopping stay per computer.
 */
export function agentKind(agents: AgentsService, log: (message: string) => void = () => {}): SyncKind {
  return {
    kind: 'agent',
    table: 'agents',
    columns: ['name', 'definition'],
    strategy: 'merge',
    local: {
      table: 'agents',
      key: (row) => `${row}.id`,
      columns: ['name', 'current_version'],
      auditName: (row) => `${row}.name`,
    },
    read(id) {
      const definition = agents.shared(id);
      return definition ? { name: definition.name, definition: definition as unknown as Json } : undefined;
    },
    apply(id, row) {
      if (!row) {
        if (agents.shared(id)) void agents.remove(id).catch((error: unknown) => log(`Removing agent ${id} (deleted by the team) failed: ${String(error)}`));
        return;
      }
      const parsed = AgentDefinition.safeParse({ ...(row.definition as object), name: row.name });
      if (!parsed.success) {
        log(`A team change to agent ${String(row.name)} was not applied: ${parsed.error.issues[0]?.message}.`);
        return;
      }
      const current = agents.shared(id);
      if (current && stableStringify(current) === stableStringify(parsed.data)) return;
      try {
        agents.receive(id, parsed.data);
      } catch (error) {
        log(`A team change to agent ${parsed.data.name} was not applied: ${(error as Error).message}`);
      }
    },
    name: (row, id) => (typeof row?.name === 'string' ? row.name : id),
    refuse: (row) => {
      const parsed = AgentDefinition.safeParse({ ...(row.definition as object), name: row.name });
      return parsed.success ? undefined : `It is not a valid agent (${parsed.error.issues[0]?.message}); only valid agents, their keys as vault references, are shared.`;
    },
    label: (path) => (path.length ? `Agent ${path.filter((part) => part !== 'definition').join('.')}` : 'The whole agent (deleted on one side)'),
  };
}
