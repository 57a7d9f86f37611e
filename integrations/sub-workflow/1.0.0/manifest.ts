import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const SubWorkflowParameters = z.object({
  /** The workflow to run (its id here, or the id it had in n8n). */
  workflowId: z.string().min(1),
  /** `once`: one run with every item; `each`: one run per item. */
  mode: z.enum(['once', 'each']).default('once'),
});

export default definePlugin({
  id: 'sub-workflow',
  name: 'Sub-workflow',
  version: '1.0.0',
  description: 'Runs another workflow with the items and continues with what its last node returned (n8n Execute Workflow).',
  category: 'Flow',
  icon: 'workflow',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'execute',
      name: 'Run sub-workflow',
      description: 'Runs a workflow as a child of this run and waits for it.',
      parameters: SubWorkflowParameters,
      sideEffects: true,
      // A resumed parent finds the child it already started (by idempotency key) instead of starting another.
      recovery: 'retry',
    },
  ],
  triggers: [],
});
