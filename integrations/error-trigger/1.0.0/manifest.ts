import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export default definePlugin({
  id: 'error-trigger',
  name: 'Error trigger',
  version: '1.0.0',
  description: 'Starts an error-handling workflow: set it as another workflow\'s error workflow.',
  category: 'Triggers',
  icon: 'triangle-alert',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [],
  triggers: [{ id: 'trigger', name: 'Error trigger', description: 'Runs when a workflow naming this one as its error workflow fails.', parameters: z.object({}) }],
});
