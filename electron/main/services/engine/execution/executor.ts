import { EchelonError } from '../../../../../shared/contract/errors';
import type { ExecutionError, ExecutionStatus, TriggerKind } from '../../../../../shared/contract/executions';
import type { JsonValue } from '../../../../../shared/workflow/document';
import { NodeError, type CodeSettings, type Item, type NodeResult, type NodeServices, type Outputs } from '../node-api';
import type { ExecutionRepository, ExecutionRow, StepRow } from '../persistence/execution-repository';
import type { CheckpointWriter, ExecutionStore } from '../persistence/execution-store';
import type { StaticDataRepository } from '../persistence/static-data-repository';
import { isOutputRef, type OutputRef, type PayloadStore } from '../persistence/payloads';
import { WriteBuffer, type PendingStep } from '../persistence/write-buffer';
import type { ExecutionQueue } from '../queue/execution-queue';
import { RunQueue, type QueueEntry } from '../queue/run-queue';
import { retryDelay } from './backoff';
import { ExecutionRun, type Task, type WebhookResponder } from './execution-run';
import type { WorkflowPlan } from './plan';
import { StepContext, type StepEnvironment } from './step-context';

/** Far-future run time of an execution that waits for a person (after a crash during a call). */
export const WAIT_FOR_PERSON = 253_402_300_799_000;

export interface ExecutorConfig {
  /** Executions running at once (async steps overlap; synchronous ones share the thread). */
  concurrency: number;
  /** Queue depth beyond which new runs are refused. */
  capacity: number;
  /** Times an execution is resumed after the process died during it before it is stopped as `crashed`. */
  maxRecoveries: number;
  /** Longest slice of synchronous work before yielding to the event loop. */
  sliceMs: number;
  /** When busy, the least time between two commits (each then carries more rows). */
  commitIntervalMs: number;
}

export const DEFAULT_CONFIG: ExecutorConfig = { concurrency: 256, capacity: 100_000, maxRecoveries: 3, sliceMs: 8, commitIntervalMs: 2 };

export interface ExecutorHooks {
  plan(workflowId: string, version: number): WorkflowPlan | Promise<WorkflowPlan>;
  services(run: ExecutionRun, step: StepContext): NodeServices;
  revealSecret(name: string, field: string | undefined, workflowId: string): string;
  /** A value an expression derived from secrets: to be redacted whole wherever it is stored. */
  taint(value: unknown, secrets: string[], source: string): void;
  redact(text: string): string;
  /** Status changes (queued, running, waiting, finished) and step changes, for events and metrics. */
  onStatus(row: ExecutionRow): void;
  onStep(row: ExecutionRow, step: StepRow): void;
  onFinished(row: ExecutionRow, run: ExecutionRun | undefined): void;
  onFlushed(rows: ExecutionRow[]): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** n8n's workflow static data, kept between executions. */
  staticData: StaticDataRepository;
  /** What Code steps may require and which environment variables `$env` shows. */
  code: CodeSettings;
}

export interface EnqueueRequest {
  workflowId: string;
  workflowVersion: number;
  workflowName: string;
  trigger: TriggerKind;
  triggerNodeId: string;
  payload: JsonValue | undefined;
  priority: number;
  limit: number;
  runAt?: number;
  dedupKey?: string;
  parent?: { id: number; key: string };
}

/** Where executions are kept and queued: SQLite and the embedded queue here, Postgres and BullMQ in a worker. */
export interface ExecutorBackend {
  store: ExecutionStore;
  buffer: CheckpointWriter;
  queue: ExecutionQueue;
  /** The id of a new execution. */
  nextId(): number;
  /** Starts every step's idempotency key (`e` here; workers add their organization, so keys never collide with a desktop's). */
  keyPrefix?: string;
}

/** What a backend is built with: the executor's loop to wake, and what to tell once rows are committed. */
export interface BackendWiring {
  onReady(): void;
  onFlushed(rows: ExecutionRow[]): void;
}

/** The idempotency key a step's call carries: one per execution, node, loop pass and attempt. */
export function idempotencyKey(prefix: string, executionId: number, nodeId: string, runIndex: number, attempt: number): string {
  return runIndex > 0 ? `${prefix}${executionId}-${nodeId}-r${runIndex}-${attempt}` : `${prefix}${executionId}-${nodeId}-${attempt}`;
}

/** The desktop's backend: the SQLite repository, its write buffer and the embedded queue. */
export function embeddedBackend(repository: ExecutionRepository, config: Pick<ExecutorConfig, 'commitIntervalMs'> = DEFAULT_CONFIG, made?: (buffer: WriteBuffer) => void) {
  return (wiring: BackendWiring): ExecutorBackend => {
    const buffer = new WriteBuffer(repository, wiring.onFlushed, 4000, config.commitIntervalMs);
    made?.(buffer);
    let nextId = repository.highestId() + 1;
    return {
      store: {
        // A row still in the buffer is committed first, so what is read is what was written.
        get: (id) => {
          if (buffer.pending > 0) buffer.flush();
          return repository.get(id);
        },
        steps: (id) => repository.steps(id),
      },
      buffer,
      queue: new RunQueue(wiring.onReady),
      nextId: () => nextId++,
    };
  };
}

const STEPS_PER_TURN = 64;
/** Runs that use pinned outputs: those a person started (n8n does the same). */
const PINNED_TRIGGERS: ReadonlySet<TriggerKind> = new Set(['manual', 'retry']);
const CANCEL_GRACE_MS = 5000;

class StepTimeout extends NodeError {
  constructor(name: string, ms: number) {
    super(`"${name}" did not finish within ${ms} ms.`, 'timeout');
  }
}

const ERROR_KEYS = new Set(['error', 'message', 'details']);

/**
 * n8n's output rules, applied to what a node returns: items without `pairedItem` are paired by
 * position when that is unambiguous, and with "route errors" on, items that are only an error
 * (`{ error }`, as nodes emit per failed item) move to the error output, with their input's fields.
 */
function settleOutputs(result: Outputs, task: Task): Outputs {
  const input = ExecutionRun.mainInput(task);
  let outputs = result;
  for (const [name, items] of Object.entries(result)) {
    if (items.length === 0 || items[0]!.pairedItem !== undefined) continue;
    if (input.length !== 1 && input.length !== items.length) continue;
    // New item objects: the ones given may belong to an earlier step's recorded output.
    if (outputs === result) outputs = { ...result };
    outputs[name] = items.map((item, index) => (item.pairedItem ? item : { ...item, pairedItem: { item: input.length === 1 ? 0 : index } }));
  }
  if (task.node.onError !== 'route') return outputs;
  const errors: Item[] = [...(outputs.error ?? [])];
  const settled: Outputs = {};
  for (const [name, items] of Object.entries(outputs)) {
    if (name === 'error') continue;
    settled[name] = items.filter((item) => {
      const keys = Object.keys(item.json);
      if (!('error' in item.json) || !keys.every((key) => ERROR_KEYS.has(key))) return true;
      const source = input[item.pairedItem?.item ?? 0];
      errors.push({ ...item, json: { ...(source?.json ?? {}), ...item.json } });
      return false;
    });
  }
  settled.error = errors;
  return settled;
}

const isPromise = (value: unknown): value is Promise<NodeResult> => typeof (value as Promise<unknown> | undefined)?.then === 'function';

/**
 * Runs executions: takes them from the queue, advances each step by step in bounded slices,
 * records every step through the write buffer (flushed before any step that calls the outside
 * world), retries with backoff, parks waits in the queue, and replays recorded steps when an
 * execution resumes, so no finished step ever runs twice.
 */
export class Executor {
  readonly queue: ExecutionQueue;
  readonly buffer: CheckpointWriter;
  private readonly store: ExecutionStore;
  private readonly newId: () => number;
  private readonly keyPrefix: string;
  private readonly active = new Map<number, ExecutionRun>();
  /** Enqueued in this process and not started yet: no need to read them back. */
  private readonly fresh = new Map<number, { row: ExecutionRow; payload: JsonValue | undefined; triggerNodeId: string }>();
  private readonly responders = new Map<number, WebhookResponder>();
  private readonly plans = new Map<string, WorkflowPlan>();
  private runnable: ExecutionRun[] = [];
  private loopScheduled = false;
  private readonly environment: StepEnvironment;
  private stopped = false;
  refused = 0;
  deduplicated = 0;

  constructor(
    backend: (wiring: BackendWiring) => ExecutorBackend,
    private readonly payloads: PayloadStore,
    private readonly hooks: ExecutorHooks,
    readonly config: ExecutorConfig = DEFAULT_CONFIG,
  ) {
    const built = backend({ onReady: () => this.schedule(), onFlushed: (rows) => hooks.onFlushed(rows) });
    this.store = built.store;
    this.buffer = built.buffer;
    this.queue = built.queue;
    this.newId = built.nextId;
    this.keyPrefix = built.keyPrefix ?? 'e';
    this.environment = { revealSecret: hooks.revealSecret, taint: hooks.taint, services: hooks.services, staticData: hooks.staticData, code: hooks.code };
  }

  get running(): number {
    return this.active.size;
  }

  isActive(id: number): boolean {
    return this.active.has(id);
  }

  activeRun(id: number): ExecutionRun | undefined {
    return this.active.get(id);
  }

  /** A queued run for `request`, or the pending one with the same dedup key. */
  enqueue(request: EnqueueRequest, responder?: WebhookResponder): { row: ExecutionRow; deduplicated: boolean } {
    if (this.stopped) throw new EchelonError('unavailable', 'The engine is stopping: try again once it has started.');
    if (request.dedupKey) {
      const pending = this.queue.pendingWithKey(request.dedupKey);
      if (pending) {
        this.deduplicated++;
        const row = this.fresh.get(pending.executionId)?.row ?? this.store.get(pending.executionId);
        if (row) return { row, deduplicated: true };
      }
    }
    if (this.queue.depth >= this.config.capacity) {
      this.refused++;
      throw new EchelonError('unavailable', `The run queue is full (${this.queue.depth} runs waiting, the limit is ${this.config.capacity}): wait for it to drain, then try again.`);
    }
    const now = Date.now();
    const id = this.newId();
    const row: ExecutionRow = {
      id,
      workflowId: request.workflowId,
      workflowVersion: request.workflowVersion,
      workflowName: request.workflowName,
      status: 'queued',
      trigger: request.trigger,
      priority: request.priority,
      runAt: request.runAt ?? now,
      dedupKey: request.dedupKey ?? null,
      parentId: request.parent?.id ?? null,
      parentKey: request.parent?.key ?? null,
      input: this.payloads.encode({ node: request.triggerNodeId, payload: request.payload ?? null }, () => `${id}/input.json`),
      output: null,
      error: null,
      recoveries: 0,
      deadLetter: 0,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      attempts: null,
      attemptStartedAt: null,
    };
    // The loop is scheduled before the write, so a run that finishes within the tick is written once, finished.
    this.schedule();
    this.buffer.execution(row);
    this.fresh.set(id, { row, payload: request.payload, triggerNodeId: request.triggerNodeId });
    if (responder) this.responders.set(id, responder);
    this.queue.add(this.entryFor(row, request.limit));
    this.hooks.onStatus(row);
    return { row, deduplicated: false };
  }

  private entryFor(row: ExecutionRow, limit: number): QueueEntry {
    return {
      executionId: row.id,
      workflowId: row.workflowId,
      priority: row.priority,
      runAt: row.runAt,
      dedupKey: row.status === 'queued' ? row.dedupKey : null,
      limit,
      child: row.parentId !== null,
      enqueuedAt: Date.now(),
    };
  }

  /** Puts a stored execution (queued, waiting, resumed after a crash, retried) back in line. */
  requeue(row: ExecutionRow, limit: number): void {
    if (this.queue.has(row.id) || this.active.has(row.id)) return;
    this.queue.add(this.entryFor(row, limit));
    this.schedule();
  }

  responder(id: number): WebhookResponder | undefined {
    return this.responders.get(id);
  }

  // ---------------------------------------------------------------- the loop

  private schedule(): void {
    if (this.loopScheduled || this.stopped) return;
    this.loopScheduled = true;
    setImmediate(() => this.loop());
  }

  private loop(): void {
    this.loopScheduled = false;
    if (this.stopped) return;
    const deadline = performance.now() + this.config.sliceMs;
    for (;;) {
      this.admit();
      const run = this.runnable.length > 0 ? this.nextRunnable() : undefined;
      if (!run) break;
      this.advance(run, deadline);
      if (performance.now() >= deadline) break;
    }
    if (this.runnable.length > 0 || (this.queue.stats().ready > 0 && this.queue.running < this.config.concurrency)) this.schedule();
  }

  private runnableHead = 0;

  private nextRunnable(): ExecutionRun | undefined {
    const run = this.runnable[this.runnableHead++];
    if (this.runnableHead >= this.runnable.length) {
      this.runnable = [];
      this.runnableHead = 0;
    }
    return run;
  }

  private makeRunnable(run: ExecutionRun): void {
    this.runnable.push(run);
    this.schedule();
  }

  private admit(): void {
    for (;;) {
      const entry = this.queue.take(this.config.concurrency);
      if (!entry) return;
      const fresh = this.fresh.get(entry.executionId);
      this.fresh.delete(entry.executionId);
      const row = fresh?.row ?? this.store.get(entry.executionId);
      if (!row || row.status === 'succeeded' || row.status === 'failed' || row.status === 'cancelled' || row.status === 'crashed') {
        this.queue.release(entry.workflowId, entry.executionId);
        continue;
      }
      const plan = this.plans.get(`${row.workflowId}@${row.workflowVersion}`);
      if (plan) {
        this.start(row, plan, fresh);
        continue;
      }
      const target = row;
      Promise.resolve()
        .then(() => this.hooks.plan(target.workflowId, target.workflowVersion))
        .then(
          (loaded) => {
            this.plans.set(`${target.workflowId}@${target.workflowVersion}`, loaded);
            this.start(target, loaded, fresh);
            this.schedule();
          },
          (error: unknown) => this.failUnstarted(target, error),
        );
    }
  }

  /** An execution that cannot even start (its version is gone, its workflow has problems). */
  private failUnstarted(row: ExecutionRow, error: unknown): void {
    const now = Date.now();
    row.status = 'failed';
    row.startedAt ??= now;
    row.finishedAt = now;
    row.deadLetter = 1;
    row.error = JSON.stringify({ message: this.hooks.redact(error instanceof Error ? error.message : String(error)), code: 'cannot_start' } satisfies ExecutionError);
    this.buffer.execution(row);
    this.queue.release(row.workflowId, row.id);
    this.hooks.onStatus(row);
    this.hooks.onFinished(row, undefined);
  }

  private start(row: ExecutionRow, plan: WorkflowPlan, fresh?: { payload: JsonValue | undefined; triggerNodeId: string }): void {
    let payload = fresh?.payload;
    let triggerNodeId = fresh?.triggerNodeId;
    const resumed = row.startedAt !== null;
    if (!fresh) {
      const input = this.payloads.decode(row.input) as { node?: string; payload?: JsonValue } | undefined;
      payload = input?.payload ?? undefined;
      triggerNodeId = input?.node;
    }
    const run = new ExecutionRun(row, plan, payload ?? undefined);
    run.webhook = this.responders.get(row.id);
    if (resumed) run.replay = new Map(this.store.steps(row.id).map((step) => [step.seq, step]));
    const trigger = (triggerNodeId && plan.nodes.get(triggerNodeId)) || plan.triggers.find((node) => node.node.type === 'manual.trigger') || plan.triggers[0];
    if (!trigger) {
      this.failUnstarted(row, new Error('The workflow has no trigger to start from.'));
      return;
    }
    row.status = 'running';
    row.startedAt ??= Date.now();
    // A retried execution's new attempt starts now (a resumed delay continues the same attempt).
    if (row.attempts !== null) row.attemptStartedAt ??= Date.now();
    this.buffer.execution(row);
    this.hooks.onStatus(row);
    if (plan.timeoutMs) {
      const remaining = plan.timeoutMs - (Date.now() - row.startedAt);
      run.deadlineTimer = setTimeout(() => this.stop(run, 'timeout'), Math.max(0, remaining));
    }
    run.stack.push({ node: trigger, inputs: {}, refs: {} });
    this.active.set(row.id, run);
    this.runnable.push(run);
  }

  private advance(run: ExecutionRun, deadline: number): void {
    let steps = 0;
    while (!run.busy && !run.finished) {
      if (run.stopReason) {
        this.finish(run, run.stopReason === 'timeout' ? 'failed' : 'cancelled', run.stopReason === 'timeout' ? this.timeoutError(run) : undefined);
        return;
      }
      if (steps++ >= STEPS_PER_TURN || performance.now() >= deadline) {
        this.runnable.push(run);
        return;
      }
      const task = run.nextTask();
      if (!task) {
        this.finish(run, 'succeeded');
        return;
      }
      if (!this.step(run, task)) return;
    }
  }

  // ---------------------------------------------------------------- one step

  /** Runs (or replays) one node run; false when the run stops here (async step, park, finish). */
  private step(run: ExecutionRun, task: Task): boolean {
    if (this.stopped) return false;
    const plan = task.node;
    const seq = run.seq++;
    const runIndex = run.nextRunIndex(plan.node.id);
    let attempt = 1;
    const recorded = run.replay?.get(seq);
    if (recorded) {
      run.replay!.delete(seq);
      if (recorded.nodeId !== plan.node.id) {
        this.hooks.log('warn', `Execution ${run.id}: step ${seq} was "${recorded.nodeId}" and is now "${plan.node.id}"; running the rest afresh.`);
        run.replay = undefined;
      } else {
        const decided = this.fromRecord(run, task, seq, recorded);
        if (decided !== undefined) {
          if (typeof decided === 'boolean') return decided;
          attempt = decided.attempt;
        }
      }
    }
    if (plan.node.disabled) {
      // A disabled node hands its input on unchanged, as in n8n.
      const first = [...plan.outgoing.keys()][0] ?? 'main';
      const outputs = { [first]: ExecutionRun.mainInput(task) };
      run.last = { seq, output: first, items: outputs[first]! };
      run.propagate(task, seq, outputs);
      return true;
    }
    if (plan.node.pinnedOutput && PINNED_TRIGGERS.has(run.row.trigger)) return this.pinned(run, task, seq, runIndex);
    return this.execute(run, task, seq, runIndex, attempt);
  }

  /** A node whose output is pinned, in a run started by hand: the pinned items flow on; the node does not run. */
  private pinned(run: ExecutionRun, task: Task, seq: number, runIndex: number): boolean {
    const node = task.node.node;
    const outputs: Outputs = Object.fromEntries(
      Object.entries(node.pinnedOutput!).map(([name, items]) => [name, items.map((json) => ({ json: (json !== null && typeof json === 'object' && !Array.isArray(json) ? json : { value: json }) as Item['json'] }))]),
    );
    const now = Date.now();
    const step: StepRow = { executionId: run.id, seq, nodeId: node.id, nodeType: node.type, runIndex, status: 'succeeded', attempt: 1, input: null, output: null, error: null, logs: JSON.stringify(['Output pinned: the node did not run.']), state: null, startedAt: now, finishedAt: now, waitUntil: null };
    this.buffer.step({
      row: step,
      prepare: () => {
        step.input = this.encodeInput(task, run.id, seq);
        step.output = this.payloads.encode(outputs, () => `${run.id}/${seq}-output.json`);
      },
    });
    this.hooks.onStep(run.row, step);
    this.setLast(run, seq, outputs);
    run.propagate(task, seq, outputs);
    return true;
  }

  /**
   * Decides what a recorded step means on replay: its outputs (true: go on), a stop (false),
   * or a new try (with which attempt). Undefined: run it as new.
   */
  private fromRecord(run: ExecutionRun, task: Task, seq: number, recorded: StepRow): boolean | { attempt: number } | undefined {
    const plan = task.node;
    switch (recorded.status) {
      case 'succeeded':
        return this.replayOutputs(run, task, seq, recorded);
      case 'failed':
        if (recorded.output !== null) return this.replayOutputs(run, task, seq, recorded);
        return { attempt: recorded.attempt + 1 };
      case 'cancelled':
        return { attempt: recorded.attempt + 1 };
      case 'waiting': {
        if (recorded.waitUntil === null) return { attempt: recorded.attempt };
        if (recorded.waitUntil > Date.now()) {
          run.current = recorded;
          this.park(run, recorded.waitUntil);
          return false;
        }
        if (recorded.error === null) {
          // A delay that is over: its outputs flow on now.
          recorded.status = 'succeeded';
          recorded.finishedAt = Date.now();
          this.buffer.step({ row: recorded });
          this.hooks.onStep(run.row, recorded);
          return this.replayOutputs(run, task, seq, recorded);
        }
        return { attempt: recorded.attempt + 1 };
      }
      case 'running': {
        if (!plan.spec.sideEffects || plan.spec.recovery === 'retry') return { attempt: recorded.attempt };
        const message =
          plan.spec.recovery === 'fail'
            ? `The process stopped while "${plan.node.name}" was calling out; its node type is not retried after a crash.`
            : `The process stopped while "${plan.node.name}" was calling out: check whether the call took effect, then retry (same idempotency key) or cancel.`;
        recorded.error = JSON.stringify({ message, code: 'interrupted' });
        recorded.finishedAt = Date.now();
        run.current = recorded;
        if (plan.spec.recovery === 'wait') {
          recorded.status = 'waiting';
          recorded.waitUntil = null;
          this.buffer.step({ row: recorded });
          this.hooks.onStep(run.row, recorded);
          this.park(run, WAIT_FOR_PERSON);
          return false;
        }
        recorded.status = 'failed';
        // As any failure: stop, or go on with the error as output if the node says so.
        const outputs = this.errorOutputs(task, message);
        if (outputs) recorded.output = this.payloads.encode(outputs, () => `${run.id}/${seq}-output.json`);
        this.buffer.step({ row: recorded });
        this.hooks.onStep(run.row, recorded);
        return this.afterFailure(run, task, seq, new NodeError(message, 'interrupted', true), outputs);
      }
    }
  }

  private replayOutputs(run: ExecutionRun, task: Task, seq: number, recorded: StepRow): boolean {
    const outputs = (this.payloads.decode(recorded.output) ?? {}) as Outputs;
    run.states.set(task.node.node.id, recorded.state === null ? undefined : (JSON.parse(recorded.state) as JsonValue));
    this.setLast(run, seq, outputs);
    run.propagate(task, seq, outputs);
    return true;
  }

  private setLast(run: ExecutionRun, seq: number, outputs: Outputs): void {
    let chosen: string | undefined;
    for (const [name, items] of Object.entries(outputs)) {
      chosen ??= name;
      if (items.length > 0) {
        chosen = name;
        break;
      }
    }
    if (chosen !== undefined) run.last = { seq, output: chosen, items: outputs[chosen]! };
  }

  private execute(run: ExecutionRun, task: Task, seq: number, runIndex: number, attempt: number): boolean {
    const plan = task.node;
    const id = plan.node.id;
    const key = idempotencyKey(this.keyPrefix, run.id, id, runIndex, attempt);
    const step: StepRow = {
      executionId: run.id,
      seq,
      nodeId: id,
      nodeType: plan.node.type,
      runIndex,
      status: 'running',
      attempt,
      input: null,
      output: null,
      error: null,
      logs: null,
      state: null,
      startedAt: Date.now(),
      finishedAt: null,
      waitUntil: null,
    };
    const live: { outputs?: Outputs; state?: JsonValue } = {};
    const pending: PendingStep = {
      row: step,
      prepare: () => {
        step.input = this.encodeInput(task, run.id, seq);
        if (live.outputs) step.output = this.payloads.encode(live.outputs, () => `${run.id}/${seq}-output.json`);
        step.state = live.state === undefined ? null : JSON.stringify(live.state);
      },
    };
    if (plan.node.executeOnce) {
      // n8n's "Execute Once": the node sees only the first item of each input.
      task = { ...task, inputs: Object.fromEntries(Object.entries(task.inputs).map(([name, items]) => [name, items.slice(0, 1)])), refs: {} };
    }
    const ctx = new StepContext(run, task, runIndex, attempt, key, run.states.get(id), this.environment);
    run.current = step;
    this.buffer.step(pending);
    this.hooks.onStep(run.row, step);
    // Persisted before it runs, where it matters: a crash mid-call is then known on restart.
    const durable = plan.spec.sideEffects ? this.buffer.flush() : undefined;
    if (!durable) return this.invoke(run, task, pending, ctx, live);
    // A store that commits asynchronously (Postgres): the call waits for the commit. A run the
    // store refused meanwhile (cancelled, taken over) was abandoned and does not call out.
    run.busy = true;
    durable.then(
      () => {
        if (this.stopped || run.finished || run.current !== step) return;
        run.busy = false;
        if (run.stopReason) this.stopDuringStep(run, pending);
        else if (this.invoke(run, task, pending, ctx, live)) this.makeRunnable(run);
      },
      () => {
        // The store was closed before it could commit: the run is handed back as it stands.
      },
    );
    return false;
  }

  /** Calls the node's implementation for a step whose start is recorded, and settles the step with its result. */
  private invoke(run: ExecutionRun, task: Task, pending: PendingStep, ctx: StepContext, live: { outputs?: Outputs; state?: JsonValue }): boolean {
    const plan = task.node;
    const step = pending.row;
    let result: NodeResult | Promise<NodeResult>;
    try {
      result = plan.implementation.run(ctx);
    } catch (error) {
      return this.stepFailed(run, task, pending, ctx, error);
    }
    if (!isPromise(result)) return this.stepSucceeded(run, task, pending, ctx, live, result);

    run.busy = true;
    let timer: NodeJS.Timeout | undefined;
    const settled = plan.timeoutMs
      ? Promise.race([
          result,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              const error = new StepTimeout(plan.node.name, plan.timeoutMs!);
              ctx.timeout(error);
              reject(error);
            }, plan.timeoutMs);
          }),
        ])
      : result;
    settled.then(
      (value) => {
        clearTimeout(timer);
        if (this.stopped || run.finished || run.current !== step) return;
        run.busy = false;
        if (this.stepSucceeded(run, task, pending, ctx, live, value)) this.makeRunnable(run);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (this.stopped || run.finished || run.current !== step) return;
        run.busy = false;
        if (this.stepFailed(run, task, pending, ctx, error)) this.makeRunnable(run);
      },
    );
    return false;
  }

  private encodeInput(task: Task, executionId: number, seq: number): string | null {
    const names = Object.keys(task.inputs);
    if (names.length === 0) return null;
    const stored: Record<string, Item[] | OutputRef> = {};
    for (const name of names) {
      const ref = task.refs[name];
      stored[name] = ref ? { $ref: ref } : task.inputs[name]!;
    }
    return this.payloads.encode(stored, () => `${executionId}/${seq}-input.json`);
  }

  private stepSucceeded(run: ExecutionRun, task: Task, pending: PendingStep, ctx: StepContext, live: { outputs?: Outputs; state?: JsonValue }, result: NodeResult): boolean {
    const step = pending.row;
    if (run.stopReason) return this.stopDuringStep(run, pending);
    const outputs = settleOutputs(result.outputs, task);
    live.outputs = outputs;
    live.state = result.state;
    run.states.set(task.node.node.id, result.state);
    if (ctx.logs.length > 0) step.logs = this.hooks.redact(JSON.stringify(ctx.logs));
    const now = Date.now();
    if (result.waitUntil !== undefined && result.waitUntil > now) {
      step.status = 'waiting';
      step.waitUntil = result.waitUntil;
      this.buffer.step(pending);
      this.hooks.onStep(run.row, step);
      this.park(run, result.waitUntil);
      return false;
    }
    step.status = 'succeeded';
    step.finishedAt = now;
    this.buffer.step(pending);
    this.hooks.onStep(run.row, step);
    this.setLast(run, step.seq, outputs);
    run.propagate(task, step.seq, outputs);
    return true;
  }

  private stepFailed(run: ExecutionRun, task: Task, pending: PendingStep, ctx: StepContext, error: unknown): boolean {
    const step = pending.row;
    if (run.stopReason) return this.stopDuringStep(run, pending);
    const plan = task.node;
    const message = this.hooks.redact(error instanceof Error ? error.message : String(error));
    const code = error instanceof NodeError ? error.code : error instanceof EchelonError ? error.code : 'error';
    const permanent = (error instanceof NodeError && error.permanent) || (error instanceof EchelonError && error.code !== 'unavailable' && error.code !== 'timeout');
    if (ctx.logs.length > 0) step.logs = this.hooks.redact(JSON.stringify(ctx.logs));
    step.error = JSON.stringify({ message, code, nodeId: plan.node.id, nodeName: plan.node.name });
    step.finishedAt = Date.now();
    if (!permanent && step.attempt < plan.retry.maxTries) {
      step.status = 'waiting';
      step.waitUntil = step.finishedAt + retryDelay(step.attempt, plan.retry);
      this.buffer.step(pending);
      this.hooks.onStep(run.row, step);
      this.park(run, step.waitUntil);
      return false;
    }
    step.status = 'failed';
    const outputs = this.errorOutputs(task, message);
    if (outputs) {
      const live = pending.prepare;
      pending.prepare = () => {
        live?.();
        step.output = this.payloads.encode(outputs, () => `${run.id}/${step.seq}-output.json`);
      };
    }
    this.buffer.step(pending);
    this.hooks.onStep(run.row, step);
    return this.afterFailure(run, task, step.seq, new NodeError(message, code), outputs);
  }

  /** n8n's on-error settings: stop the run, continue with the error as the output, or route it to "error". */
  private errorOutputs(task: Task, message: string): Outputs | undefined {
    const input = ExecutionRun.mainInput(task);
    switch (task.node.onError) {
      case 'continue':
        return { main: [{ json: { error: message } }] };
      case 'route':
        // As n8n: one error item, with the (first) input item's fields.
        return { error: [{ json: { ...(input[0]?.json ?? {}), error: message }, pairedItem: { item: 0 } }] };
      default:
        return undefined;
    }
  }

  private afterFailure(run: ExecutionRun, task: Task, seq: number, error: NodeError, outputs?: Outputs): boolean {
    if (outputs) {
      this.setLast(run, seq, outputs);
      run.propagate(task, seq, outputs);
      return true;
    }
    this.finish(run, 'failed', { message: error.message, code: error.code, nodeId: task.node.node.id, nodeName: task.node.node.name });
    return false;
  }

  private stopDuringStep(run: ExecutionRun, pending: PendingStep): boolean {
    pending.row.status = 'cancelled';
    pending.row.finishedAt = Date.now();
    this.buffer.step(pending);
    this.hooks.onStep(run.row, pending.row);
    this.finish(run, run.stopReason === 'timeout' ? 'failed' : 'cancelled', run.stopReason === 'timeout' ? this.timeoutError(run) : undefined);
    return false;
  }

  private timeoutError(run: ExecutionRun): ExecutionError {
    return { message: `The execution did not finish within ${run.plan.timeoutMs} ms (the workflow's time limit).`, code: 'timeout' };
  }

  // ---------------------------------------------------------------- park, stop, finish

  /** Takes a run out of memory until `until`; the queue brings it back and it resumes by replay. */
  private park(run: ExecutionRun, until: number): void {
    const row = run.row;
    row.status = 'waiting';
    row.runAt = until;
    this.buffer.execution(row);
    this.detach(run);
    this.hooks.onStatus(row);
    if (until !== WAIT_FOR_PERSON) this.queue.add(this.entryFor(row, run.plan.concurrency));
  }

  private detach(run: ExecutionRun): void {
    run.finished = true;
    if (run.deadlineTimer) clearTimeout(run.deadlineTimer);
    this.active.delete(run.id);
    this.queue.release(run.row.workflowId, run.id);
  }

  /** Stops a running execution: its signal aborts the current step, which ends it as cancelled (or failed, on timeout). */
  stop(run: ExecutionRun, reason: 'cancel' | 'timeout'): void {
    if (run.finished || run.stopReason) return;
    run.stopReason = reason;
    run.abort.abort(reason === 'timeout' ? new NodeError('The execution timed out.', 'timeout') : new NodeError('The execution was cancelled.', 'cancelled'));
    if (!run.busy) {
      this.makeRunnable(run);
      return;
    }
    // A step that ignores its signal does not hold the execution: it is ended anyway after a grace period.
    const grace = setTimeout(() => {
      if (run.finished || !run.busy) return;
      run.busy = false;
      if (run.current) {
        run.current.status = 'cancelled';
        run.current.finishedAt = Date.now();
        this.buffer.step({ row: run.current });
      }
      this.finish(run, reason === 'timeout' ? 'failed' : 'cancelled', reason === 'timeout' ? this.timeoutError(run) : undefined);
    }, CANCEL_GRACE_MS);
    grace.unref?.();
  }

  private finish(run: ExecutionRun, status: ExecutionStatus, error?: ExecutionError): void {
    if (run.finished) return;
    const row = run.row;
    row.status = status;
    row.finishedAt = Date.now();
    row.error = error ? JSON.stringify(error) : null;
    row.output = run.last ? JSON.stringify({ $ref: { seq: run.last.seq, output: run.last.output } } satisfies OutputRef) : null;
    row.deadLetter = status === 'failed' ? 1 : 0;
    this.buffer.execution(row);
    this.detach(run);
    this.hooks.onStatus(row);
    this.hooks.onFinished(row, run);
  }

  /**
   * Drops a run without writing anything more about it: its store refused it (cancelled
   * elsewhere, or taken over by another worker after this one lost its lease). Its current step
   * is aborted; a queued run is forgotten.
   */
  abandon(id: number, reason: string): void {
    const run = this.active.get(id);
    if (!run) {
      this.queue.remove(id);
      this.fresh.delete(id);
      return;
    }
    run.abort.abort(new NodeError(reason, 'cancelled'));
    this.detach(run);
  }

  /** Ends an execution that is not in memory (queued, parked, waiting for a person). */
  finishStored(row: ExecutionRow, status: ExecutionStatus, error?: ExecutionError): void {
    this.queue.remove(row.id);
    this.fresh.delete(row.id);
    const now = Date.now();
    row.status = status;
    row.finishedAt = now;
    row.error = error ? JSON.stringify(error) : row.error;
    row.deadLetter = status === 'failed' || status === 'crashed' ? 1 : 0;
    this.buffer.execution(row);
    this.hooks.onStatus(row);
    this.hooks.onFinished(row, undefined);
  }

  /** The in-memory row of an execution that is queued in this process, if any. */
  freshRow(id: number): ExecutionRow | undefined {
    return this.fresh.get(id)?.row;
  }

  /** The items an execution ended with (its last node's output). */
  outputItems(row: ExecutionRow, run?: ExecutionRun): Item[] {
    if (run?.last) return run.last.items;
    if (!row.output) return [];
    const ref = JSON.parse(row.output) as unknown;
    if (!isOutputRef(ref)) return [];
    const step = this.store.steps(row.id).find((candidate) => candidate.seq === ref.$ref.seq);
    const outputs = (step ? this.payloads.decode(step.output) : undefined) as Outputs | undefined;
    return outputs?.[ref.$ref.output] ?? [];
  }

  forgetResponder(id: number): void {
    this.responders.delete(id);
  }

  /**
   * Stops admitting work and cancels timers. Running executions go back to 'queued' (not a
   * crash: their recovery count stays), so the next start resumes them by replay.
   */
  dispose(): void {
    this.stopped = true;
    for (const run of this.active.values()) {
      if (run.deadlineTimer) clearTimeout(run.deadlineTimer);
      run.row.status = 'queued';
      run.row.runAt = Date.now();
      this.buffer.execution(run.row);
      run.abort.abort(new NodeError('The engine is stopping.', 'unavailable'));
    }
    this.active.clear();
    this.queue.dispose();
    this.buffer.dispose();
  }
}
