import { WORKFLOW_TOOL_SERVER, type AgentDefinition, type CallToolResult } from '../../../../../shared/contract';
import type { IntegrationsService } from '../../integrations/integrations-service';
import type { McpService } from '../../mcp/mcp-service';
import type { DescribedTool } from '../run/agent-tools';
import type { ToolHost } from '../run/task-run';
import { actionToolInvoker, actionToolSchema } from './action-tool';
import { builtinToolInvoker, builtinToolSchema, DEFAULT_DESCRIPTIONS, type RunCode } from './builtin-tools';
import { httpToolInvoker, httpToolSchema } from './http-tool';
import { answeringDescription, VECTOR_TOOL_SCHEMA, vectorStoreToolInvoker, type VectorStoreToolDeps } from './vector-store-tool';
import type { WorkflowTools } from './workflow-tools';

const RUNNING = new Set(['running', 'degraded']);

/**
 * Agents' tools through Echelon's MCP supervisor: a granted tool is looked up in its server's
 * catalog (the server is started when it is not running), and every call goes through
 * `McpService.callTool` as the caller `agent`, so it is journalled and redacted like any other.
 */
export function mcpToolHost(mcp: McpService, workflows: WorkflowTools, integrations: IntegrationsService, runCode: RunCode, vectorStores?: Omit<VectorStoreToolDeps, 'integrations'>): ToolHost {
  const viaSupervisor =
    (server: string, tool: string): DescribedTool['invoke'] =>
    async (args, { signal, timeoutMs }): Promise<CallToolResult> =>
      (await mcp.callTool({ server, tool, arguments: args, timeoutMs }, 'agent', { signal })).result;
  return {
    async describe(definition: AgentDefinition) {
      const tools: DescribedTool[] = [];
      const missing: string[] = [];
      const servers = [...new Set(definition.tools.map((grant) => grant.server))];
      const started = new Map<string, string | undefined>();
      await Promise.all(
        servers
          .filter((server) => server !== WORKFLOW_TOOL_SERVER || mcp.servers.find(server))
          .map(async (server) => {
            if (!mcp.servers.find(server)) return started.set(server, `no MCP server "${server}" is configured`);
            if (RUNNING.has(mcp.get(server).runtime.status)) return started.set(server, undefined);
            try {
              await mcp.start(server);
              started.set(server, undefined);
            } catch (error) {
              started.set(server, `its server "${server}" could not start: ${(error as Error).message}`);
            }
          }),
      );
      for (const grant of definition.tools) {
        if (grant.server === WORKFLOW_TOOL_SERVER && !mcp.servers.find(grant.server)) {
          const tool = workflows.listTools().find((candidate) => candidate.name === grant.tool);
          if (tool) tools.push({ grant, description: `[workflow] ${tool.description}`, inputSchema: tool.inputSchema, repeatable: false, invoke: viaSupervisor(grant.server, grant.tool) });
          else missing.push(`${grant.server}__${grant.tool}: no workflow is exposed as this tool`);
          continue;
        }
        const problem = started.get(grant.server);
        if (problem) {
          missing.push(`${grant.server}__${grant.tool}: ${problem}`);
          continue;
        }
        const tool = mcp.catalog(grant.server).tools.find((candidate) => candidate.name === grant.tool);
        if (!tool || !tool.enabled) {
          missing.push(`${grant.server}__${grant.tool}: ${tool ? 'switched off in Echelon' : `"${grant.server}" has no such tool`}`);
          continue;
        }
        const annotations = tool.annotations ?? {};
        tools.push({
          grant,
          description: `[${grant.server}] ${tool.description ?? tool.title ?? grant.tool}`,
          inputSchema: tool.inputSchema,
          repeatable: annotations.readOnlyHint === true || annotations.idempotentHint === true,
          invoke: viaSupervisor(grant.server, grant.tool),
        });
      }
      for (const grant of definition.workflowTools) {
        const workflow = workflows.describe(grant.workflowId);
        if (!workflow) {
          missing.push(`${grant.name}: no workflow "${grant.workflowId}" (import it first)`);
          continue;
        }
        tools.push({
          grant: { server: WORKFLOW_TOOL_SERVER, tool: grant.name, approval: grant.approval },
          description: `[workflow] ${grant.description || workflow.description || `Runs the workflow "${workflow.name}".`}`,
          inputSchema: workflow.inputSchema,
          repeatable: false,
          invoke: (args, options) => workflows.run(grant.workflowId, args, options),
        });
      }
      for (const tool of definition.httpTools) {
        tools.push({
          grant: { server: 'http', tool: tool.name, approval: tool.approval },
          description: `[http] ${tool.description || `${tool.method} ${tool.url}`}`,
          inputSchema: httpToolSchema(tool),
          repeatable: tool.method === 'GET',
          invoke: httpToolInvoker(tool, integrations),
        });
      }
      for (const tool of definition.actionTools) {
        tools.push({
          grant: { server: tool.action.split('.')[0]!, tool: tool.name, approval: tool.approval },
          description: `[${tool.action}] ${tool.description || `Runs ${tool.action}.`}`,
          inputSchema: actionToolSchema(tool),
          repeatable: false,
          invoke: actionToolInvoker(tool, integrations),
        });
      }
      for (const tool of definition.builtinTools) {
        tools.push({ grant: { server: 'builtin', tool: tool.name, approval: { mode: 'never' } }, description: tool.description || DEFAULT_DESCRIPTIONS[tool.kind], inputSchema: builtinToolSchema(tool), repeatable: tool.kind !== 'code', invoke: builtinToolInvoker(tool, runCode) });
      }
      for (const tool of definition.vectorStoreTools) {
        if (!vectorStores) {
          missing.push(`${tool.name}: vector stores are not available in this process`);
          continue;
        }
        tools.push({
          grant: { server: 'vector_store', tool: tool.name, approval: tool.approval },
          description: `[vector store] ${tool.answer ? answeringDescription(tool.name, tool.description) : tool.description || `Documents from the vector store "${tool.name}".`}`,
          inputSchema: VECTOR_TOOL_SCHEMA,
          repeatable: true,
          invoke: vectorStoreToolInvoker(tool, { ...vectorStores, integrations }),
        });
      }
      return { tools, missing };
    },
  };
}
