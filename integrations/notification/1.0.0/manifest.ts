import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const NotificationParameters = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(2000).default(''),
});

export default definePlugin({
  id: 'notification',
  name: 'Desktop notification',
  version: '1.0.0',
  description: 'Shows a desktop notification (headless: writes it to the activity log), once per run.',
  category: 'Actions',
  icon: 'bell',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [{ id: 'show', name: 'Desktop notification', description: 'Shows a notification built from the first item.', parameters: NotificationParameters, sideEffects: true, recovery: 'retry' }],
  triggers: [],
});
