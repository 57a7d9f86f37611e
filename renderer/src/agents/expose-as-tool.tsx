import { Wrench } from 'lucide-react';
import { workflowToolName } from '../../../shared/agents/definition';
import type { WorkflowDocument } from '../../../shared/workflow/document';

/**
 * Offers the workflow as a tool (`workflows__NAME`) to AI clients through the MCP gateway and to
 * agents; its input is the manual trigger's form. A toggle in the editor's toolbar.
 */
export function ExposeAsToolToggle({ document, onChange }: { document: WorkflowDocument; onChange(document: WorkflowDocument, label: string): void }) {
  const exposed = document.settings?.exposeAsTool;
  const name = exposed?.name ?? workflowToolName(document.name);
  const toggle = () => {
    const { exposeAsTool: _previous, ...settings } = document.settings ?? {};
    onChange({ ...document, settings: exposed ? settings : { ...settings, exposeAsTool: {} } }, exposed ? 'Stop offering as a tool' : 'Offer as a tool');
  };
  return (
    <button
      type="button"
      className="button"
      aria-pressed={!!exposed}
      onClick={toggle}
      title={exposed ? `Offered to AI clients and agents as workflows__${name} (its input: the manual trigger's form). Click to stop.` : 'Offer this workflow as a tool to AI clients (the MCP gateway) and to agents; its input is the manual trigger\'s form.'}
      aria-label={exposed ? `Tool: ${name}` : 'Offer as a tool'}
      data-testid="expose-as-tool"
    >
      <Wrench size={15} aria-hidden /> <span className="button-label">{exposed ? `Tool: ${name}` : 'Offer as a tool'}</span>
    </button>
  );
}
