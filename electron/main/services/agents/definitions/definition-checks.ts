import { AgentDefinition, WORKFLOW_TOOL_SERVER, formatPath, type MethodOutput, type ProviderCheck, type ProviderRef, type ToolGrant } from '../../../../../shared/contract';
import type { McpService } from '../../mcp/mcp-service';
import type { PriceTable } from '../metrics/price-table';
import type { ProviderFactory } from '../providers/provider-factory';
import type { WorkflowTools } from '../tools/workflow-tools';
import type { AgentRepository } from './agent-repository';

type Problem = { path: string; message: string };

const RUNNING = new Set(['running', 'degraded']);

/**
 * What the wizard asks at each step, answered for real: the provider is called, servers are
 * started to look at their tools, the limits are read as a person would.
 */
export class DefinitionChecks {
  constructor(
    private readonly deps: { providers: ProviderFactory; mcp: McpService; workflows: WorkflowTools; prices: PriceTable; agents: AgentRepository },
  ) {}

  async provider(ref: ProviderRef, model: string | undefined, signal?: AbortSignal): Promise<ProviderCheck> {
    const started = performance.now();
    try {
      const models = await this.deps.providers.listModels(ref, 'wizard', signal);
      const listed = model ? models.includes(model) : null;
      return {
        ok: listed !== false,
        models,
        modelListed: listed,
        responseMs: Math.round(performance.now() - started),
        error: listed === false ? `The provider answered, but does not list "${model}": choose one of the models it offers.` : null,
      };
    } catch (error) {
      return { ok: false, models: [], modelListed: null, responseMs: null, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Each tool on a running server, or one started (and stopped again) to look. */
  async tools(grants: readonly Pick<ToolGrant, 'server' | 'tool'>[]): Promise<MethodOutput<'agents.checkTools'>> {
    const { mcp, workflows } = this.deps;
    const servers = [...new Set(grants.map((grant) => grant.server))];
    const problems = new Map<string, string>();
    const startedHere: string[] = [];
    await Promise.all(
      servers.map(async (server) => {
        if (server === WORKFLOW_TOOL_SERVER && !mcp.servers.find(server)) return;
        const stored = mcp.servers.find(server);
        if (!stored) return problems.set(server, `No MCP server "${server}" is configured: add it on the MCP Servers page.`);
        if (!stored.enabled) return problems.set(server, `The server "${server}" is disabled: enable it first.`);
        if (RUNNING.has(mcp.get(server).runtime.status)) return;
        try {
          await mcp.start(server);
          startedHere.push(server);
        } catch (error) {
          problems.set(server, `The server "${server}" could not start: ${(error as Error).message}`);
        }
      }),
    );
    const checks = grants.map((grant) => {
      const problem = problems.get(grant.server);
      if (problem) return { ...grant, ok: false, message: problem };
      if (grant.server === WORKFLOW_TOOL_SERVER && !mcp.servers.find(grant.server)) {
        const found = workflows.listTools().some((tool) => tool.name === grant.tool);
        return { ...grant, ok: found, message: found ? 'A workflow exposed as a tool.' : `No workflow is exposed as "${grant.tool}".` };
      }
      const tool = mcp.catalog(grant.server).tools.find((candidate) => candidate.name === grant.tool);
      if (!tool) return { ...grant, ok: false, message: `"${grant.server}" has no tool "${grant.tool}".` };
      if (!tool.enabled) return { ...grant, ok: false, message: `"${grant.tool}" is switched off in Echelon: switch it on for "${grant.server}".` };
      return { ...grant, ok: true, message: startedHere.includes(grant.server) ? 'Found (the server was started to look, and stopped again).' : 'Found on the running server.' };
    });
    await Promise.all(startedHere.map((server) => mcp.stop(server).catch(() => {})));
    return { ok: checks.every((check) => check.ok), tools: checks };
  }

  /** Every problem at once, and warnings about settings that look wrong. */
  definition(input: unknown, id?: string): { ok: boolean; problems: Problem[]; warnings: Problem[] } {
    const parsed = AgentDefinition.safeParse(input);
    if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })), warnings: [] };
    const definition = parsed.data;
    const problems: Problem[] = [];
    const warnings: Problem[] = [];
    const clash = this.deps.agents.find(definition.name);
    if (clash && clash.id !== id) problems.push({ path: 'name', message: `An agent named "${definition.name}" already exists.` });
    const seen = new Set<string>();
    definition.tools.forEach((grant, index) => {
      const key = `${grant.server}__${grant.tool}`;
      if (seen.has(key)) problems.push({ path: `tools.${index}`, message: `${key} is granted twice.` });
      seen.add(key);
      if (grant.approval.mode === 'rules') {
        grant.approval.rules.forEach((rule, ruleIndex) => {
          if (rule.operator !== 'exists' && rule.value === undefined) problems.push({ path: `tools.${index}.approval.rules.${ruleIndex}.value`, message: `The rule "${rule.operator}" needs a value to compare with.` });
        });
      }
    });
    const { limits } = definition;
    if (limits.maxSteps > 50) warnings.push({ path: 'limits.maxSteps', message: `${limits.maxSteps} turns per task is a lot: a task that needs more is usually better split.` });
    if (limits.timeoutSeconds < limits.toolTimeoutSeconds) warnings.push({ path: 'limits.timeoutSeconds', message: 'The task time limit is shorter than one tool call\'s: a slow tool would stop the whole task.' });
    if (limits.maxOutputTokens !== undefined && limits.maxOutputTokens < 256) warnings.push({ path: 'limits.maxOutputTokens', message: 'Fewer than 256 output tokens leaves little room for an answer.' });
    if (limits.maxInputTokens !== undefined && limits.maxInputTokens < 2000) warnings.push({ path: 'limits.maxInputTokens', message: 'Fewer than 2,000 input tokens is less than most system prompts with tools take in one turn.' });
    if (limits.maxCostUsd !== undefined) {
      let local = false;
      try {
        local = this.deps.providers.resolve(definition.provider, definition.name).local;
      } catch {
        // The provider step reports this.
      }
      if (!local && !this.deps.prices.priceOf(definition.model)) {
        warnings.push({ path: 'limits.maxCostUsd', message: `No price is known for "${definition.model}", so the cost limit cannot apply: add it to the price table.` });
      }
    }
    if (definition.tools.length === 0) warnings.push({ path: 'tools', message: 'No tools: the agent can only answer from what the model knows.' });
    return { ok: problems.length === 0, problems, warnings };
  }

  /** Every server's tools (running ones list theirs), and workflows exposed as tools. */
  catalog(): MethodOutput<'agents.toolCatalog'> {
    const { mcp, workflows } = this.deps;
    const servers: MethodOutput<'agents.toolCatalog'> = mcp.list().map((server) => ({
      server: server.name,
      kind: 'mcp' as const,
      status: server.runtime.status,
      tools: mcp
        .catalog(server.name)
        .tools.filter((tool) => tool.enabled)
        .map((tool) => ({ name: tool.name, description: tool.description ?? tool.title ?? '', readOnly: tool.annotations?.readOnlyHint === true })),
    }));
    const exposed = workflows.listTools();
    if (exposed.length > 0 && !mcp.servers.find(WORKFLOW_TOOL_SERVER)) {
      servers.push({ server: WORKFLOW_TOOL_SERVER, kind: 'workflows', status: 'running', tools: exposed.map((tool) => ({ name: tool.name, description: tool.description, readOnly: false })) });
    }
    return servers;
  }
}
