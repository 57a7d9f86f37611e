import { SpanKind, type SpanContext } from '@opentelemetry/api';
import type { ModelUsage } from '../model-usage';
import type { FinishedSpan } from './execution-tracer';
import {
  GEN_AI_AGENT_NAME,
  GEN_AI_OPERATION_NAME,
  GEN_AI_PROVIDER_NAME,
  GEN_AI_REQUEST_MODEL,
  GEN_AI_RESPONSE_FINISH_REASONS,
  GEN_AI_RESPONSE_ID,
  GEN_AI_RESPONSE_MODEL,
  GEN_AI_USAGE_INPUT_TOKENS,
  GEN_AI_USAGE_OUTPUT_TOKENS,
} from './semconv';

/** One call to a model: a workflow's chat step, or a turn of an agent's loop. */
export interface ModelTurn extends ModelUsage {
  operation?: 'chat' | 'text_completion' | 'embeddings';
  agentName?: string;
  start: number;
  end: number;
  error?: { type: string; message: string };
}

/** The span of a model turn, with the GenAI semantic conventions' attributes. */
export function modelTurnSpan(turn: ModelTurn, parent: SpanContext | undefined): FinishedSpan {
  const operation = turn.operation ?? 'chat';
  return {
    name: `${operation}${turn.requestModel ? ` ${turn.requestModel}` : ''}`,
    kind: SpanKind.CLIENT,
    start: turn.start,
    end: turn.end,
    parent,
    attributes: {
      [GEN_AI_OPERATION_NAME]: operation,
      [GEN_AI_PROVIDER_NAME]: turn.provider,
      [GEN_AI_REQUEST_MODEL]: turn.requestModel,
      [GEN_AI_RESPONSE_MODEL]: turn.responseModel,
      [GEN_AI_RESPONSE_ID]: turn.responseId,
      [GEN_AI_USAGE_INPUT_TOKENS]: turn.inputTokens,
      [GEN_AI_USAGE_OUTPUT_TOKENS]: turn.outputTokens,
      [GEN_AI_RESPONSE_FINISH_REASONS]: turn.finishReasons,
      [GEN_AI_AGENT_NAME]: turn.agentName,
    },
    error: turn.error,
  };
}
