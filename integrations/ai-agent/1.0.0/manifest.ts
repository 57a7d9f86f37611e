import { z } from 'zod';
import { ActionTool, BuiltinTool, HttpTool, ProviderRef, ToolGrant, VectorStoreToolGrant, WorkflowToolGrant } from '../../../shared/agents/definition';
import { definePlugin } from '../../../shared/integrations/manifest';

/** A connection's name (or id), or an endpoint given inline with a vault reference for its key. */
export const NodeProvider = z.union([z.string().trim().min(1).max(80), ProviderRef]);

export const AiAgentParameters = z.object({
  agent: z.string().max(80).optional().meta({ title: 'Saved agent', description: 'Its name. Leave empty to give this node its own provider, model and tools below.' }),
  prompt: z.string().min(1).meta({ title: 'Prompt', description: 'The task, built per item from expressions such as {{ $json.chatInput }}.' }),
  provider: NodeProvider.optional().meta({ title: 'Provider', description: 'A connection name (OpenAI-compatible or Anthropic), or { kind, baseUrl, apiKey: "{{ secrets.NAME }}" }.' }),
  model: z.string().max(200).optional(),
  systemPrompt: z.string().max(100_000).default('').meta({ title: 'Instructions' }),
  temperature: z.number().min(0).max(2).optional(),
  tools: z.array(ToolGrant).default([]).meta({ title: 'MCP tools', description: 'Tools of Echelon\'s MCP servers, and workflows exposed as tools (server "workflows").' }),
  workflowTools: z.array(WorkflowToolGrant).default([]),
  httpTools: z.array(HttpTool).default([]),
  actionTools: z.array(ActionTool).default([]).meta({ description: 'Integration actions the model may run, their parameters using $fromAI(\'name\', \'description\', \'type\') (outside {{ }}) where the model fills in a value.' }),
  builtinTools: z.array(BuiltinTool).default([]).meta({ description: 'A calculator, a scratchpad to think in.' }),
  vectorStoreTools: z.array(VectorStoreToolGrant).default([]),
  maxSteps: z.number().int().min(1).max(500).default(10),
  timeoutSeconds: z.number().int().min(1).max(86_400).default(300),
  memory: z
    .object({
      sessionKey: z.string().min(1).meta({ description: 'Which conversation: {{ $json.sessionId }}, a chat id…' }),
      windowSize: z.number().int().min(1).max(100).default(5).meta({ description: 'Earlier exchanges given to the model.' }),
    })
    .optional(),
  outputSchema: z.record(z.string(), z.unknown()).optional().meta({ title: 'Output schema', description: 'A JSON Schema the answer must match; the parsed object becomes `output`.' }),
});

export default definePlugin({
  id: 'ai-agent',
  name: 'AI agent',
  version: '1.0.0',
  description: 'Gives an AI agent a task built from the item and waits for its answer, with the transcript of its tool calls.',
  category: 'AI',
  icon: 'bot',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'run',
      name: 'Run AI agent',
      description: 'Runs an agent task per item; `output` is the answer (or the parsed object with an output schema).',
      parameters: AiAgentParameters,
      sideEffects: true,
      // A resumed step finds the task it started (by its key) and waits for it: nothing runs twice.
      recovery: 'retry',
    },
  ],
  triggers: [],
});
