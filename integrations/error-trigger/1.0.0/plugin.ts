import { main, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';

/** n8n's shape: `{ execution: { id, error: { message }, lastNodeExecuted, mode }, workflow: { id, name } }`. */
export const nodes: NodePlugin['nodes'] = {
  trigger: { run: (ctx) => main([{ json: (ctx.execution.payload ?? {}) as JsonObject }]) },
};
