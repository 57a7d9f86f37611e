import type { z } from 'zod';
import { main, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { NotificationParameters } from './manifest';

export const nodes: NodePlugin['nodes'] = {
  show: {
    run(ctx) {
      const params = ctx.params<z.infer<typeof NotificationParameters>>();
      ctx.services.notifier.notify({ title: params.title, body: params.body, source: `workflow ${ctx.execution.workflowName}` });
      return main(ctx.input);
    },
  },
};
