import { main, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';

export const nodes: NodePlugin['nodes'] = {
  trigger: { run: (ctx) => main([{ json: (ctx.execution.payload ?? {}) as JsonObject }]) },
};
