import { AgentDefinition, EchelonError, FINISHED_TASK_STATES, type AgentStatus } from '../../../../../shared/contract';
import type { Notifier } from '../../engine/ports';
import { RunQueue } from '../../engine/queue/run-queue';
import type { EventBus } from '../../events/event-bus';
import type { AgentRepository, StoredAgent } from '../definitions/agent-repository';
import type { AgentEventLog } from '../events/agent-event-log';
import type { TaskRepository, TaskRow } from '../persistence/task-repository';
import { TaskRun, type AbortWhy, type RunDeps, type RunOutcome } from '../run/task-run';
import { approvalView, statusLabel } from '../views/task-views';

export interface RuntimeDeps {
  agents: AgentRepository;
  tasks: TaskRepository;
  events: AgentEventLog;
  bus: EventBus;
  notifier: Notifier;
  /** Whether a person is looking at Echelon now; approvals notify the desktop when not. */
  windowFocused: () => boolean;
  run: Omit<RunDeps, 'onDelta' | 'onProgress' | 'onMissingTools'>;
  /** Checks an agent can work before it takes tasks: its provider answers, its tools exist. */
  check(definition: AgentDefinition, signal: AbortSignal): Promise<{ warnings: string[] }>;
  changed(): void;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
  agentId: string | null;
  queued: boolean;
}

const FINISHED = new Set(FINISHED_TASK_STATES);
/** A task that crashed the process this many times is not resumed again. */
const MAX_RECOVERIES = 3;
const POLL_MS = 1000;
const DESIRED_STATUS: Record<StoredAgent['desiredState'], AgentStatus> = { inactive: 'inactive', active: 'running', paused: 'paused' };

const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

/**
 * Agents at work: each active agent takes tasks from its queue (four priority lanes, per-agent
 * concurrency, retries with backoff), a task runs until it finishes, stops on a limit or waits
 * for a person; stopping an agent aborts what it runs and puts it back in the queue. At start,
 * tasks the process was running when it died are resumed from their last step.
 */
export class AgentRuntime {
  private started = false;
  private readonly statuses = new Map<string, { status: AgentStatus; lastError: string | null }>();
  private readonly queue = new RunQueue(() => this.pump(), Date.now, 4);
  private readonly queued = new Set<number>();
  /** Resumed tasks (after an approval or a crash) go ahead of new ones. */
  private readonly resumeFirst = new Set<number>();
  private readonly acceptUnknown = new Set<number>();
  private readonly running = new Map<number, Running>();
  private readonly waiters = new Map<number, Set<() => void>>();
  private readonly checks = new Map<string, AbortController>();
  private poll: NodeJS.Timeout | undefined;
  /** The one agent a one-off CLI run hosts: other agents' tasks are not taken here. */
  private only: string | undefined;

  constructor(private readonly deps: RuntimeDeps) {}

  get isStarted(): boolean {
    return this.started;
  }

  /**
   * Takes tasks from now on (in the process that runs the workflow engine); resumes what a
   * crash interrupted. `only` limits it to one agent (a one-off CLI run).
   */
  start(options: { recover: boolean; only?: string }): void {
    if (this.started) return;
    this.started = true;
    this.only = options.only;
    if (options.recover) this.recover();
    for (const agent of this.deps.agents.list()) {
      if (options.only && agent.id !== options.only) continue;
      if (agent.desiredState === 'active') void this.activate(agent.id);
      else if (agent.desiredState === 'paused') this.setStatus(agent.id, 'paused', null);
    }
    this.poll = setInterval(() => this.adoptOpenTasks(), POLL_MS);
    this.poll.unref();
  }

  private recover(): void {
    for (const task of this.deps.tasks.open()) {
      if (task.state !== 'processing') continue;
      task.recoveries++;
      if (task.recoveries > MAX_RECOVERIES) {
        this.finish(task, { kind: 'interrupted', message: `Echelon stopped ${task.recoveries - 1} times while running this task, so it is not resumed again: retry it once the cause is fixed.` }, 'CRITICAL');
        continue;
      }
      task.state = 'pending';
      this.deps.tasks.update(task);
      this.resumeFirst.add(task.id);
      this.record(task, 'MEDIUM', 'task.resumed', `Task ${task.id} resumes from its last step after Echelon stopped (recovery ${task.recoveries}).`);
      if (task.source === 'workflow') this.runDirect(task);
    }
  }

  // ---------------------------------------------------------------- agents

  status(agent: StoredAgent): { status: AgentStatus; lastError: string | null } {
    if (!this.started) return { status: DESIRED_STATUS[agent.desiredState], lastError: null };
    return this.statuses.get(agent.id) ?? { status: DESIRED_STATUS[agent.desiredState] === 'running' ? 'starting' : DESIRED_STATUS[agent.desiredState], lastError: null };
  }

  private setStatus(agentId: string, status: AgentStatus, lastError: string | null): void {
    const previous = this.statuses.get(agentId);
    if (previous?.status === status && previous.lastError === lastError) return;
    this.statuses.set(agentId, { status, lastError });
    this.deps.bus.emit('agents.status', { agentId, status, lastError });
    this.deps.changed();
  }

  /** Start: check the provider and tools, then take tasks. A failed check leaves it in `error`, saying why. */
  async activate(agentId: string): Promise<void> {
    const agent = this.deps.agents.require(agentId);
    this.deps.agents.setDesiredState(agentId, 'active');
    if (!this.started) return;
    this.checks.get(agentId)?.abort();
    const controller = new AbortController();
    this.checks.set(agentId, controller);
    this.setStatus(agentId, 'starting', null);
    try {
      const { warnings } = await this.deps.check(this.deps.agents.definition(agentId), controller.signal);
      if (controller.signal.aborted) return;
      for (const warning of warnings) this.recordAgent(agent, 'MEDIUM', 'agent.warning', warning);
      this.setStatus(agentId, 'running', null);
      this.recordAgent(agent, 'LOW', 'agent.started', 'Started: it takes tasks from its queue.');
      this.adoptOpenTasks(agentId);
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = this.deps.run.redact(error instanceof Error ? error.message : String(error));
      this.setStatus(agentId, 'error', message);
      this.recordAgent(agent, 'HIGH', 'agent.error', `Could not start: ${message}`);
    } finally {
      if (this.checks.get(agentId) === controller) this.checks.delete(agentId);
    }
  }

  /** Stop means stop: queued tasks stay queued, running ones are aborted and go back to the queue. */
  async deactivate(agentId: string): Promise<void> {
    const agent = this.deps.agents.require(agentId);
    this.deps.agents.setDesiredState(agentId, 'inactive');
    this.checks.get(agentId)?.abort();
    if (!this.started) return;
    this.setStatus(agentId, 'stopping', null);
    this.dequeue(agentId);
    await this.abortRunning((running) => running.agentId === agentId && running.queued, 'agent-stop');
    this.setStatus(agentId, 'inactive', null);
    this.recordAgent(agent, 'LOW', 'agent.stopped', 'Stopped.');
  }

  pause(agentId: string): void {
    const agent = this.deps.agents.require(agentId);
    this.deps.agents.setDesiredState(agentId, 'paused');
    if (!this.started) return;
    this.dequeue(agentId);
    this.setStatus(agentId, 'paused', null);
    this.recordAgent(agent, 'LOW', 'agent.paused', 'Paused: it finishes what it runs and takes no new task.');
  }

  resume(agentId: string): void {
    const agent = this.deps.agents.require(agentId);
    this.deps.agents.setDesiredState(agentId, 'active');
    if (!this.started) return;
    this.setStatus(agentId, 'running', null);
    this.recordAgent(agent, 'LOW', 'agent.resumed', 'Resumed: it takes tasks again.');
    this.adoptOpenTasks(agentId);
  }

  forget(agentId: string): void {
    this.statuses.delete(agentId);
  }

  private dequeue(agentId: string): void {
    for (const task of this.deps.tasks.open()) {
      if (task.agentId === agentId && this.queued.delete(task.id)) this.queue.remove(task.id);
    }
  }

  private async abortRunning(which: (running: Running) => boolean, why: AbortWhy): Promise<void> {
    const stopping = [...this.running.values()].filter(which);
    for (const running of stopping) running.controller.abort(why);
    await Promise.all(stopping.map((running) => running.done));
  }

  // ---------------------------------------------------------------- the queue

  /** Puts a pending or scheduled task in its agent's queue, when the agent takes tasks here. */
  enqueue(task: TaskRow, start = true): void {
    if (!this.started || this.running.has(task.id) || this.queued.has(task.id)) return;
    if (task.source === 'workflow') return this.runDirect(task);
    if (!task.agentId || this.statuses.get(task.agentId)?.status !== 'running') return;
    const definition = this.deps.agents.definition(task.agentId);
    const lane = this.resumeFirst.delete(task.id) ? 0 : task.priority;
    this.queued.add(task.id);
    this.queue.add({ executionId: task.id, workflowId: task.agentId, priority: lane, runAt: task.state === 'scheduled' ? task.runAt : 0, dedupKey: null, limit: definition.concurrency, child: false, enqueuedAt: Date.now() });
    if (start) this.pump();
  }

  /** Tasks of workflow steps run at once, outside any agent's queue (the workflow has its own). */
  runDirect(task: TaskRow): void {
    if (!this.started || this.running.has(task.id)) return;
    this.execute(task.id, false);
  }

  /** Tasks written by another process (a CLI approving, a task created while this agent was starting). */
  private adoptOpenTasks(agentId?: string): void {
    for (const task of this.deps.tasks.open()) {
      if ((agentId && task.agentId !== agentId) || this.running.has(task.id) || this.queued.has(task.id)) continue;
      if (this.only && task.agentId !== this.only) continue;
      if (task.state === 'pending' || task.state === 'scheduled') this.enqueue(task, false);
    }
    // All in line first, so the first to start is the most urgent, not the oldest.
    this.pump();
  }

  private pump(): void {
    for (let entry = this.queue.take(Infinity); entry; entry = this.queue.take(Infinity)) {
      this.queued.delete(entry.executionId);
      this.execute(entry.executionId, true);
    }
  }

  private definitionOf(task: TaskRow): AgentDefinition {
    if (task.definition) return AgentDefinition.parse(JSON.parse(task.definition));
    if (!task.agentId) throw new EchelonError('internal', `Task ${task.id} has neither an agent nor a definition.`);
    // A task pins the version current when it first runs: a saved edit applies to the next task.
    task.agentVersion ??= this.deps.agents.require(task.agentId).currentVersion;
    return this.deps.agents.definition(task.agentId, task.agentVersion);
  }

  private execute(taskId: number, queued: boolean): void {
    const release = () => {
      if (queued) this.queue.release(task?.agentId ?? '');
    };
    const task = this.deps.tasks.get(taskId);
    if (!task || FINISHED.has(task.state) || task.state === 'awaiting_approval') return release();
    const controller = new AbortController();
    const done = (async () => {
      let outcome: RunOutcome;
      let definition: AgentDefinition | undefined;
      try {
        definition = this.definitionOf(task);
        const fresh = task.attempt === 0;
        if (fresh) task.attempt = 1;
        task.state = 'processing';
        task.startedAt ??= Date.now();
        task.error = null;
        // The task's row and its event in one commit.
        this.deps.tasks.transaction(() => {
          this.deps.tasks.update(task);
          this.record(task, 'LOW', 'task.started', fresh ? `Task ${task.id} started.` : `Task ${task.id} continues${task.attempt > 1 ? ` (attempt ${task.attempt})` : ''}.`);
        });
        this.emitTask(task);
        outcome = await new TaskRun(this.runDeps(), task, definition).run({ signal: controller.signal, acceptUnknown: this.acceptUnknown.delete(task.id) });
      } catch (error) {
        outcome = { kind: 'failed', error: this.deps.run.redact(error instanceof Error ? error.message : String(error)), retryable: false };
      }
      this.running.delete(taskId);
      this.finish(task, outcome, undefined, definition);
      release();
    })();
    this.running.set(taskId, { controller, done, agentId: task.agentId, queued });
  }

  private runDeps(): RunDeps {
    return {
      ...this.deps.run,
      onDelta: (task, turn, text) => this.deps.bus.emit('agents.task.delta', { taskId: task.id, agentId: task.agentId, turn, text }),
      onProgress: () => {},
      onMissingTools: (task, missing) => this.record(task, 'MEDIUM', 'task.tools-missing', `Some granted tools are not available and were left out: ${missing.join('; ')}.`),
    };
  }

  /** Writes how a run ended, and what follows: a retry, a wait for a person, the end. */
  private finish(task: TaskRow, outcome: RunOutcome, severity?: 'CRITICAL', definition?: AgentDefinition): void {
    // The task's row and its events in one commit.
    this.deps.tasks.transaction(() => this.settle(task, outcome, severity, definition));
    this.emitTask(task);
    if (task.state === 'scheduled') this.enqueue(task);
  }

  private settle(task: TaskRow, outcome: RunOutcome, severity?: 'CRITICAL', definition?: AgentDefinition): void {
    const now = Date.now();
    const summary = () => `${task.turns} turn${task.turns === 1 ? '' : 's'}, ${task.toolCalls} tool call${task.toolCalls === 1 ? '' : 's'}, $${task.costUsd.toFixed(4)}`;
    switch (outcome.kind) {
      case 'completed':
        Object.assign(task, { state: 'completed', answer: outcome.answer, stopReason: null, finishedAt: now });
        this.record(task, 'LOW', 'task.completed', `Task ${task.id} completed in ${seconds(now - (task.startedAt ?? now))} (${summary()}).`);
        break;
      case 'stopped':
        Object.assign(task, { state: 'stopped', stopReason: outcome.reason, finishedAt: now });
        this.record(task, 'MEDIUM', 'task.stopped', `Task ${task.id} ${statusLabel('stopped', outcome.reason)} (${summary()}).`);
        break;
      case 'awaiting_approval': {
        task.state = 'awaiting_approval';
        for (const step of this.deps.tasks.steps(task.id).filter((row) => row.kind === 'approval' && row.status === 'pending')) {
          const view = approvalView(step, task);
          this.deps.bus.emit('agents.approval.requested', view);
          this.record(task, 'MEDIUM', 'approval.requested', `Task ${task.id} waits for approval to call ${view.server}__${view.tool}.`);
          if (!this.deps.windowFocused()) this.deps.notifier.notify({ title: `${task.agentName} needs an approval`, body: `Call ${view.server}__${view.tool}? Open the approvals inbox to decide.`, source: 'agents' });
        }
        break;
      }
      case 'failed': {
        task.error = outcome.error;
        const maxAttempts = definition?.retry.maxAttempts ?? 1;
        if (outcome.retryable && task.attempt < maxAttempts) {
          const delay = (definition?.retry.backoffSeconds ?? 30) * 1000 * 2 ** (task.attempt - 1);
          Object.assign(task, { state: 'scheduled', runAt: now + delay, attempt: task.attempt + 1 });
          this.record(task, 'MEDIUM', 'task.retry', `Task ${task.id} failed (${outcome.error}); trying again in ${seconds(delay)} (attempt ${task.attempt} of ${maxAttempts}).`);
        } else {
          Object.assign(task, { state: 'failed', deadLetter: 1, finishedAt: now });
          this.record(task, 'HIGH', 'task.failed', `Task ${task.id} failed: ${outcome.error}`);
        }
        break;
      }
      case 'aborted':
        if (outcome.why === 'cancel') {
          Object.assign(task, { state: 'cancelled', finishedAt: now });
          this.record(task, 'LOW', 'task.cancelled', `Task ${task.id} was cancelled.`);
        } else if (outcome.why === 'agent-stop') {
          task.state = 'pending';
          this.resumeFirst.add(task.id);
          this.record(task, 'LOW', 'task.requeued', `Task ${task.id} was stopped with its agent; it waits in the queue and resumes from its last step.`);
        }
        // On shutdown it stays `processing`: the next start resumes it.
        break;
      case 'interrupted':
        Object.assign(task, { state: 'interrupted', error: outcome.message, finishedAt: now });
        this.record(task, severity ?? 'HIGH', 'task.interrupted', `Task ${task.id} interrupted: ${outcome.message}`);
        break;
    }
    this.deps.tasks.update(task);
  }

  emitTask(task: TaskRow): void {
    this.deps.bus.emit('agents.task.updated', { taskId: task.id, agentId: task.agentId, state: task.state, status: statusLabel(task.state, task.stopReason) });
    for (const wake of this.waiters.get(task.id) ?? []) wake();
  }

  // ---------------------------------------------------------------- tasks

  isRunning(taskId: number): boolean {
    return this.running.has(taskId);
  }

  /** Aborts a running task (the provider request and the tool call in flight) or takes a queued one out. */
  async cancel(task: TaskRow): Promise<void> {
    const running = this.running.get(task.id);
    if (running) {
      running.controller.abort('cancel' satisfies AbortWhy);
      await running.done;
      return;
    }
    if (this.queued.delete(task.id)) this.queue.remove(task.id);
    Object.assign(task, { state: 'cancelled', finishedAt: Date.now() });
    this.deps.tasks.update(task);
    this.record(task, 'LOW', 'task.cancelled', `Task ${task.id} was cancelled.`);
    this.emitTask(task);
  }

  /** A person retried an interrupted task: calls of unknown outcome are reported to the model as such. */
  acceptUnknownOutcomes(taskId: number): void {
    this.acceptUnknown.add(taskId);
  }

  resumeSoon(taskId: number): void {
    this.resumeFirst.add(taskId);
  }

  /** Resolves when `done(row)` holds for the task; polls too, for tasks another process runs. */
  wait(taskId: number, done: (row: TaskRow) => boolean, timeoutMs?: number): Promise<TaskRow> {
    return new Promise((resolve, reject) => {
      const wakers = this.waiters.get(taskId) ?? new Set<() => void>();
      this.waiters.set(taskId, wakers);
      const cleanup = () => {
        wakers.delete(check);
        if (wakers.size === 0) this.waiters.delete(taskId);
        clearInterval(poll);
        if (timer) clearTimeout(timer);
      };
      const check = () => {
        const row = this.deps.tasks.get(taskId);
        if (!row) {
          cleanup();
          reject(new EchelonError('not_found', `No task ${taskId}.`));
        } else if (done(row)) {
          cleanup();
          resolve(row);
        }
      };
      wakers.add(check);
      const poll = setInterval(check, 500);
      const timer = timeoutMs
        ? setTimeout(() => {
            cleanup();
            reject(new EchelonError('timeout', `Task ${taskId} did not finish within ${seconds(timeoutMs)}; it goes on.`));
          }, timeoutMs)
        : undefined;
      check();
    });
  }

  // ---------------------------------------------------------------- events

  private record(task: TaskRow, severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL', kind: string, message: string): void {
    this.deps.events.record({ agentId: task.agentId, agentName: task.agentName, taskId: task.id, severity, kind, message, correlationId: task.correlationId });
  }

  private recordAgent(agent: StoredAgent, severity: 'LOW' | 'MEDIUM' | 'HIGH', kind: string, message: string): void {
    this.deps.events.record({ agentId: agent.id, agentName: agent.name, severity, kind, message });
  }

  /** Running tasks stay `processing` on disk, so the next start resumes them from their last step. */
  async dispose(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    for (const controller of this.checks.values()) controller.abort();
    this.queue.dispose();
    await this.abortRunning(() => true, 'shutdown');
    this.started = false;
  }
}
