import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export default definePlugin({
  id: 'alert-trigger',
  name: 'Alert trigger',
  version: '1.0.0',
  description: 'Starts a workflow when an alert fires or resolves: choose the workflow as an alert channel.',
  category: 'Triggers',
  icon: 'siren',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [],
  triggers: [
    {
      id: 'trigger',
      name: 'Alert trigger',
      description: 'Runs when an alert rule sending to this workflow fires or resolves; its output is the alert.',
      parameters: z.object({}),
    },
  ],
});
