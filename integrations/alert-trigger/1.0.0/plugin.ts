import { main, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';

/** `{ event: 'fired' | 'resolved' | 'test', alert: { id, title, severity, rule, subject, value, threshold, firedAt, … } }`. */
export const nodes: NodePlugin['nodes'] = {
  trigger: { run: (ctx) => main([{ json: (ctx.execution.payload ?? {}) as JsonObject }]) },
};
