import { randomUUID } from 'node:crypto';
import type { ModelMessage } from 'ai';
import { EchelonError, FINISHED_TASK_STATES, type AgentDefinition, type ParsedInput, type TaskDetail, type TaskSource, type TaskSummary } from '../../../../../shared/contract';
import type { ApprovalService } from '../approvals/approval-service';
import type { AgentRepository } from '../definitions/agent-repository';
import type { AgentEventLog } from '../events/agent-event-log';
import type { TaskRepository, TaskRow } from '../persistence/task-repository';
import { usageOf } from '../run/budget';
import { taskPrompt } from '../run/task-run';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { laneOf, taskDetail, taskSummary } from '../views/task-views';

/** A task a workflow step gives an agent: a saved agent, or the step's own definition. */
export interface StepTask {
  agent?: string;
  definition?: AgentDefinition;
  prompt: string;
  input?: unknown;
  /** The step's idempotency key: a resumed step finds the task it started. */
  dedupKey: string;
  /** Earlier turns of the conversation (chat memory), before the prompt. */
  history?: ModelMessage[];
  signal: AbortSignal;
}

const FINISHED = new Set(FINISHED_TASK_STATES);
const RETRYABLE = new Set(['failed', 'stopped', 'interrupted', 'cancelled']);

/** Tasks: given to agents (from the UI, the CLI, the API, a workflow step), listed, waited for, cancelled, retried. */
export class TaskService {
  constructor(
    private readonly deps: { agents: AgentRepository; tasks: TaskRepository; events: AgentEventLog; runtime: AgentRuntime; approvals: ApprovalService },
  ) {}

  private get tasks() {
    return this.deps.tasks;
  }

  private get runtime() {
    return this.deps.runtime;
  }

  require(id: number): TaskRow {
    const task = this.tasks.get(id);
    if (!task) throw new EchelonError('not_found', `No task ${id}: list them with \`echelon agent tasks NAME\`.`, { path: 'id' });
    return task;
  }

  private newTask(fields: Pick<TaskRow, 'agentId' | 'agentName' | 'definition' | 'source' | 'task' | 'input' | 'priority' | 'runAt' | 'dedupKey' | 'correlationId'>): TaskRow {
    const now = Date.now();
    return this.tasks.insert({
      ...fields,
      agentVersion: null,
      state: fields.runAt > now ? 'scheduled' : 'pending',
      stopReason: null,
      deadLetter: 0,
      attempt: 0,
      recoveries: 0,
      answer: null,
      output: null,
      error: null,
      turns: 0,
      toolCalls: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      activeMs: 0,
      budgetBase: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
    });
  }

  create(input: ParsedInput<'agents.tasks.create'>): TaskSummary {
    const agent = this.deps.agents.require(input.agent);
    const runAt = input.runAt ? Date.parse(input.runAt) : Date.now();
    const task = this.newTask({
      agentId: agent.id,
      agentName: agent.name,
      definition: null,
      source: input.source,
      task: input.task,
      input: input.input === undefined ? null : JSON.stringify(input.input),
      priority: laneOf(input.priority),
      runAt,
      dedupKey: null,
      correlationId: input.correlationId ?? randomUUID(),
    });
    const waiting = agent.desiredState === 'active' ? '' : ` It waits until the agent is started.`;
    this.deps.events.record({ agentId: agent.id, agentName: agent.name, taskId: task.id, severity: 'LOW', kind: 'task.created', message: `Task ${task.id} queued (${input.priority} priority, from ${input.source}).${waiting}`, correlationId: task.correlationId });
    this.runtime.emitTask(task);
    this.runtime.enqueue(task);
    return taskSummary(this.tasks.get(task.id)!);
  }

  list(filter: ParsedInput<'agents.tasks.list'>): TaskSummary[] {
    const agentId = filter.agent ? this.deps.agents.require(filter.agent).id : undefined;
    return this.tasks.list({ ...filter, agentId }).map(taskSummary);
  }

  get(id: number): TaskDetail {
    return taskDetail(this.require(id), this.tasks.steps(id));
  }

  async wait(id: number, untilApproval: boolean, timeoutMs?: number): Promise<TaskDetail> {
    this.require(id);
    const row = await this.runtime.wait(id, (task) => FINISHED.has(task.state) || (untilApproval && task.state === 'awaiting_approval'), timeoutMs);
    return taskDetail(row, this.tasks.steps(row.id));
  }

  async cancel(id: number): Promise<TaskSummary> {
    const task = this.require(id);
    if (FINISHED.has(task.state)) throw new EchelonError('conflict', `Task ${id} has already ${task.state === 'stopped' ? 'stopped' : task.state}; there is nothing to cancel.`);
    if (task.state === 'processing' && !this.runtime.isRunning(id)) {
      throw new EchelonError('conflict', `Task ${id} is running in another Echelon process: cancel it there (the CLI reaches a running \`echelon serve\` by itself).`);
    }
    if (task.state === 'awaiting_approval') this.deps.approvals.settle(task, 'The task was cancelled.');
    await this.runtime.cancel(this.tasks.get(id)!);
    return taskSummary(this.tasks.get(id)!);
  }

  /** Runs a finished task again from its last step, its limits counting afresh. */
  retry(id: number): TaskSummary {
    const task = this.require(id);
    if (!RETRYABLE.has(task.state)) throw new EchelonError('conflict', `Task ${id} is ${task.state}; only a failed, stopped, interrupted or cancelled task can be retried.`);
    if (task.state === 'interrupted') this.runtime.acceptUnknownOutcomes(id);
    Object.assign(task, { state: 'pending', finishedAt: null, deadLetter: 0, error: null, stopReason: null, runAt: Date.now(), attempt: task.attempt + 1, budgetBase: usageOf(task) });
    this.tasks.update(task);
    this.deps.events.record({ agentId: task.agentId, agentName: task.agentName, taskId: id, severity: 'LOW', kind: 'task.retried', message: `Task ${id} retried from its last step (attempt ${task.attempt}).`, correlationId: task.correlationId });
    this.runtime.emitTask(task);
    this.runtime.enqueue(task);
    return taskSummary(task);
  }

  discard(id: number): TaskSummary {
    const task = this.require(id);
    if (task.deadLetter !== 1) throw new EchelonError('conflict', `Task ${id} is not on the dead-letter list.`);
    task.deadLetter = 0;
    this.tasks.update(task);
    return taskSummary(task);
  }

  /** Runs (or, for a resumed step, finds) a workflow step's task and waits for its end. */
  async runStep(request: StepTask): Promise<TaskRow> {
    // The "AI agent" node runs where the engine runs; a one-off CLI run has not started the runtime.
    if (!this.runtime.isStarted) this.runtime.start({ recover: false });
    let task = this.tasks.byDedup(request.dedupKey);
    if (!task) {
      const agent = request.agent ? this.deps.agents.require(request.agent) : undefined;
      if (!agent && !request.definition) throw new EchelonError('invalid_input', 'Choose a saved agent, or set the model and provider of this node.');
      task = this.newTask({
        agentId: agent?.id ?? null,
        agentName: agent?.name ?? request.definition!.name,
        definition: agent ? null : JSON.stringify(request.definition),
        source: 'workflow' satisfies TaskSource,
        task: request.prompt,
        input: request.input === undefined ? null : JSON.stringify(request.input),
        priority: laneOf('high'),
        runAt: Date.now(),
        dedupKey: request.dedupKey,
        correlationId: request.dedupKey,
      });
      this.tasks.appendMessages(task.id, [...(request.history ?? []), { role: 'user', content: taskPrompt(task) }]);
      this.runtime.emitTask(task);
    }
    if (!FINISHED.has(task.state)) this.runtime.runDirect(task);
    const cancel = () => void this.cancel(task.id).catch(() => {});
    request.signal.addEventListener('abort', cancel, { once: true });
    try {
      return await this.runtime.wait(task.id, (row) => FINISHED.has(row.state));
    } finally {
      request.signal.removeEventListener('abort', cancel);
    }
  }
}
