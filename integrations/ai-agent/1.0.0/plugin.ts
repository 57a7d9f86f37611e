import type { z } from 'zod';
import { main, NodeError, type Item, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { AiAgentParameters } from './manifest';

type Parameters = z.infer<typeof AiAgentParameters>;

/** The node's own agent, when it names no saved one. */
function definitionOf(params: Parameters, name: string, workflowId: string): unknown {
  if (!params.provider || !params.model) throw new NodeError('Name a saved agent, or set this node\'s provider and model.', 'invalid_input', true);
  return {
    name: name.slice(0, 80),
    role: 'custom',
    provider: typeof params.provider === 'string' ? { connection: params.provider } : params.provider,
    model: params.model,
    systemPrompt: params.systemPrompt,
    temperature: params.temperature,
    tools: params.tools,
    workflowTools: params.workflowTools,
    httpTools: params.httpTools,
    actionTools: params.actionTools,
    builtinTools: params.builtinTools,
    // An in-memory store is the workflow's own.
    vectorStoreTools: params.vectorStoreTools.map((tool) => ({ ...tool, scope: workflowId })),
    limits: { maxSteps: params.maxSteps, timeoutSeconds: params.timeoutSeconds },
  };
}

export const nodes: NodePlugin['nodes'] = {
  run: {
    async run(ctx) {
      const agents = ctx.services.agents;
      if (!agents) throw new NodeError('AI agents are not available in this process.', 'unavailable', true);
      const out: Item[] = [];
      const count = Math.max(1, ctx.input.length);
      for (let i = 0; i < count; i++) {
        const params = ctx.params<Parameters>(i);
        const result = await agents.runStep({
          agent: params.agent || undefined,
          definition: params.agent ? undefined : definitionOf(params, ctx.node.name, ctx.execution.workflowId),
          prompt: params.prompt,
          memory: params.memory,
          outputSchema: params.outputSchema,
          idempotencyKey: count > 1 ? `${ctx.idempotencyKey}:${i}` : ctx.idempotencyKey,
          signal: ctx.signal,
        });
        ctx.log(`Task ${result.taskId}: ${result.status}`);
        if (result.state !== 'completed') throw new NodeError(`The agent's task ${result.taskId} ended as ${result.status}${result.error ? `: ${result.error}` : '.'}`, `agent_${result.state}`);
        const json = {
          output: result.json ?? result.answer,
          taskId: result.taskId,
          status: result.status,
          usage: result.usage,
          toolCalls: result.toolCalls,
          transcript: result.transcript,
        } as JsonObject;
        out.push({ json, pairedItem: { item: i } });
      }
      return main(out);
    },
  },
};
