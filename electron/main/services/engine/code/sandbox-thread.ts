import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NodeError, type CodeRequest, type CodeResult } from '../node-api';
import { sandboxRequestJson, usesLuxon } from './sandbox-request';

interface Pending {
  id: number;
  resolve(result: CodeResult): void;
  reject(error: Error): void;
  onAbort?: () => void;
  request: CodeRequest;
  /** Cancelled before its turn: its caller has its answer; it keeps its place until the worker skips it. */
  dropped: boolean;
  /** Sent again to a fresh worker after the one it waited on died (once only). */
  resent: boolean;
}

interface Reply {
  id?: number;
  ready?: boolean;
  skipped?: boolean;
  ok?: boolean;
  resultJson?: string;
  logs?: string[];
  error?: string;
  call?: { runId: number; id: number; kind: string; payload: string };
}

/** The worker script: built beside the bundle (`sandbox-worker.js`), or the source file when run unbundled. */
export function workerLocation(): URL {
  const bundled = new URL('./sandbox-worker.js', import.meta.url);
  return fs.existsSync(fileURLToPath(bundled)) ? bundled : new URL('./sandbox-worker.mjs', import.meta.url);
}

/** Grace beyond the code's own time limit before the whole worker is terminated. */
const WATCHDOG_GRACE_MS = 2000;

const cancelled = (signal: AbortSignal) => (signal.reason instanceof Error ? signal.reason : new NodeError('Cancelled.', 'cancelled'));

/**
 * One worker thread running QuickJS, one step at a time. Steps may be sent before the one
 * running ends: they wait their turn in the worker, so it goes from one to the next without
 * waiting for the main thread. The worker enforces the CPU deadline and memory limit itself;
 * should it stop answering anyway, a watchdog over the step it is running terminates the
 * thread, and the steps still waiting go to a fresh one, so the main thread never waits on
 * user code.
 */
export class SandboxThread {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  /** In the order sent, which is the order the worker runs them: the first is the one running. */
  private readonly pending = new Map<number, Pending>();
  private watchdog: NodeJS.Timeout | undefined;
  private disposed = false;
  private nextId = 1;

  constructor(private readonly workerUrl: URL) {}

  /** Starts the thread (it warms its context before saying it is ready). */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    // A second net under QuickJS's own limits: the thread's JavaScript heap is bounded too.
    const worker = new Worker(this.workerUrl, { resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 } });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const onReady = (message: Reply) => {
        if (message.ready) {
          worker.off('message', onReady);
          resolve();
        }
      };
      worker.on('message', onReady);
      worker.once('error', reject);
    });
    worker.on('message', (message: Reply) => (message.call ? void this.answer(message.call) : this.settle(message)));
    worker.on('error', (error) => {
      if (this.worker === worker) this.restart(new NodeError(`The code sandbox crashed: ${error.message}`, 'sandbox_crash'));
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.restart(new Error('The code sandbox stopped unexpectedly.'));
    });
    // Starting, the thread keeps the process alive (a CLI run awaits it); warm and idle, it does not.
    void this.ready.then(
      () => {
        if (this.pending.size === 0) worker.unref();
      },
      () => {},
    );
    return this.ready;
  }

  async run(request: CodeRequest): Promise<CodeResult> {
    await this.start();
    // Cancelled while the worker was starting: an aborted signal fires no more events.
    if (request.signal.aborted) throw cancelled(request.signal);
    return new Promise((resolve, reject) => {
      const entry: Pending = { id: this.nextId++, resolve, reject, request, dropped: false, resent: false };
      entry.onAbort = () => this.cancel(entry);
      request.signal.addEventListener('abort', entry.onAbort, { once: true });
      this.post(entry);
    });
  }

  private post(entry: Pending): void {
    this.pending.set(entry.id, entry);
    if (this.pending.size === 1) {
      // While it works for a step the thread keeps the process alive; idle, it does not.
      this.worker!.ref();
      this.arm();
    }
    const { request } = entry;
    const files = Object.values(request.context?.binaryFiles ?? {});
    this.worker!.postMessage({ id: entry.id, requestJson: sandboxRequestJson(request), timeoutMs: request.timeoutMs, memoryBytes: request.memoryBytes, luxon: usesLuxon(request.code), files });
  }

  /** The watchdog follows the step the worker is running: the oldest one sent. */
  private arm(): void {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    const head = this.head();
    if (!head) return;
    const limit = head.request.timeoutMs + WATCHDOG_GRACE_MS;
    this.watchdog = setTimeout(() => this.terminate(new NodeError(`The code did not stop within ${limit} ms and its sandbox was terminated.`, 'timeout', true)), limit);
  }

  private head(): Pending | undefined {
    return this.pending.values().next().value;
  }

  private cancel(entry: Pending): void {
    if (entry === this.head()) return this.terminate(cancelled(entry.request.signal));
    entry.dropped = true;
    this.detach(entry);
    entry.reject(cancelled(entry.request.signal));
    this.worker?.postMessage({ cancel: entry.id });
  }

  private detach(entry: Pending): void {
    if (entry.onAbort) entry.request.signal.removeEventListener('abort', entry.onAbort);
  }
  /** The code awaits the host (`this.helpers.httpRequest`): the step's `call` answers. */
  private async answer(call: NonNullable<Reply['call']>): Promise<void> {
    const pending = this.pending.get(call.runId);
    let answer: { runId: number; id: number; ok: boolean; json?: string; error?: string };
    try {
      if (!pending?.request.call) throw new Error(`The Code step cannot make "${call.kind}" calls here.`);
      const value = await pending.request.call(call.kind, JSON.parse(call.payload));
      answer = { runId: call.runId, id: call.id, ok: true, json: JSON.stringify(value ?? null) };
    } catch (error) {
      answer = { runId: call.runId, id: call.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    this.worker?.postMessage({ answer });
  }

  private settle(message: Reply): void {
    if (message.id === undefined) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    this.arm();
    if (this.pending.size === 0) this.worker?.unref();
    if (pending.dropped) return;
    this.detach(pending);
    if (message.ok) {
      // Sent as text: parsing JSON on the main thread is cheaper than cloning many objects.
      const parsed = JSON.parse(message.resultJson ?? '{"items":[]}') as Omit<CodeResult, 'logs'>;
      pending.resolve({ ...parsed, logs: message.logs ?? [] });
    } else {
      const error = new NodeError(message.error ?? 'The code failed.', /time limit|memory/.test(message.error ?? '') ? 'sandbox_limit' : 'code_error', true);
      pending.reject(Object.assign(error, { logs: message.logs ?? [] }));
    }
  }

  /** Stops the thread (a runaway or cancelled run) and fails what it was doing; the steps waiting go to a fresh one. */
  private terminate(error: Error): void {
    const worker = this.worker;
    this.restart(error);
    void worker?.terminate();
  }

  /** The worker is gone: the step it was running fails with `error`, those waiting their turn are sent to a fresh worker. */
  private restart(error: Error): void {
    const [head, ...waiting] = this.drop();
    if (head && !head.dropped) head.reject(error);
    for (const entry of waiting) {
      if (entry.dropped) continue;
      if (entry.resent || this.disposed) {
        entry.reject(error);
        continue;
      }
      entry.resent = true;
      entry.request.signal.addEventListener('abort', entry.onAbort!, { once: true });
      void this.start().then(
        () => (entry.request.signal.aborted ? entry.reject(cancelled(entry.request.signal)) : this.post(entry)),
        (startError: Error) => entry.reject(startError),
      );
    }
  }

  /** Forgets the worker and every step sent to it, in the order sent. */
  private drop(): Pending[] {
    const entries = [...this.pending.values()];
    for (const entry of entries) this.detach(entry);
    this.pending.clear();
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    this.worker = undefined;
    this.ready = undefined;
    return entries;
  }

  async dispose(error: Error): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    for (const entry of this.drop()) if (!entry.dropped) entry.reject(error);
    await worker?.terminate();
  }
}
