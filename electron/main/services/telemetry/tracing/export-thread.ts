import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExecutionRecord, StepRecord } from './engine-span-records.mjs';
import type { FinishedSpan, TraceOutput } from './execution-tracer';

/** What the worker needs to export: the collector, its headers (secrets resolved), who we are. */
export interface ExportConfig {
  url: string;
  headers: Record<string, string>;
  timeoutMillis: number;
  resource: Record<string, string | number>;
  scope: { name: string; version: string };
}

export interface ExportCounts {
  exported: number;
  failed: number;
  lastError: string | null;
}

type Reply =
  | { type: 'ready' }
  | ({ type: 'stats' | 'closed' } & ExportCounts)
  | ({ type: 'flushed'; id: number } & ExportCounts)
  | { type: 'tested'; id: number; ok: boolean; error: string | null };

/** The worker script: built beside the bundle (`trace-export-worker.js`), or the source file when run unbundled. */
function workerLocation(): URL {
  const bundled = new URL('./trace-export-worker.js', import.meta.url);
  return fs.existsSync(fileURLToPath(bundled)) ? bundled : new URL('./export-worker.mjs', import.meta.url);
}

/** Spans sent to the worker at most this often, or sooner once this many wait. */
const SEND_INTERVAL_MS = 50;
const SEND_AT = 1000;
/** Beyond this many unsent spans (a stalled worker), new ones are dropped rather than held. */
const MAX_PENDING = 50_000;

/**
 * What waits to be handed over: spans, and the records of steps and executions laid end to end
 * in one flat array each (a structured clone copies a flat array of strings and numbers much
 * faster than as many small arrays).
 */
class Batch {
  spans: FinishedSpan[] = [];
  steps: Array<StepRecord[number]> = [];
  executions: Array<ExecutionRecord[number]> = [];
  size = 0;
}

/**
 * The engine's side of the exporting thread: finished spans are queued and handed over in
 * batches (one structured clone each), the SDK and the encoder run on the worker.
 */
export class ExportThread implements TraceOutput {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private pending = new Batch();
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private closed = false;
  dropped = 0;
  counts: ExportCounts = { exported: 0, failed: 0, lastError: null };

  constructor(workerUrl: URL = workerLocation()) {
    this.worker = new Worker(workerUrl);
    // The process may exit with the exporter idle; shutdown flushes before it does.
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      const onReady = (reply: Reply) => {
        if (reply.type !== 'ready') return;
        this.worker.off('message', onReady);
        resolve();
      };
      this.worker.on('message', onReady);
    });
    this.worker.on('message', (reply: Reply) => {
      if (reply.type === 'stats' || reply.type === 'flushed' || reply.type === 'closed') this.counts = { exported: reply.exported, failed: reply.failed, lastError: reply.lastError };
      if ('id' in reply) {
        this.waiting.get(reply.id)?.(reply);
        this.waiting.delete(reply.id);
      }
    });
    // A worker that dies takes its exports with it; the engine's thread carries on.
    this.worker.on('error', (error) => (this.counts = { ...this.counts, lastError: `The trace exporter stopped: ${error.message}` }));
  }

  private request(message: Record<string, unknown>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ ...message, id });
    });
  }

  async configure(config: ExportConfig): Promise<void> {
    await this.ready;
    this.worker.postMessage({ type: 'configure', config });
  }

  write(span: FinishedSpan): void {
    if (!this.accepting()) return;
    this.pending.spans.push(span);
    this.queued();
  }

  writeStep(record: StepRecord): void {
    if (!this.accepting()) return;
    this.pending.steps.push(...record);
    this.queued();
  }

  writeExecution(record: ExecutionRecord): void {
    if (!this.accepting()) return;
    this.pending.executions.push(...record);
    this.queued();
  }

  private accepting(): boolean {
    if (this.closed) return false;
    if (this.pending.size < MAX_PENDING) return true;
    this.dropped++;
    return false;
  }

  /** Counts one more queued span and schedules the hand-over. */
  private queued(): void {
    if (++this.pending.size >= SEND_AT) this.send();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.send(), SEND_INTERVAL_MS);
      this.timer.unref();
    }
  }

  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const { spans, steps, executions } = this.pending;
    this.pending = new Batch();
    this.worker.postMessage({ type: 'spans', spans, steps, executions });
  }

  /** Hands over queued spans and waits until the worker's exporter has sent everything it holds. */
  async flush(): Promise<void> {
    await this.ready;
    this.send();
    await this.request({ type: 'flush' });
  }

  /** Sends one test span to `config`'s collector with a throwaway exporter. */
  async test(config: ExportConfig): Promise<{ ok: boolean; error: string | null }> {
    await this.ready;
    const reply = await this.request({ type: 'test', config });
    return reply.type === 'tested' ? { ok: reply.ok, error: reply.error } : { ok: false, error: 'No answer from the trace exporter.' };
  }

  /** Flushes, shuts the exporter down and ends the thread (waiting at most `graceMs` for the last export). */
  async close(graceMs = 15_000): Promise<void> {
    if (this.closed) return;
    this.send();
    this.closed = true;
    try {
      await this.ready;
      const closed = new Promise<void>((resolve) => {
        const onClosed = (reply: Reply) => {
          if (reply.type !== 'closed') return;
          this.worker.off('message', onClosed);
          resolve();
        };
        this.worker.on('message', onClosed);
        this.worker.postMessage({ type: 'shutdown' });
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    } catch {
      // It never started: nothing to flush.
    } finally {
      await this.worker.terminate();
    }
  }
}
