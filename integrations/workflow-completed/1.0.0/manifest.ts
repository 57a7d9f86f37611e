import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const WorkflowCompletedParameters = z.object({
  /** The workflow whose runs are watched. */
  workflowId: z.string().min(1),
  statuses: z.array(z.enum(['succeeded', 'failed', 'cancelled', 'crashed'])).min(1).default(['succeeded']),
});

export default definePlugin({
  id: 'workflow-completed',
  name: 'Workflow completed',
  version: '1.0.0',
  description: "Runs when another workflow's execution finishes with one of the chosen statuses.",
  category: 'Triggers',
  icon: 'check-circle',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [],
  triggers: [{ id: 'trigger', name: 'Workflow completed', description: 'Runs after another workflow finishes.', parameters: WorkflowCompletedParameters }],
});
