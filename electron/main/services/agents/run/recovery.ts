import type { ModelMessage, ToolCallPart, ToolResultPart } from 'ai';
import type { StepRow } from '../persistence/task-repository';

/** What the message list lacks after a stop in the middle of a turn, and the calls whose fate is unknown. */
export interface ToolCallRepair {
  /** Tool calls recorded as finished that the message list does not show yet. */
  finished: StepRow[];
  /** Calls that were running when the process stopped: they may or may not have had their effect. */
  unfinished: StepRow[];
}

function idsOf(messages: readonly ModelMessage[]): { calls: Set<string>; results: Set<string> } {
  const calls = new Set<string>();
  const results = new Set<string>();
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const part of message.content) {
      if (part.type === 'tool-call') calls.add(part.toolCallId);
      if (part.type === 'tool-result') results.add(part.toolCallId);
    }
  }
  return { calls, results };
}

/**
 * Compares the recorded tool calls with the message list the model will see. Calls are recorded
 * before they run and when they end; the message list is written when a model turn ends. A
 * process that stopped in between leaves calls the list does not mention: finished ones are
 * added with their recorded result, unfinished ones need a decision (run again when the tool is
 * safe to repeat, else stop as interrupted).
 */
export function findToolCallRepair(steps: readonly StepRow[], messages: readonly ModelMessage[]): ToolCallRepair {
  const { results } = idsOf(messages);
  const missing = steps.filter((step) => step.kind === 'tool' && step.toolCallId && !results.has(step.toolCallId));
  return { finished: missing.filter((step) => step.status !== 'running'), unfinished: missing.filter((step) => step.status === 'running') };
}

/** The messages that complete the list: the calls the model made (when missing) and their results. */
export function repairMessages(messages: readonly ModelMessage[], calls: readonly { step: StepRow; modelName: string; output: ToolResultPart['output'] }[]): ModelMessage[] {
  if (calls.length === 0) return [];
  const { calls: known } = idsOf(messages);
  const callParts: ToolCallPart[] = calls
    .filter(({ step }) => !known.has(step.toolCallId!))
    .map(({ step, modelName }) => ({ type: 'tool-call', toolCallId: step.toolCallId!, toolName: modelName, input: step.arguments ? (JSON.parse(step.arguments) as unknown) : {} }));
  const resultParts: ToolResultPart[] = calls.map(({ step, modelName, output }) => ({ type: 'tool-result', toolCallId: step.toolCallId!, toolName: modelName, output }));
  return [...(callParts.length > 0 ? [{ role: 'assistant' as const, content: callParts }] : []), { role: 'tool', content: resultParts }];
}

/** A recorded call's outcome as the model reads it. */
export function recordedOutput(step: StepRow): ToolResultPart['output'] {
  if (step.status === 'ok') return { type: 'text', value: step.result ?? '' };
  if (step.status === 'interrupted') return { type: 'error-text', value: 'Interrupted when Echelon stopped: whether this call had its effect is unknown. Check before calling it again.' };
  return { type: 'error-text', value: step.error ?? step.result ?? `The call ended as ${step.status}.` };
}
