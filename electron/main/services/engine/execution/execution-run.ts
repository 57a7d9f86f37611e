import type { JsonValue } from '../../../../../shared/workflow/document';
import type { NodeRunData } from '../expressions/scope';
import type { Item, Outputs, WebhookReply } from '../node-api';
import type { ExecutionRow, StepRow } from '../persistence/execution-repository';
import type { PlanNode, WorkflowPlan } from './plan';

/** One node run waiting its turn: its input items and where they came from. */
export interface Task {
  node: PlanNode;
  inputs: Record<string, Item[]>;
  /** The step output each input is, so the step stores a reference instead of a copy. */
  refs: Record<string, { seq: number; output: string }>;
  /** The node and output that fed the main input, for `$('Node').item` lineage. */
  source?: { node: string; output: string };
}

interface WaitingTask extends Task {
  order: number;
  arrived: Set<string>;
}

/** Answers the webhook request that started an execution. */
export interface WebhookResponder {
  mode: 'immediately' | 'lastNode' | 'respondNode';
  responseCode: number;
  responseData: 'firstEntryJson' | 'allEntries' | 'noData';
  reply(reply: WebhookReply): void;
  replied: boolean;
}

/**
 * The live state of one execution: the stack of node runs (depth first, as n8n's v1 order),
 * nodes with several inputs waiting for the rest, and what each node last produced (for
 * expressions). Deterministic: the same outputs give the same sequence of steps, which is what
 * lets a resumed execution replay its recorded steps instead of running them again.
 */
export class ExecutionRun {
  readonly stack: Task[] = [];
  private readonly waiting = new Map<string, WaitingTask>();
  private readonly firedFirst = new Set<string>();
  private waitOrder = 0;
  readonly lastRuns = new Map<string, NodeRunData>();
  readonly runCounts = new Map<string, number>();
  readonly states = new Map<string, JsonValue | undefined>();
  seq = 0;
  /** Recorded steps of an earlier attempt at this execution, by seq. */
  replay: Map<number, StepRow> | undefined;
  last: { seq: number; output: string; items: Item[] } | undefined;
  readonly abort = new AbortController();
  /** Set when cancelled or past the workflow's time limit; the run ends at the next chance. */
  stopReason: 'cancel' | 'timeout' | undefined;
  /** Ended or parked: late results of a step are ignored. */
  finished = false;
  /** A step is running asynchronously; the run continues when it settles. */
  busy = false;
  /** Child-execution keys handed out, per step, so each sub-workflow call gets its own. */
  childCalls = 0;
  webhook: WebhookResponder | undefined;
  deadlineTimer: NodeJS.Timeout | undefined;
  /** The step currently running, for cancellation. */
  current: StepRow | undefined;

  constructor(
    readonly row: ExecutionRow,
    readonly plan: WorkflowPlan,
    readonly payload: JsonValue | undefined,
  ) {}

  get id(): number {
    return this.row.id;
  }

  nextRunIndex(nodeId: string): number {
    const count = this.runCounts.get(nodeId) ?? 0;
    this.runCounts.set(nodeId, count + 1);
    return count;
  }

  /** The next node run: the top of the stack, else a node still waiting for an input that will not come. */
  nextTask(): Task | undefined {
    const task = this.stack.pop();
    if (task) return task;
    if (this.waiting.size === 0) return undefined;
    let first: WaitingTask | undefined;
    for (const candidate of this.waiting.values()) if (!first || candidate.order < first.order) first = candidate;
    this.waiting.delete(first!.node.node.id);
    for (const input of first!.node.connectedInputs) first!.inputs[input] ??= [];
    return first;
  }

  /** Records a node's outputs and schedules the nodes they feed (first output, topmost child first). */
  propagate(task: Task, seq: number, outputs: Outputs): void {
    const plan = task.node;
    this.lastRuns.set(plan.node.name, { outputs, source: task.source });
    const children: Task[] = [];
    for (const [output, targets] of plan.outgoing) {
      const items = outputs[output];
      if (!items || items.length === 0 || targets.length === 0) continue;
      const source = { node: plan.node.name, output };
      for (const { to, input } of targets) {
        const ref = { seq, output };
        if (to.connectedInputs.length <= 1) {
          children.push({ node: to, inputs: { [input]: items }, refs: { [input]: ref }, source });
          continue;
        }
        if (to.waitForFirst) {
          if (this.firedFirst.has(to.node.id)) continue;
          this.firedFirst.add(to.node.id);
          children.push({ node: to, inputs: { [input]: items }, refs: { [input]: ref }, source });
          continue;
        }
        let waiting = this.waiting.get(to.node.id);
        if (!waiting) {
          waiting = { node: to, inputs: {}, refs: {}, order: this.waitOrder++, arrived: new Set() };
          this.waiting.set(to.node.id, waiting);
        }
        waiting.inputs[input] = items;
        waiting.refs[input] = ref;
        waiting.arrived.add(input);
        if (input === to.connectedInputs[0]) waiting.source = source;
        if (to.connectedInputs.every((name) => waiting!.arrived.has(name))) {
          this.waiting.delete(to.node.id);
          children.push(waiting);
        }
      }
    }
    for (let i = children.length - 1; i >= 0; i--) this.stack.push(children[i]!);
  }

  /** The main input of a task (the first connected input for multi-input nodes). */
  static mainInput(task: Task): Item[] {
    return task.inputs.main ?? task.inputs[task.node.connectedInputs[0] ?? 'main'] ?? Object.values(task.inputs)[0] ?? [];
  }
}
