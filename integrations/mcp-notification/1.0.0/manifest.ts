import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const McpNotificationParameters = z.object({
  /** The managed MCP server's name. */
  server: z.string().min(1),
  /** Notification method, e.g. `notifications/resources/updated`; a trailing `*` matches a prefix. */
  method: z.string().min(1).default('*'),
});

export default definePlugin({
  id: 'mcp-notification',
  name: 'MCP notification',
  version: '1.0.0',
  description: 'Runs when a managed MCP server sends a notification (resource updated, list changed, ...).',
  category: 'Triggers',
  icon: 'bell-ring',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [],
  triggers: [{ id: 'trigger', name: 'MCP notification', description: 'Runs on a notification from a managed MCP server.', parameters: McpNotificationParameters }],
});
