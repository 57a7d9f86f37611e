import type { LanguageModel, ModelMessage, StepResult, ToolSet } from 'ai';
import { EchelonError, type AgentDefinition, type CallToolResult, type StopReason } from '../../../../../shared/contract';
import type { PriceTable } from '../metrics/price-table';
import type { StepRow, TaskRepository, TaskRow } from '../persistence/task-repository';
import type { ProviderFactory, ResolvedProvider } from '../providers/provider-factory';
import { buildToolSet, resultText, type DescribedTool } from './agent-tools';
import { Budget } from './budget';
import { findToolCallRepair, recordedOutput, repairMessages } from './recovery';
import { RepeatGuard } from './repeat-guard';
import { loadSdk } from './sdk';

export type AbortWhy = 'cancel' | 'agent-stop' | 'shutdown';

export type RunOutcome =
  | { kind: 'completed'; answer: string }
  | { kind: 'stopped'; reason: StopReason }
  | { kind: 'awaiting_approval' }
  | { kind: 'failed'; error: string; retryable: boolean }
  | { kind: 'aborted'; why: AbortWhy }
  | { kind: 'interrupted'; message: string };

export interface ToolHost {
  /** The granted tools as their servers describe them, starting servers that are not running. */
  describe(definition: AgentDefinition): Promise<{ tools: DescribedTool[]; missing: string[] }>;
}

export interface RunDeps {
  tasks: TaskRepository;
  providers: ProviderFactory;
  prices: PriceTable;
  tools: ToolHost;
  redactValue(value: unknown): unknown;
  /** Removes vault values from a message before it is written or shown. */
  redact(text: string): string;
  /** Text the model writes, as it arrives. */
  onDelta(task: TaskRow, turn: number, text: string): void;
  /** A recorded change of the task (a step began or ended). */
  onProgress(task: TaskRow): void;
  /** A tool the definition grants could not be offered (unknown, server not startable). */
  onMissingTools(task: TaskRow, missing: string[]): void;
}

export interface RunOptions {
  signal: AbortSignal;
  /** A person retried an interrupted task: calls of unknown outcome go to the model as such. */
  acceptUnknown?: boolean;
}

/** Anthropic needs an output limit on every request; this is the SDK's own default. */
const DEFAULT_MAX_OUTPUT = 4096;
const PROVIDER_RETRIES = 2;

export function taskPrompt(task: Pick<TaskRow, 'task' | 'input'>): string {
  if (task.input === null) return task.task;
  return `${task.task}\n\nInput (JSON):\n\`\`\`json\n${JSON.stringify(JSON.parse(task.input), null, 2)}\n\`\`\``;
}

/** What went wrong with the provider, in one sentence, and whether trying again later may help. */
export function describeProviderError(error: unknown, provider: ResolvedProvider, sdk: Pick<typeof import('ai'), 'APICallError' | 'RetryError'>): { error: string; retryable: boolean } {
  const { APICallError, RetryError } = sdk;
  const attempts = RetryError.isInstance(error) ? error.errors.length : 1;
  const last = RetryError.isInstance(error) ? error.lastError : error;
  const after = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  if (APICallError.isInstance(last)) {
    const status = last.statusCode;
    const detail = last.message && last.message !== 'Bad Request' ? `: ${last.message}` : '';
    if (status === undefined) return { error: `Could not reach ${provider.label}${detail}${after}.`, retryable: true };
    const hint = status === 401 || status === 403 ? ' Check the key stored for this provider.' : status === 404 ? ' Check the model name and the base URL.' : '';
    return { error: `${provider.label} answered HTTP ${status}${detail}${after}.${hint}`, retryable: status === 429 || status >= 500 };
  }
  if (last instanceof EchelonError) return { error: last.message, retryable: last.code === 'unavailable' || last.code === 'timeout' };
  const message = last instanceof Error ? last.message : String(last);
  return { error: `The model call failed: ${message}${after}.`, retryable: false };
}

/**
 * One pass of a task through the agent loop (the AI SDK's `streamText` with tools and stop
 * conditions), from wherever the task stands: fresh, after an approval, or resumed after the
 * process died. Every model turn, tool call, result and approval request is written before
 * the next begins; the message list the model sees is written at the end of each turn.
 */
export class TaskRun {
  private readonly budget: Budget;
  private provider!: ResolvedProvider;
  private byName = new Map<string, DescribedTool>();
  private guard!: RepeatGuard;
  private turnStep: StepRow | undefined;
  private turn: number;
  private persistedMessages = 0;
  private approvalsRequested = 0;
  /** Tool calls already written as steps (recorded before they run), so a turn's end does not write them twice. */
  private readonly recordedCalls = new Set<string>();
  private segmentStart = performance.now();

  constructor(
    private readonly deps: RunDeps,
    private readonly task: TaskRow,
    private readonly definition: AgentDefinition,
  ) {
    this.budget = new Budget(definition.limits, task);
    this.turn = task.turns;
  }

  /** An error as it is recorded: its message, without any vault value. */
  private message(error: unknown): string {
    return this.deps.redact(error instanceof Error ? error.message : String(error));
  }

  private flushActive(): void {
    const now = performance.now();
    this.task.activeMs += Math.round(now - this.segmentStart);
    this.segmentStart = now;
  }

  private save(): void {
    this.flushActive();
    this.deps.tasks.update(this.task);
    this.deps.onProgress(this.task);
  }

  async run(options: RunOptions): Promise<RunOutcome> {
    const { tasks } = this.deps;
    const steps = tasks.steps(this.task.id);
    if (steps.some((step) => step.kind === 'approval' && step.status === 'pending')) return { kind: 'awaiting_approval' };
    for (const step of steps) if (step.toolCallId) this.recordedCalls.add(step.toolCallId);
    this.guard = new RepeatGuard(
      this.definition.limits.repeatedCallLimit,
      steps.filter((step) => step.kind === 'tool' && step.server && step.tool).map((step) => ({ server: step.server!, tool: step.tool!, arguments: step.arguments ? (JSON.parse(step.arguments) as unknown) : {} })),
    );

    const { model, provider } = await this.deps.providers.model(this.definition.provider, this.definition.model, this.task.agentName);
    this.provider = provider;
    const described = await this.deps.tools.describe(this.definition);
    if (described.missing.length > 0) this.deps.onMissingTools(this.task, described.missing);
    const { tools, byName } = await buildToolSet(described.tools, this.recorder(), this.definition.limits.toolTimeoutSeconds * 1000);
    this.byName = byName;

    let messages = tasks.messages(this.task.id);
    if (messages.length === 0) {
      messages = [{ role: 'user', content: taskPrompt(this.task) }];
      tasks.appendMessages(this.task.id, messages);
    }
    const repaired = await this.repair(steps, messages, options);
    if ('kind' in repaired) return repaired;
    messages = repaired.messages;

    const before = this.budget.exceeded();
    if (before) return { kind: 'stopped', reason: before };
    if (this.budget.stepsLeft <= 0) return { kind: 'stopped', reason: 'max-steps' };
    if (this.budget.remainingMs <= 0) return { kind: 'stopped', reason: 'timeout' };
    return this.stream(model, tools, messages, options.signal);
  }

  /** Tool calls of unknown outcome: repeated when the tool says it is safe, else the task stops as interrupted. */
  private async repair(steps: StepRow[], messages: ModelMessage[], options: RunOptions): Promise<{ messages: ModelMessage[] } | RunOutcome> {
    const { finished, unfinished } = findToolCallRepair(steps, messages);
    if (finished.length === 0 && unfinished.length === 0) return { messages };
    const toolOf = (step: StepRow) => [...this.byName.values()].find((tool) => tool.grant.server === step.server && tool.grant.tool === step.tool);
    const repeatable = (step: StepRow) => toolOf(step)?.repeatable === true;
    const unsafe = unfinished.filter((step) => !repeatable(step));
    if (unsafe.length > 0 && !options.acceptUnknown) {
      for (const step of unsafe) this.deps.tasks.updateStep({ ...step, status: 'interrupted', finishedAt: Date.now(), error: 'Echelon stopped while this call was running.' });
      const names = unsafe.map((step) => `${step.server}__${step.tool}`).join(', ');
      return { kind: 'interrupted', message: `Echelon stopped while ${names} was running; it was not run again, as it may have side effects. Check its effect, then retry the task (the model is told the outcome is unknown) or cancel it.` };
    }
    const calls: { step: StepRow; modelName: string; output: ReturnType<typeof recordedOutput> }[] = [];
    const nameOf = (step: StepRow) => [...this.byName.entries()].find(([, tool]) => tool.grant.server === step.server && tool.grant.tool === step.tool)?.[0] ?? `${step.server}__${step.tool}`;
    for (const step of finished) calls.push({ step, modelName: nameOf(step), output: recordedOutput(step) });
    for (const step of unfinished) {
      if (repeatable(step)) {
        const args = step.arguments ? (JSON.parse(step.arguments) as Record<string, unknown>) : {};
        try {
          const result = await toolOf(step)!.invoke(args, { signal: options.signal, timeoutMs: this.definition.limits.toolTimeoutSeconds * 1000 });
          const done = { ...step, status: result.isError ? ('error' as const) : ('ok' as const), result: resultText(result), finishedAt: Date.now() };
          this.deps.tasks.updateStep(done);
          calls.push({ step: done, modelName: nameOf(step), output: recordedOutput(done) });
        } catch (error) {
          const failed = { ...step, status: 'error' as const, error: this.message(error), finishedAt: Date.now() };
          this.deps.tasks.updateStep(failed);
          calls.push({ step: failed, modelName: nameOf(step), output: recordedOutput(failed) });
        }
      } else {
        const unknown = { ...step, status: 'interrupted' as const, finishedAt: step.finishedAt ?? Date.now() };
        this.deps.tasks.updateStep(unknown);
        calls.push({ step: unknown, modelName: nameOf(step), output: recordedOutput(unknown) });
      }
    }
    const added = repairMessages(messages, calls);
    this.deps.tasks.appendMessages(this.task.id, added);
    return { messages: [...messages, ...added] };
  }

  /** Records each call before it runs (refusing the repeated one) and its outcome after. */
  private recorder() {
    const { tasks } = this.deps;
    return {
      before: ({ toolCallId, server, tool, input }: { toolCallId: string; server: string; tool: string; input: unknown }) => {
        const allowed = this.guard.allow(server, tool, input);
        this.recordedCalls.add(toolCallId);
        const step = tasks.transaction(() => {
          this.task.toolCalls++;
          const row = tasks.insertStep({
            ...emptyStep(this.task.id, 'tool', this.turn),
            status: allowed ? 'running' : 'error',
            toolCallId,
            server,
            tool,
            arguments: JSON.stringify(this.deps.redactValue(input ?? {})),
            error: allowed ? null : `Not run: the same call was already made ${this.guard.tripped!.count - 1} times.`,
            finishedAt: allowed ? null : Date.now(),
          });
          this.save();
          return row;
        });
        if (!allowed) throw new Error(`${step.error} The task stops here.`);
        return step;
      },
      after: (handle: unknown, outcome: { result?: CallToolResult; error?: unknown; signal: AbortSignal }) => {
        const step = handle as StepRow;
        if (outcome.result) {
          step.status = outcome.result.isError ? 'error' : 'ok';
          step.result = resultText(outcome.result);
        } else {
          step.status = outcome.signal.aborted ? 'cancelled' : 'error';
          step.error = this.message(outcome.error);
        }
        step.finishedAt = Date.now();
        tasks.updateStep(step);
        this.deps.onProgress(this.task);
      },
    };
  }

  private async stream(model: LanguageModel, tools: ToolSet, messages: ModelMessage[], signal: AbortSignal): Promise<RunOutcome> {
    const sdk = await loadSdk();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('timeout')), this.budget.remainingMs);
    let streamError: unknown;
    let capped = false;
    const outputCap = () => {
      const cap = this.budget.outputCap();
      capped = cap !== undefined && cap < DEFAULT_MAX_OUTPUT;
      return Math.min(cap ?? DEFAULT_MAX_OUTPUT, DEFAULT_MAX_OUTPUT);
    };
    const result = sdk.streamText({
      model,
      system: this.definition.systemPrompt || undefined,
      messages,
      tools,
      temperature: this.definition.temperature,
      maxRetries: PROVIDER_RETRIES,
      maxOutputTokens: outputCap(),
      abortSignal: AbortSignal.any([signal, timeout.signal]),
      stopWhen: [() => this.budget.stepsLeft <= 0, () => this.budget.exceeded() !== undefined, () => this.guard.tripped !== undefined],
      prepareStep: () => ({ maxOutputTokens: outputCap() }),
      // Errors arrive as stream parts and are reported as the task's; the SDK would print them too.
      onError: () => {},
      experimental_onStepStart: () => {
        this.turn = this.task.turns + 1;
        this.turnStep = this.deps.tasks.insertStep(emptyStep(this.task.id, 'model', this.turn));
        this.deps.onProgress(this.task);
      },
      onStepFinish: (step) => this.finishTurn(step),
    });
    try {
      for await (const part of result.fullStream) {
        if (part.type === 'text-delta') this.deps.onDelta(this.task, this.turn, part.text);
        else if (part.type === 'error') streamError ??= part.error;
      }
    } catch (error) {
      streamError ??= error;
    } finally {
      clearTimeout(timer);
    }
    this.flushActive();
    if (this.turnStep && this.turnStep.status === 'running') {
      this.turnStep.status = signal.aborted || timeout.signal.aborted ? 'cancelled' : 'error';
      this.turnStep.finishedAt = Date.now();
      this.deps.tasks.updateStep(this.turnStep);
    }
    this.deps.tasks.update(this.task);
    if (signal.aborted) return { kind: 'aborted', why: (signal.reason as AbortWhy | undefined) ?? 'cancel' };
    if (timeout.signal.aborted) return { kind: 'stopped', reason: 'timeout' };
    if (streamError !== undefined) {
      const failure = describeProviderError(streamError, this.provider, sdk);
      return { kind: 'failed', error: this.deps.redact(failure.error), retryable: failure.retryable };
    }
    if (this.approvalsRequested > 0) return { kind: 'awaiting_approval' };
    if (this.guard.tripped) return { kind: 'stopped', reason: 'repeated-call' };
    const exceeded = this.budget.exceeded();
    if (exceeded) return { kind: 'stopped', reason: exceeded };
    const steps = await result.steps;
    const last = steps.at(-1);
    if (!last) return { kind: 'failed', error: 'The model returned nothing.', retryable: true };
    if (last.finishReason === 'tool-calls') return { kind: 'stopped', reason: 'max-steps' };
    if (last.finishReason === 'length' && capped) return { kind: 'stopped', reason: 'max-output-tokens' };
    if (last.finishReason === 'content-filter') return { kind: 'failed', error: "The provider's content filter stopped the answer.", retryable: false };
    if (last.finishReason === 'error') return { kind: 'failed', error: 'The provider ended the answer with an error.', retryable: true };
    return { kind: 'completed', answer: last.text };
  }

  /** The end of a model turn: its text and usage, approval requests, invalid calls, and the new messages, in one transaction. */
  private finishTurn(step: StepResult<ToolSet>): void {
    const { tasks } = this.deps;
    const usage = { inputTokens: step.usage.inputTokens ?? 0, outputTokens: step.usage.outputTokens ?? 0 };
    const { costUsd } = this.deps.prices.cost(this.definition.model, usage, this.provider.local);
    tasks.transaction(() => {
      const turn = this.turnStep!;
      Object.assign(turn, { status: 'ok', text: step.text || null, finishReason: step.finishReason, ...usage, costUsd, finishedAt: Date.now() });
      tasks.updateStep(turn);
      for (const part of step.content) {
        if (part.type === 'tool-error' && !this.recordedCalls.has(part.toolCallId)) {
          // Refused before it could run (malformed arguments, a tool it was not given): recorded all the same.
          const known = this.byName.get(part.toolName);
          this.task.toolCalls++;
          tasks.insertStep({
            ...emptyStep(this.task.id, 'tool', this.turn),
            status: 'error',
            toolCallId: part.toolCallId,
            server: known?.grant.server ?? null,
            tool: known?.grant.tool ?? part.toolName,
            arguments: JSON.stringify(this.deps.redactValue(part.input ?? {})),
            error: this.message(part.error),
            finishedAt: Date.now(),
          });
        } else if (part.type === 'tool-approval-request') {
          const known = this.byName.get(part.toolCall.toolName);
          this.approvalsRequested++;
          tasks.insertStep({
            ...emptyStep(this.task.id, 'approval', this.turn),
            status: 'pending',
            toolCallId: part.toolCall.toolCallId,
            approvalId: part.approvalId,
            server: known?.grant.server ?? null,
            tool: known?.grant.tool ?? part.toolCall.toolName,
            arguments: JSON.stringify(this.deps.redactValue(part.toolCall.input ?? {})),
          });
        }
      }
      const fresh = step.response.messages.slice(this.persistedMessages);
      this.persistedMessages = step.response.messages.length;
      tasks.appendMessages(this.task.id, fresh);
      this.task.turns++;
      this.task.inputTokens += usage.inputTokens;
      this.task.outputTokens += usage.outputTokens;
      this.task.costUsd += costUsd;
      this.save();
    });
  }
}

export function emptyStep(taskId: number, kind: StepRow['kind'], turn: number): Omit<StepRow, 'seq'> {
  return {
    taskId,
    kind,
    status: 'running',
    turn,
    text: null,
    finishReason: null,
    toolCallId: null,
    server: null,
    tool: null,
    arguments: null,
    result: null,
    error: null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    approvalId: null,
    reason: null,
    startedAt: Date.now(),
    finishedAt: null,
  };
}
