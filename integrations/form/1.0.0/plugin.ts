import { main, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';

export const nodes: NodePlugin['nodes'] = {
  /** As n8n's form trigger gives it: one field per question (by its label), then when and how it was sent. */
  trigger: {
    run(ctx) {
      const payload = (ctx.execution.payload ?? {}) as { fields?: JsonObject; submittedAt?: string };
      return main([{ json: { ...(payload.fields ?? {}), submittedAt: payload.submittedAt ?? new Date().toISOString(), formMode: 'production' } }]);
    },
  },
};
