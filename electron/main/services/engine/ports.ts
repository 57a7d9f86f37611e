import type { ActionFiles } from '../../../../shared/integrations/action-files';
import type { TriggerEvent } from '../../../../shared/integrations/service-triggers';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { SecretSource } from '../secrets/secret-source';

export type { SecretSource } from '../secrets/secret-source';

/**
 * What the engine needs from the world, taken in its constructor: the host implements them
 * with the MCP supervisor, the integrations layer and the vault (`service-ports.ts`), and the
 * activity log or Electron for notifications. Tests may substitute any of them.
 */

/** The result of an MCP `tools/call`, as the MCP SDK returns it. */
export interface CallToolResult {
  content: Array<{ type: string; [key: string]: unknown }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface McpToolCall {
  /** The managed server's name. */
  server: string;
  tool: string;
  args: Record<string, unknown>;
  /** Recorded in the supervisor's call journal. */
  caller: { kind: 'workflow'; workflowId: string; executionId: number; nodeId: string };
  signal: AbortSignal;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

export interface McpToolCaller {
  callTool(call: McpToolCall): Promise<CallToolResult>;
}

export interface McpNotification {
  server: string;
  method: string;
  params?: unknown;
}

/** Notifications from managed MCP servers, for the MCP notification trigger. */
export interface McpNotificationSource {
  subscribe(listener: (notification: McpNotification) => void): Disposable;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Sent as `Idempotency-Key`, so a retried call is recognised by the server. */
  idempotencyKey: string;
  signal: AbortSignal;
  /** Largest response body read into memory; a larger answer fails the call. */
  maxBodyBytes?: number;
  /** How long the server has to answer: past it the call fails as a timeout, which a retry may cure. */
  timeoutMs?: number;
  /** Headers the step built from a credential: never sent to another origin by a redirect. */
  credentialHeaders?: string[];
  /** A CA certificate (PEM) trusted for this call besides the system ones. */
  ca?: string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

export interface Notification {
  title: string;
  body: string;
  /** Where it came from, for the activity log. */
  source: string;
}

/** Desktop notifications (Electron); headless, they go to the activity log. */
export interface Notifier {
  notify(notification: Notification): void;
}

/** Runs an action of an API integration (GitHub, Slack, ...) as a workflow step. */
export interface IntegrationRunner {
  runAction(call: {
    plugin: string;
    version: string;
    action: string;
    parameters: Record<string, unknown>;
    /** The connection the node names; without one the action runs unauthenticated. */
    connectionId?: string;
    credentials: Record<string, { secret: string; field?: string }>;
    idempotencyKey: string;
    signal: AbortSignal;
    /** The item's binary data and new binary outputs, as payload files. */
    files?: ActionFiles;
  }): Promise<unknown>;
  /** Polls, registers, unregisters or receives for a trigger of an API integration (Gmail, Telegram...). */
  runTrigger?(call: ServiceTriggerCall): Promise<unknown>;
}

export interface ServiceTriggerCall {
  plugin: string;
  version: string;
  trigger: string;
  parameters: Record<string, unknown>;
  connectionId?: string;
  event: TriggerEvent;
  signal?: AbortSignal;
}

/** A task for an AI agent from a workflow step ("AI agent" node); the agents service runs it. */
export interface AgentStepRequest {
  /** A saved agent (name or id); else `definition`, the node's own (checked by the agents service). */
  agent?: string;
  definition?: unknown;
  prompt: string;
  input?: unknown;
  /** Chat memory: earlier turns of this session key come before the prompt, the exchange is kept after. */
  memory?: { sessionKey: string; windowSize: number };
  /** A JSON Schema the answer must match; the parsed answer comes back as `json`. */
  outputSchema?: Record<string, unknown>;
  /** The step's key: a resumed step finds the task it started instead of starting another. */
  idempotencyKey: string;
  signal: AbortSignal;
}

export interface AgentStepResult {
  taskId: number;
  state: string;
  /** `completed`, `stopped: max steps`, `failed`… */
  status: string;
  answer: string | null;
  json?: unknown;
  error: string | null;
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
  toolCalls: unknown[];
  /** Every model turn, tool call and approval. */
  transcript: unknown[];
}

/** One completion ("Chat model" node), with an optional JSON Schema the answer must match. */
export interface ChatRequest {
  provider: unknown;
  model: string;
  system?: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  temperature?: number;
  maxTokens?: number;
  outputSchema?: Record<string, unknown>;
  signal: AbortSignal;
}

export interface ChatResult {
  text: string;
  /** The answer parsed and checked against `outputSchema`, when one was given. */
  json?: unknown;
  usage: { inputTokens: number; outputTokens: number };
  finishReason: string;
}

/** Embeddings of texts ("Vector store" nodes), from an OpenAI-compatible provider's `/embeddings`. */
export interface EmbedRequest {
  provider: unknown;
  model: string;
  texts: string[];
  /** Output dimensions, for models that can shorten their vectors. */
  dimensions?: number;
  signal: AbortSignal;
}

export interface AgentRunner {
  runStep(request: AgentStepRequest): Promise<AgentStepResult>;
  chat(request: ChatRequest): Promise<ChatResult>;
  embed?(request: EmbedRequest): Promise<{ vectors: number[][]; tokens: number }>;
}

export interface EnginePorts {
  mcp: McpToolCaller;
  mcpNotifications?: McpNotificationSource;
  http: HttpClient;
  secrets: SecretSource;
  notifier: Notifier;
  integrations?: IntegrationRunner;
  agents?: AgentRunner;
}
