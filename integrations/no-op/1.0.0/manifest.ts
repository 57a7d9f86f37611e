import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export default definePlugin({
  id: 'no-op',
  name: 'No operation',
  version: '1.0.0',
  description: 'Passes its items on unchanged: a place to join branches or leave a note.',
  category: 'Flow',
  icon: 'arrow-right',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [{ id: 'pass', name: 'No operation', description: 'Passes items on unchanged.', parameters: z.object({}), sideEffects: false, kind: 'control' }],
  triggers: [],
});
