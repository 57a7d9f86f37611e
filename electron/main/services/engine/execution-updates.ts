import type { ExecutionUpdate } from '../../../../shared/contract/executions';
import type { ExecutionRow, StepRow } from './persistence/execution-repository';

const MAX_EVENT_ITEMS = 200;
const EVENT_INTERVAL_MS = 100;
const TOUCH_INTERVAL_MS = 250;

/**
 * What the renderer hears about runs: status and step changes, batched and sent once on disk at
 * most every EVENT_INTERVAL_MS, and "these tables changed" a few times a second, however busy the
 * engine is. Past MAX_EVENT_ITEMS a batch counts what it dropped: the UI refetches instead.
 */
export class ExecutionUpdates {
  private pending: ExecutionUpdate[] = [];
  private dropped = 0;
  private lastEvent = 0;
  private eventTimer: NodeJS.Timeout | undefined;
  private lastTouch = 0;
  private touchTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (updates: { items: ExecutionUpdate[]; dropped: number }) => void,
    private readonly touched: () => void,
  ) {}

  status(row: ExecutionRow): void {
    this.add({ id: row.id, workflowId: row.workflowId, status: row.status });
  }

  step(row: ExecutionRow, step: StepRow): void {
    this.add({ id: row.id, workflowId: row.workflowId, status: row.status, step: { seq: step.seq, nodeId: step.nodeId, status: step.status, attempt: step.attempt } });
  }

  private add(update: ExecutionUpdate): void {
    if (this.pending.length >= MAX_EVENT_ITEMS) this.dropped++;
    else this.pending.push(update);
  }

  /** Everything added so far is on disk: send it (now, or when the interval allows). */
  flushed(): void {
    this.send();
    this.touch(false);
  }

  private send(): void {
    if ((this.pending.length === 0 && this.dropped === 0) || this.eventTimer) return;
    const send = () => {
      this.eventTimer = undefined;
      this.lastEvent = Date.now();
      if (this.pending.length === 0 && this.dropped === 0) return;
      const payload = { items: this.pending, dropped: this.dropped };
      this.pending = [];
      this.dropped = 0;
      this.emit(payload);
    };
    const wait = EVENT_INTERVAL_MS - (Date.now() - this.lastEvent);
    if (wait <= 0) send();
    else {
      this.eventTimer = setTimeout(send, wait);
      this.eventTimer.unref();
    }
  }

  /** Tells the renderer the execution tables changed; `now` skips the throttle (after a prune). */
  touch(now: boolean): void {
    const fire = () => {
      this.touchTimer = undefined;
      this.lastTouch = Date.now();
      this.touched();
    };
    if (now || Date.now() - this.lastTouch >= TOUCH_INTERVAL_MS) {
      if (this.touchTimer) clearTimeout(this.touchTimer);
      fire();
    } else if (!this.touchTimer) {
      this.touchTimer = setTimeout(fire, TOUCH_INTERVAL_MS - (Date.now() - this.lastTouch));
      this.touchTimer.unref();
    }
  }

  dispose(): void {
    if (this.touchTimer) clearTimeout(this.touchTimer);
    if (this.eventTimer) clearTimeout(this.eventTimer);
  }
}
