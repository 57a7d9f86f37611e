import { fillFromAi, fromAiSchema } from '../../../../../shared/agents/from-ai';
import type { ActionTool, CallToolResult } from '../../../../../shared/contract';
import type { IntegrationsService } from '../../integrations/integrations-service';
import type { InvokeTool } from '../run/agent-tools';

const MAX_RESULT_CHARS = 60_000;

/** The model's arguments: the `$fromAI()` values of the action's parameters. */
export const actionToolSchema = (tool: ActionTool) => fromAiSchema(tool.parameters);

/**
 * An integration action the model runs (n8n's Gmail tool, Google Sheets tool…) on its
 * connection, through the integrations layer like the same action in a workflow. A failure
 * comes back as a tool error, so the model can adjust.
 */
export function actionToolInvoker(tool: ActionTool, integrations: IntegrationsService): InvokeTool {
  const [plugin, action] = tool.action.split('.') as [string, string];
  return async (args, { signal }): Promise<CallToolResult> => {
    const connections = integrations.connections.list().filter((connection) => connection.pluginId === plugin);
    const connection = tool.connection ? connections.find((candidate) => candidate.id === tool.connection || candidate.name.toLowerCase() === tool.connection!.toLowerCase()) : connections.length === 1 ? connections[0] : undefined;
    if (!connection) {
      const wanted = tool.connection ? `a ${plugin} connection named "${tool.connection}"` : `one ${plugin} connection (there are ${connections.length})`;
      return { isError: true, content: [{ type: 'text', text: `The tool needs ${wanted}: create it on the Integrations page.` }] };
    }
    try {
      const result = await integrations.runAction(plugin, tool.version, action, fillFromAi(tool.parameters, args), { connectionId: connection.id, signal });
      const text = JSON.stringify(result ?? null);
      return { content: [{ type: 'text', text: text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS)}\n[cut: ${text.length} characters]` : text }] };
    } catch (error) {
      return { isError: true, content: [{ type: 'text', text: (error as Error).message }] };
    }
  };
}
