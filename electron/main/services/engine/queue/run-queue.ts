import type { ExecutionQueue, QueueStats } from './execution-queue';

/**
 * The in-memory view of queued runs (the rows themselves are executions with status
 * 'queued' or 'waiting'): three priority lanes of ready runs, a heap of runs due later, a
 * dedup index, and per-workflow concurrency. `take()` hands out the next run allowed to start.
 */

export interface QueueEntry {
  executionId: number;
  workflowId: string;
  /** 0 high, 1 normal, 2 low. */
  priority: number;
  runAt: number;
  dedupKey: string | null;
  /** Per-workflow concurrency limit (from the pinned version's settings). */
  limit: number;
  /** Children of a running execution start even when the global limit is reached (their parent holds a slot waiting). */
  child: boolean;
  enqueuedAt: number;
  removed?: boolean;
}

/** A FIFO with O(1) push/shift, compacted as it drains. */
class Deque<T> {
  private items: T[] = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  unshift(item: T): void {
    if (this.head > 0) this.items[--this.head] = item;
    else this.items.unshift(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  get length(): number {
    return this.items.length - this.head;
  }
}

/** Min-heap by runAt, then id. */
class DueHeap {
  private readonly items: QueueEntry[] = [];

  get length(): number {
    return this.items.length;
  }

  peek(): QueueEntry | undefined {
    return this.items[0];
  }

  push(entry: QueueEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (before(items[parent]!, items[i]!)) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  pop(): QueueEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
        if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i]!, items[smallest]!];
        i = smallest;
      }
    }
    return top;
  }
}

const before = (a: QueueEntry, b: QueueEntry) => a.runAt < b.runAt || (a.runAt === b.runAt && a.executionId < b.executionId);

export class RunQueue implements ExecutionQueue {
  private readonly lanes = [new Deque<QueueEntry>(), new Deque<QueueEntry>(), new Deque<QueueEntry>()];
  private readonly later = new DueHeap();
  private readonly byDedup = new Map<string, QueueEntry>();
  private readonly byId = new Map<number, QueueEntry>();
  /** Runs whose workflow was at its limit when they came up, in the order they came up. */
  private readonly blocked = new Map<string, Deque<QueueEntry>>();
  private readonly runningByWorkflow = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  running = 0;

  constructor(
    /** Called when a run may have become startable (a delayed one came due, a slot freed). */
    private readonly onReady: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  get depth(): number {
    return this.byId.size;
  }

  /** The pending run with this dedup key, if any. */
  pendingWithKey(key: string): QueueEntry | undefined {
    return this.byDedup.get(key);
  }

  has(executionId: number): boolean {
    return this.byId.has(executionId);
  }

  add(entry: QueueEntry): void {
    // One pending run per execution id, as BullMQ's job ids.
    if (this.byId.has(entry.executionId)) return;
    this.byId.set(entry.executionId, entry);
    if (entry.dedupKey) this.byDedup.set(entry.dedupKey, entry);
    if (entry.runAt > this.now()) {
      this.later.push(entry);
      this.arm();
    } else this.lanes[entry.priority]!.push(entry);
  }

  /** Drops a pending run (cancelled); true when it was pending. */
  remove(executionId: number): boolean {
    const entry = this.byId.get(executionId);
    if (!entry) return false;
    entry.removed = true;
    this.forget(entry);
    return true;
  }

  private forget(entry: QueueEntry): void {
    this.byId.delete(entry.executionId);
    if (entry.dedupKey && this.byDedup.get(entry.dedupKey) === entry) this.byDedup.delete(entry.dedupKey);
  }

  /** Moves runs that came due into their lanes. */
  private promote(): void {
    const now = this.now();
    while (this.later.length > 0 && this.later.peek()!.runAt <= now) {
      const entry = this.later.pop()!;
      if (!entry.removed) this.lanes[entry.priority]!.push(entry);
    }
  }

  private arm(): void {
    const next = this.later.peek();
    if (!next) return;
    if (next.runAt >= this.timerAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next.runAt;
    // Capped so a far-off run is re-checked (timers drift, and setTimeout overflows past 24.8 days).
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.promote();
      this.arm();
      this.onReady();
    }, Math.min(Math.max(0, next.runAt - this.now()), 3_600_000));
    this.timer.unref?.();
  }

  /** The next run allowed to start now, marked running; undefined when none is. */
  take(globalLimit: number): QueueEntry | undefined {
    this.promote();
    for (const lane of this.lanes) {
      while (lane.length > 0) {
        const entry = lane.peek()!;
        if (entry.removed) {
          lane.shift();
          continue;
        }
        if (this.running >= globalLimit && !entry.child) return undefined;
        lane.shift();
        const active = this.runningByWorkflow.get(entry.workflowId) ?? 0;
        if (active >= entry.limit) {
          let waiting = this.blocked.get(entry.workflowId);
          if (!waiting) this.blocked.set(entry.workflowId, (waiting = new Deque()));
          waiting.push(entry);
          continue;
        }
        this.start(entry);
        return entry;
      }
    }
    return undefined;
  }

  private start(entry: QueueEntry): void {
    this.forget(entry);
    this.running++;
    this.runningByWorkflow.set(entry.workflowId, (this.runningByWorkflow.get(entry.workflowId) ?? 0) + 1);
  }

  /** Marks a run as running that did not come through `take` (resumed directly). */
  claim(workflowId: string): void {
    this.running++;
    this.runningByWorkflow.set(workflowId, (this.runningByWorkflow.get(workflowId) ?? 0) + 1);
  }

  /** A run ended or parked: frees its slots and lets a blocked run of its workflow back in line. */
  release(workflowId: string): void {
    this.running--;
    const active = (this.runningByWorkflow.get(workflowId) ?? 1) - 1;
    if (active <= 0) this.runningByWorkflow.delete(workflowId);
    else this.runningByWorkflow.set(workflowId, active);
    const waiting = this.blocked.get(workflowId);
    if (waiting) {
      let entry = waiting.shift();
      while (entry?.removed) entry = waiting.shift();
      if (waiting.length === 0) this.blocked.delete(workflowId);
      if (entry) this.lanes[entry.priority]!.unshift(entry);
    }
    this.onReady();
  }

  /** Ready runs (due now) and the oldest one's wait, for metrics. */
  stats(): QueueStats {
    this.promote();
    let ready = 0;
    let oldest = Infinity;
    for (const lane of this.lanes) {
      ready += lane.length;
      const head = lane.peek();
      if (head) oldest = Math.min(oldest, Math.max(head.runAt, head.enqueuedAt));
    }
    for (const waiting of this.blocked.values()) ready += waiting.length;
    return { ready, delayed: this.later.length, lagMs: oldest === Infinity ? 0 : Math.max(0, this.now() - oldest) };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
