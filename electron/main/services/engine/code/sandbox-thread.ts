import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NodeError, type CodeRequest, type CodeResult } from '../node-api';
import { sandboxRequestJson, usesLuxon } from './sandbox-request';

interface Pending {
  resolve(result: CodeResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  onAbort?: () => void;
  request: CodeRequest;
}

interface Reply {
  id?: number;
  ready?: boolean;
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
 * One worker thread running QuickJS, one step at a time. The worker enforces the CPU deadline
 * and memory limit itself; should it stop answering anyway, a watchdog terminates the thread
 * and the next run starts a fresh one, so the main thread never waits on user code.
 */
export class SandboxThread {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
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
    worker.on('error', (error) => this.reset(new NodeError(`The code sandbox crashed: ${error.message}`, 'sandbox_crash')));
    worker.on('exit', () => {
      if (this.worker === worker) this.reset(new Error('The code sandbox stopped unexpectedly.'));
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
    // While it works for a step the thread keeps the process alive; idle, it does not.
    this.worker?.ref();
    try {
      return await this.send(request);
    } finally {
      this.worker?.unref();
    }
  }

  private send(request: CodeRequest): Promise<CodeResult> {
    const id = this.nextId++;
    // Cancelled while the worker was starting: an aborted signal fires no more events.
    if (request.signal.aborted) return Promise.reject(cancelled(request.signal));
    return new Promise((resolve, reject) => {
      const limit = request.timeoutMs + WATCHDOG_GRACE_MS;
      const timer = setTimeout(() => this.terminate(new NodeError(`The code did not stop within ${limit} ms and its sandbox was terminated.`, 'timeout', true)), limit);
      const pending: Pending = { resolve, reject, timer, request };
      pending.onAbort = () => this.terminate(cancelled(request.signal));
      request.signal.addEventListener('abort', pending.onAbort, { once: true });
      this.pending.set(id, pending);
      const files = Object.values(request.context?.binaryFiles ?? {});
      this.worker!.postMessage({ id, requestJson: sandboxRequestJson(request), timeoutMs: request.timeoutMs, memoryBytes: request.memoryBytes, luxon: usesLuxon(request.code), files });
    });
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
    clearTimeout(pending.timer);
    if (pending.onAbort) pending.request.signal.removeEventListener('abort', pending.onAbort);
    if (message.ok) {
      // Sent as text: parsing JSON on the main thread is cheaper than cloning many objects.
      const parsed = JSON.parse(message.resultJson ?? '{"items":[]}') as Omit<CodeResult, 'logs'>;
      pending.resolve({ ...parsed, logs: message.logs ?? [] });
    } else {
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

  private reset(error: Error): void {
    this.worker = undefined;
    this.ready = undefined;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      if (pending.onAbort) pending.request.signal.removeEventListener('abort', pending.onAbort);
      pending.reject(error);
      this.pending.delete(id);
    }
  }

  async dispose(error: Error): Promise<void> {
    const worker = this.worker;
    this.reset(error);
    await worker?.terminate();
  }
}
