import { main, type NodePlugin } from '../../../electron/main/services/engine/node-api';

export const nodes: NodePlugin['nodes'] = { pass: { run: (ctx) => main(ctx.input) } };
