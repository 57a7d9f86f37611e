import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const McpToolParameters = z.object({
  /** The managed MCP server's name. */
  server: z.string().min(1),
  tool: z.string().min(1),
  /** Tool arguments; values may be expressions (`{{ $json.path }}`). */
  arguments: z.record(z.string(), z.unknown()).default({}),
});

export default definePlugin({
  id: 'mcp-tool',
  name: 'MCP tool call',
  version: '1.0.0',
  description: 'Calls a tool of a managed MCP server, once per item.',
  category: 'Actions',
  icon: 'wrench',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'call',
      name: 'Call MCP tool',
      description: 'Calls a tool with arguments built from the item; the result becomes the item.',
      parameters: McpToolParameters,
      sideEffects: true,
      // A tool call cannot be recognised as a repeat by the server: ask a person after a crash.
      recovery: 'wait',
    },
  ],
  triggers: [],
});
