import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CodeRequest, Item } from '../node-api';
import { NodeError } from '../node-api';

interface Pending {
  resolve(result: { items: Item[]; logs: string[] }): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  onAbort?: () => void;
  signal: AbortSignal;
}

interface Reply {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  itemsJson?: string;
  logs?: string[];
  error?: string;
}

/** The worker script: built beside the bundle (`sandbox-worker.js`), or the source file when run unbundled. */
function workerLocation(): URL {
  const bundled = new URL('./sandbox-worker.js', import.meta.url);
  return fs.existsSync(fileURLToPath(bundled)) ? bundled : new URL('./sandbox-worker.mjs', import.meta.url);
}

/** Grace beyond the code's own time limit before the whole worker is terminated. */
const WATCHDOG_GRACE_MS = 2000;

/**
 * Code steps run one at a time per worker thread, in QuickJS compiled to WebAssembly. The
 * worker enforces the CPU deadline and memory limit itself; should it stop answering anyway,
 * a watchdog terminates the thread and starts a fresh one, so the main thread never waits on
 * user code.
 */
export class CodeSandbox {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Array<() => void> = [];
  private busy = false;
  private nextId = 1;
  private disposed = false;

  constructor(private readonly workerUrl: URL = workerLocation()) {}

  private start(): Promise<void> {
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
    worker.on('message', (message: Reply) => this.settle(message));
    worker.on('error', (error) => this.crash(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.reset(new Error('The code sandbox stopped unexpectedly.'));
    });
    return this.ready;
  }

  async run(request: CodeRequest): Promise<{ items: Item[]; logs: string[] }> {
    if (this.disposed) throw new NodeError('The code sandbox is shut down.', 'unavailable');
    if (request.signal.aborted) throw request.signal.reason instanceof Error ? request.signal.reason : new NodeError('Cancelled.', 'cancelled');
    await this.turn();
    try {
      await this.start();
      this.worker?.ref();
      return await this.send(request);
    } finally {
      this.busy = false;
      const next = this.queue.shift();
      // Idle, the thread does not keep the process alive; while it works for a step it does.
      if (next) next();
      else this.worker?.unref();
    }
  }

  /** One request at a time: QuickJS runs synchronously inside the worker. */
  private turn(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.queue.push(() => {
        this.busy = true;
        resolve();
      }),
    );
  }

  private send(request: CodeRequest): Promise<{ items: Item[]; logs: string[] }> {
    const id = this.nextId++;
    // Cancelled while the worker was starting: an aborted signal fires no more events.
    if (request.signal.aborted) return Promise.reject(request.signal.reason instanceof Error ? request.signal.reason : new NodeError('Cancelled.', 'cancelled'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.terminate(new NodeError(`The code did not stop within ${request.timeoutMs + WATCHDOG_GRACE_MS} ms and its sandbox was terminated.`, 'timeout', true));
      }, request.timeoutMs + WATCHDOG_GRACE_MS);
      const pending: Pending = { resolve, reject, timer, signal: request.signal };
      pending.onAbort = () => this.terminate(request.signal.reason instanceof Error ? request.signal.reason : new NodeError('Cancelled.', 'cancelled'));
      request.signal.addEventListener('abort', pending.onAbort, { once: true });
      this.pending.set(id, pending);
      this.worker!.postMessage({ id, code: request.code, mode: request.mode, itemsJson: JSON.stringify({ items: request.items }), timeoutMs: request.timeoutMs, memoryBytes: request.memoryBytes, continueOnFail: request.continueOnFail === true });
    });
  }

  private settle(message: Reply): void {
    if (message.id === undefined) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (pending.onAbort) pending.signal.removeEventListener('abort', pending.onAbort);
    if (message.ok) pending.resolve({ items: JSON.parse(message.itemsJson ?? '[]') as Item[], logs: message.logs ?? [] });
    else {
      const error = new NodeError(message.error ?? 'The code failed.', /time limit|memory/.test(message.error ?? '') ? 'sandbox_limit' : 'code_error', true);
      pending.reject(Object.assign(error, { logs: message.logs ?? [] }));
    }
  }

  /** Stops the thread (a runaway or cancelled run) and fails what it was doing; the next run starts a fresh one. */
  private terminate(error: Error): void {
    const worker = this.worker;
    this.reset(error);
    void worker?.terminate();
  }

  private crash(error: Error): void {
    this.reset(new NodeError(`The code sandbox crashed: ${error.message}`, 'sandbox_crash'));
  }

  private reset(error: Error): void {
    this.worker = undefined;
    this.ready = undefined;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      if (pending.onAbort) pending.signal.removeEventListener('abort', pending.onAbort);
      pending.reject(error);
      this.pending.delete(id);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.reset(new NodeError('The code sandbox is shut down.', 'unavailable'));
    await worker?.terminate();
  }
}
