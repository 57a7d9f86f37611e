import type { z } from 'zod';
import { main, NodeError, type Item, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { McpToolParameters } from './manifest';

export const nodes: NodePlugin['nodes'] = {
  call: {
    async run(ctx) {
      const out: Item[] = [];
      const count = Math.max(1, ctx.input.length);
      for (let i = 0; i < count; i++) {
        const params = ctx.params<z.infer<typeof McpToolParameters>>(i);
        const result = await ctx.services.mcp.callTool({
          server: params.server,
          tool: params.tool,
          args: params.arguments,
          caller: { kind: 'workflow', workflowId: ctx.execution.workflowId, executionId: ctx.execution.id, nodeId: ctx.node.id },
          signal: ctx.signal,
        });
        if (result.isError) {
          const text = result.content.map((part) => (typeof part.text === 'string' ? part.text : '')).join(' ').trim();
          throw new NodeError(`${params.server}/${params.tool} returned an error${text ? `: ${text}` : ''}`, 'tool_error');
        }
        const json: JsonObject = { content: result.content as JsonObject[keyof JsonObject] };
        if (result.structuredContent) json.structuredContent = result.structuredContent as JsonObject;
        out.push({ json, pairedItem: { item: i } });
      }
      return main(out);
    },
  },
};
