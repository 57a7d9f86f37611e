import { newWorkflowId } from '../../main/services/engine/workflows/workflow-id';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDocument, type WorkflowNode } from '../../../shared/workflow/document';

export const STARTER_TRIGGERS = ['manual', 'webhook', 'schedule'] as const;
export type StarterTrigger = (typeof STARTER_TRIGGERS)[number];

export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workflow';
}

function triggerNode(name: string, trigger: StarterTrigger): WorkflowNode {
  const base = { id: 'start', typeVersion: '1.0.0', position: { x: 0, y: 0 } };
  switch (trigger) {
    case 'manual':
      return { ...base, type: 'manual.trigger', name: 'Start', parameters: {} };
    case 'webhook':
      // Answers the request with the last step's output.
      return { ...base, type: 'webhook.trigger', name: 'Webhook', parameters: { path: slug(name), method: 'POST', respond: 'lastNode' } };
    case 'schedule':
      return { ...base, type: 'schedule.trigger', name: 'Every hour', parameters: { cron: '0 0 * * * *' } };
  }
}

/** Where the trigger puts what a person would greet: the run's input, the request body, or nobody. */
const WHO: Record<StarterTrigger, string> = {
  manual: '{{ $json.name ?? "world" }}',
  webhook: '{{ $json.body.name ?? "world" }}',
  schedule: '{{ $now.toISO() }}',
};

/**
 * A small valid workflow to start from: the chosen trigger, then one step that sets a field.
 * It carries its id, so importing or running the file again updates the same workflow.
 */
export function starterWorkflow(name: string, trigger: StarterTrigger): WorkflowDocument {
  const greeting = trigger === 'schedule' ? `It is ${WHO.schedule}` : `Hello ${WHO[trigger]}`;
  return {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    id: newWorkflowId(),
    name,
    nodes: [
      triggerNode(name, trigger),
      {
        id: 'greet',
        type: 'transform.edit',
        typeVersion: '1.0.0',
        name: 'Say hello',
        position: { x: 320, y: 0 },
        parameters: { fields: [{ name: 'greeting', value: greeting }] },
      },
    ],
    edges: [{ from: { node: 'start', output: 'main' }, to: { node: 'greet', input: 'main' } }],
    settings: {},
  };
}
