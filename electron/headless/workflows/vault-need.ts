import type { WorkflowDocument } from '../../../shared/workflow/document';
import type { VaultNeed } from '../vault-unlock';
import { mentionsSecrets } from '../vault-unlock';

/** Node types whose steps may read the vault without saying so in the document: MCP servers' environments, other workflows. */
const INDIRECT = ['mcp-tool.', 'sub-workflow.'];

/**
 * Whether running a workflow may need the vault: `{{ secrets.… }}`, credential slots, a
 * connection, or a step whose server or sub-workflow may use secrets. Then a person at a
 * terminal is asked for the passphrase when neither the environment nor the vault gives it.
 */
export function vaultNeedOf(document: WorkflowDocument): VaultNeed | undefined {
  const uses = mentionsSecrets(document) || document.nodes.some((node) => (node.credentials && Object.keys(node.credentials).length > 0) || node.connection || INDIRECT.some((prefix) => node.type.startsWith(prefix)));
  return uses ? 'ask' : undefined;
}
