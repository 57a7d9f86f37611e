import type { Engine } from '../../engine/engine';
import type { McpService } from '../../mcp/mcp-service';
import type { Store } from '../../store/store';
import { SyncRegistry } from '../registry';
import type { SyncStore } from '../sync-store';
import { integrationKind, mcpServerKind } from './definition-kinds';
import { agentTaskSummaryKind, executionSummaryKind } from './run-summary-kinds';
import { workflowKind } from './workflow-kind';

export interface TeamKindDeps {
  store: Store;
  local: SyncStore;
  engine: Engine;
  mcp: McpService;
  redact: (text: string) => string;
  log: (message: string) => void;
}

/**
 * Everything team sync carries. A new kind is one more `register` line here (an agent
 * definition: `agentKind(...)` over the agents table, with `table: 'agents'`).
 */
export function teamKinds(deps: TeamKindDeps): SyncRegistry {
  return new SyncRegistry()
    .register(workflowKind(deps.engine.workflows, (ids) => deps.engine.workflowsChanged(ids), deps.log))
    .register(integrationKind(deps.store.db, deps.store.changes))
    .register(mcpServerKind(deps.store.db, deps.mcp, deps.log))
    .register(executionSummaryKind(deps.store.db, deps.local, deps.store.changes, deps.redact))
    .register(agentTaskSummaryKind(deps.store.db, deps.local, deps.store.changes));
}
