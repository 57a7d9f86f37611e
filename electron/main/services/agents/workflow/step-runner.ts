import { Validator, type Schema } from '@cfworker/json-schema';
import { AgentDefinition, EchelonError, ProviderRef, validationError } from '../../../../../shared/contract';
import type { AgentRunner, AgentStepRequest, AgentStepResult, ChatRequest, ChatResult, EmbedRequest } from '../../engine/ports';
import type { TaskService } from '../tasks/task-service';
import type { ChatMemory } from '../memory/chat-memory';
import type { ProviderFactory } from '../providers/provider-factory';
import { loadSdk } from '../run/sdk';
import { taskPrompt } from '../run/task-run';

const DEFAULT_MAX_OUTPUT = 4096;

/** The JSON object in a model's answer: the whole text, or inside a ``` fence, or between the outer braces. */
export function jsonInAnswer(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  const candidates = [text, fenced, text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)].filter((candidate): candidate is string => !!candidate && candidate.trim().length > 0);
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // Try the next reading.
    }
  }
  throw new EchelonError('invalid_input', `The model did not answer with JSON: "${text.slice(0, 200)}"`);
}

/** Parses an answer and checks it against a JSON Schema, naming what does not match. */
export function structuredAnswer(text: string, schema: Record<string, unknown>): unknown {
  const value = jsonInAnswer(text);
  const outcome = new Validator(schema as Schema, '7', false).validate(value);
  if (!outcome.valid) {
    const problems = outcome.errors.filter((error) => !['properties', 'items', 'allOf'].includes(error.keyword)).map((error) => `${error.instanceLocation.replace(/^#\/?/, '') || '(answer)'}: ${error.error}`);
    throw new EchelonError('invalid_input', `The model's answer does not match the output schema: ${problems.slice(0, 5).join('; ')}.`);
  }
  return value;
}

/** How a schema is asked for: in words every provider understands, then checked here. */
export function schemaInstruction(schema: Record<string, unknown>): string {
  return `Answer with one JSON object that matches this JSON Schema, and nothing else:\n${JSON.stringify(schema)}`;
}

/**
 * What workflow steps ask of agents: the "AI agent" node's task (a saved agent or the node's
 * own definition, with chat memory), and the "Chat model" node's single completion.
 */
export class StepRunner implements AgentRunner {
  constructor(
    private readonly tasks: TaskService,
    private readonly providers: ProviderFactory,
    private readonly memory: ChatMemory,
  ) {}

  async runStep(request: AgentStepRequest): Promise<AgentStepResult> {
    let definition: AgentDefinition | undefined;
    if (!request.agent) {
      const parsed = AgentDefinition.safeParse(request.definition);
      if (!parsed.success) throw validationError(parsed.error, 'agent of this node');
      definition = parsed.data;
    }
    const history = request.memory ? this.memory.history(request.memory.sessionKey, request.memory.windowSize) : [];
    const prompt = request.outputSchema ? `${request.prompt}\n\n${schemaInstruction(request.outputSchema)}` : request.prompt;
    const row = await this.tasks.runStep({ agent: request.agent, definition, prompt, input: request.input, dedupKey: request.idempotencyKey, history, signal: request.signal });
    if (request.memory && row.state === 'completed' && row.answer !== null) this.memory.remember(request.memory.sessionKey, row.id, taskPrompt(row), row.answer);
    const detail = this.tasks.get(row.id);
    return {
      taskId: row.id,
      state: row.state,
      status: detail.status,
      answer: row.answer,
      ...(request.outputSchema && row.state === 'completed' && row.answer !== null ? { json: structuredAnswer(row.answer, request.outputSchema) } : {}),
      error: row.error,
      usage: detail.usage,
      toolCalls: detail.toolCallList,
      transcript: detail.timeline,
    };
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const provider = ProviderRef.safeParse(request.provider);
    if (!provider.success) throw validationError(provider.error, 'provider (a connection, or { kind, baseUrl, apiKey })');
    const { model } = await this.providers.model(provider.data, request.model, 'chat-model');
    const { generateText } = await loadSdk();
    const system = [request.system, request.outputSchema ? schemaInstruction(request.outputSchema) : undefined].filter(Boolean).join('\n\n');
    const result = await generateText({
      model,
      system: system || undefined,
      messages: request.messages,
      temperature: request.temperature,
      maxOutputTokens: request.maxTokens ?? DEFAULT_MAX_OUTPUT,
      abortSignal: request.signal,
      maxRetries: 2,
    });
    return {
      text: result.text,
      ...(request.outputSchema ? { json: structuredAnswer(result.text, request.outputSchema) } : {}),
      usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 },
      finishReason: result.finishReason,
    };
  }

  async embed(request: EmbedRequest): Promise<{ vectors: number[][]; tokens: number }> {
    const provider = ProviderRef.safeParse(request.provider);
    if (!provider.success) throw validationError(provider.error, 'embeddings provider (a connection, or { kind, baseUrl, apiKey })');
    if (request.texts.length === 0) return { vectors: [], tokens: 0 };
    const model = await this.providers.embeddingModel(provider.data, request.model, 'embeddings');
    const { embedMany } = await loadSdk();
    const result = await embedMany({
      model,
      values: request.texts,
      abortSignal: request.signal,
      maxRetries: 2,
      ...(request.dimensions ? { providerOptions: { echelon: { dimensions: request.dimensions } } } : {}),
    });
    return { vectors: result.embeddings, tokens: result.usage.tokens };
  }
}
