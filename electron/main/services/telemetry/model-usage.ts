import type { IntegrationRunner } from '../engine/ports';

type ActionCall = Parameters<IntegrationRunner['runAction']>[0];

/** What one model call used, as the GenAI conventions name it. */
export interface ModelUsage {
  provider: string;
  requestModel?: string;
  responseModel?: string;
  responseId?: string;
  inputTokens?: number;
  outputTokens?: number;
  finishReasons?: string[];
}

/** Integration actions that are model calls (a workflow's chat step). */
export function isModelCall(call: Pick<ActionCall, 'plugin' | 'action'>): boolean {
  return call.plugin === 'openai-compatible' && call.action === 'chatCompletion';
}

export function requestedModel(call: Pick<ActionCall, 'parameters'>): string | undefined {
  return typeof call.parameters.model === 'string' ? call.parameters.model : undefined;
}

/** The usage in the OpenAI-compatible chat action's result. */
export function modelUsage(call: Pick<ActionCall, 'parameters'>, result: unknown): ModelUsage {
  const reply = (result ?? {}) as { id?: string; model?: string; finishReason?: string; usage?: { promptTokens?: number; completionTokens?: number } | null };
  return {
    provider: 'openai',
    requestModel: requestedModel(call),
    responseModel: reply.model,
    responseId: reply.id,
    inputTokens: reply.usage?.promptTokens,
    outputTokens: reply.usage?.completionTokens,
    finishReasons: reply.finishReason ? [reply.finishReason] : undefined,
  };
}
