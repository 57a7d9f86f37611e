import { z } from 'zod';
import { findSecretRefs } from '../secrets/secret-ref';

/**
 * An agent definition: an LLM (through a provider connection), its instructions, the MCP tools
 * it may call with an approval policy each, and the limits of one task. Stored versioned like a
 * workflow; a task pins the version it started with.
 */

export const AgentName = z
  .string()
  .trim()
  .min(1, 'Give the agent a name.')
  .max(80, 'Keep the name under 80 characters.')
  .regex(/^[^\s/\\][^/\\]*$/, 'A name may not start with a space or contain "/" or "\\".');

export const ProviderKind = z.enum(['openai-compatible', 'anthropic']);
export type ProviderKind = z.infer<typeof ProviderKind>;

/** The only form a key may take in a definition: a vault reference, never the key itself. */
export const SecretTemplate = z
  .string()
  .max(300)
  .refine((value) => findSecretRefs(value).length === 1 && findSecretRefs(value)[0]!.text === value.trim(), 'Write the key as a vault reference, {{ secrets.NAME }}: store the key with `echelon vault set NAME` first.');

/**
 * A connection made on the Integrations page (OpenAI-compatible or Anthropic; its key lives in
 * the vault), by id; or an endpoint given inline with a vault reference for its key.
 */
export const ProviderRef = z.union([
  z.object({ connection: z.string().trim().min(1).max(80) }).strict(),
  z
    .object({
      kind: ProviderKind,
      baseUrl: z.url({ protocol: /^https?$/, error: 'Use an http:// or https:// base URL, such as https://api.openai.com/v1.' }),
      apiKey: SecretTemplate.optional(),
    })
    .strict(),
]);
export type ProviderRef = z.infer<typeof ProviderRef>;

/** A JSON Schema-free way to say "ask when": compared against one argument of the call. */
export const ApprovalRule = z.object({
  /** A dotted path into the call's arguments (`path`, `options.force`, `items.0.id`). */
  argument: z.string().trim().min(1).max(200),
  operator: z.enum(['equals', 'notEquals', 'contains', 'startsWith', 'glob', 'greaterThan', 'lessThan', 'exists']),
  /** Not needed for `exists`. `glob` takes `*` as a wildcard. */
  value: z.union([z.string().max(1000), z.number(), z.boolean()]).optional(),
});
export type ApprovalRule = z.infer<typeof ApprovalRule>;

export const ApprovalPolicy = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('never') }),
  z.object({ mode: z.literal('always') }),
  /** Ask when any rule matches the call's arguments. */
  z.object({ mode: z.literal('rules'), rules: z.array(ApprovalRule).min(1, 'Add at least one rule, or choose "always" or "never".').max(20) }),
]);
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

/** Workflows marked "expose as tool" are offered under this pseudo-server name (`workflows__NAME`). */
export const WORKFLOW_TOOL_SERVER = 'workflows';

export const ToolGrant = z.object({
  /** The MCP server's name, or `workflows` for a workflow exposed as a tool. */
  server: z.string().trim().min(1).max(63),
  tool: z.string().trim().min(1).max(256),
  approval: ApprovalPolicy.default({ mode: 'never' }),
});
export type ToolGrant = z.infer<typeof ToolGrant>;

/** A value the model fills in for an HTTP tool, written `{name}` in its URL, headers, query or body. */
export const HttpToolPlaceholder = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'A placeholder name uses letters, digits and "_".'),
  description: z.string().max(1000).default(''),
  type: z.enum(['string', 'number', 'boolean', 'json']).default('string'),
});

const ToolName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'A tool name uses letters, digits, "_" and "-", up to 64 characters.');

/** An HTTP request the model may make (n8n's HTTP Request tool), sent through the integrations layer. */
export const HttpTool = z.object({
  name: ToolName,
  description: z.string().max(4000).default(''),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  url: z.string().trim().min(1).max(4000),
  headers: z.record(z.string(), z.string()).default({}),
  query: z.record(z.string(), z.string()).default({}),
  /** JSON text; `{name}` placeholders are filled in, escaped as JSON. */
  body: z.string().max(100_000).optional(),
  placeholders: z.array(HttpToolPlaceholder).max(50).default([]),
  /** An integration connection whose credentials the request carries. */
  connection: z.string().max(80).optional(),
  approval: ApprovalPolicy.default({ mode: 'never' }),
});
export type HttpTool = z.infer<typeof HttpTool>;

/** A workflow the model may run (n8n's Workflow tool), whether or not it is exposed as a tool. */
export const WorkflowToolGrant = z.object({
  name: ToolName,
  description: z.string().max(4000).default(''),
  workflowId: z.string().trim().min(1).max(64),
  approval: ApprovalPolicy.default({ mode: 'never' }),
});
export type WorkflowToolGrant = z.infer<typeof WorkflowToolGrant>;

/**
 * An integration action the model may run (n8n's `*Tool` nodes, such as the Gmail tool): its
 * parameters as the action takes them, with `{{ $fromAI('name', 'description', 'type') }}`
 * where the model fills in a value.
 */
export const ActionTool = z.object({
  name: ToolName,
  description: z.string().max(4000).default(''),
  /** The integration action, as a node type: `gmail.send`. */
  action: z.string().regex(/^[a-z0-9-]+\.[A-Za-z0-9_]+$/, 'An action is written plugin.action, such as gmail.send.'),
  version: z.string().max(20).default('1.0.0'),
  parameters: z.record(z.string(), z.unknown()).default({}),
  /** The integration connection (name or id) it runs on. */
  connection: z.string().max(80).optional(),
  approval: ApprovalPolicy.default({ mode: 'never' }),
});
export type ActionTool = z.infer<typeof ActionTool>;

/** Tools that need nothing outside Echelon: a calculator (math.js expressions), a scratchpad to think in, JavaScript in the Code sandbox. */
export const BuiltinTool = z.object({
  kind: z.enum(['calculator', 'think', 'code']),
  name: ToolName,
  description: z.string().max(4000).default(''),
  /** `code`: JavaScript run in the Code step's sandbox; it reads `query` (the model's input) and returns the answer. */
  code: z.string().max(100_000).optional(),
  /** `code`: the arguments' JSON Schema; without one the model gives a single text, `query`. */
  inputSchema: z.record(z.string(), z.unknown()).optional(),
});
export type BuiltinTool = z.infer<typeof BuiltinTool>;

/**
 * Documents in a vector store the model may search (n8n's vector store "retrieve as tool" and
 * its "Answer questions with a vector store" tool, which has a chat model answer from them).
 */
export const VectorStoreToolGrant = z.object({
  name: ToolName,
  description: z.string().max(4000).default(''),
  /** Where the vectors live, as the "Vector store" node takes it (checked when the tool runs). */
  store: z.record(z.string(), z.unknown()),
  /** The in-memory store's scope: the workflow the agent runs in. */
  scope: z.string().max(64).optional(),
  embeddings: z.object({ provider: z.string().trim().min(1).max(80), model: z.string().trim().min(1).max(200), dimensions: z.number().int().min(1).max(8192).optional() }),
  /** The vault record holding the store's API key. */
  secret: z.string().max(64).optional(),
  topK: z.number().int().min(1).max(100).default(4),
  includeMetadata: z.boolean().default(true),
  answer: z.object({ provider: z.string().trim().min(1).max(80), model: z.string().trim().min(1).max(200) }).optional(),
  approval: ApprovalPolicy.default({ mode: 'never' }),
});
export type VectorStoreToolGrant = z.infer<typeof VectorStoreToolGrant>;

export const AgentLimits = z.object({
  /** Model turns in one task. */
  maxSteps: z.number().int().min(1).max(500).default(10),
  /** Tokens sent to the model over the whole task. */
  maxInputTokens: z.number().int().min(1).max(1_000_000_000).optional(),
  /** Tokens the model writes over the whole task. */
  maxOutputTokens: z.number().int().min(1).max(100_000_000).optional(),
  maxCostUsd: z.number().min(0).max(1_000_000).optional(),
  /** Time the task may spend running (waiting for an approval does not count). */
  timeoutSeconds: z.number().int().min(1).max(7 * 86_400).default(600),
  /** The same tool with the same arguments this many times stops the task. */
  repeatedCallLimit: z.number().int().min(2).max(100).default(3),
  /** One tool call's time limit. */
  toolTimeoutSeconds: z.number().int().min(1).max(3600).default(120),
});
export type AgentLimits = z.infer<typeof AgentLimits>;

export const TaskRetryPolicy = z.object({
  /** Tries of a task that fails for a reason worth retrying (the provider unreachable). */
  maxAttempts: z.number().int().min(1).max(10).default(2),
  /** Delay before the second try; doubled for each try after. */
  backoffSeconds: z.number().int().min(1).max(86_400).default(30),
});
export type TaskRetryPolicy = z.infer<typeof TaskRetryPolicy>;

export const AgentDefinition = z.object({
  name: AgentName,
  description: z.string().max(2000).default(''),
  /** The role template it started from (`content-creator`...), or `custom`. */
  role: z.string().trim().min(1).max(64).default('custom'),
  provider: ProviderRef,
  model: z.string().trim().min(1, 'Choose a model.').max(200),
  systemPrompt: z.string().max(100_000).default(''),
  temperature: z.number().min(0).max(2).optional(),
  tools: z.array(ToolGrant).max(200).default([]),
  /** Tools a workflow node's agent brings along (from n8n imports): HTTP requests and workflows. */
  httpTools: z.array(HttpTool).max(50).default([]),
  workflowTools: z.array(WorkflowToolGrant).max(50).default([]),
  actionTools: z.array(ActionTool).max(50).default([]),
  builtinTools: z.array(BuiltinTool).max(10).default([]),
  vectorStoreTools: z.array(VectorStoreToolGrant).max(20).default([]),
  limits: AgentLimits.default(AgentLimits.parse({})),
  /** Tasks of this agent running at once. */
  concurrency: z.number().int().min(1).max(50).default(1),
  retry: TaskRetryPolicy.default(TaskRetryPolicy.parse({})),
});
export type AgentDefinition = z.infer<typeof AgentDefinition>;
export type AgentDefinitionInput = z.input<typeof AgentDefinition>;

/** `server__tool`, as the model and the gateway name a tool. */
export function toolKey(grant: Pick<ToolGrant, 'server' | 'tool'>): string {
  return `${grant.server}__${grant.tool}`;
}

/** The tool name a workflow exposed as a tool gets unless one is set: `Send weekly report` → `send_weekly_report`. */
export function workflowToolName(workflowName: string): string {
  return (
    workflowName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 64) || 'workflow'
  );
}
