import { NodeError, type CodeRequest, type CodeResult } from '../node-api';
import { defaultSandboxWorkers } from './code-settings';
import { SandboxThread, workerLocation } from './sandbox-thread';

/**
 * Steps a thread holds at once: the one running and the next ones, sent ahead so the thread
 * goes on to them without waiting for the main thread (which, serving requests, may answer
 * late). More would only make a step wait behind a slow one on a thread another could free.
 */
const THREAD_DEPTH = 2;

/**
 * A warm pool of sandbox threads: each keeps a QuickJS context ready between steps, so a
 * trivial Code step costs a message round trip instead of a runtime's setup. Steps go to the
 * least busy thread, up to THREAD_DEPTH each, and queue when all are full; threads start on
 * first need.
 */
export class CodeSandbox {
  private readonly threads: SandboxThread[];
  /** Steps given to each thread and not finished. */
  private readonly load: Map<SandboxThread, number>;
  private readonly queue: Array<(thread: SandboxThread) => void> = [];
  private readonly depth: number;
  private disposed = false;

  constructor(options: { workers?: number; workerUrl?: URL; depth?: number } = {}) {
    const url = options.workerUrl ?? workerLocation();
    this.threads = Array.from({ length: Math.max(1, options.workers ?? defaultSandboxWorkers()) }, () => new SandboxThread(url));
    this.load = new Map(this.threads.map((thread) => [thread, 0]));
    this.depth = Math.max(1, options.depth ?? THREAD_DEPTH);
  }

  async run(request: CodeRequest): Promise<CodeResult> {
    if (this.disposed) throw new NodeError('The code sandbox is shut down.', 'unavailable');
    if (request.signal.aborted) throw request.signal.reason instanceof Error ? request.signal.reason : new NodeError('Cancelled.', 'cancelled');
    const thread = await this.take();
    try {
      return await thread.run(request);
    } finally {
      const next = this.queue.shift();
      if (next) next(thread);
      else this.load.set(thread, this.load.get(thread)! - 1);
    }
  }

  /** Starts every thread now, so the first steps do not wait for one to warm. */
  async warm(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.start()));
  }

  private take(): Promise<SandboxThread> {
    let thread = this.threads[0]!;
    for (const candidate of this.threads) if (this.load.get(candidate)! < this.load.get(thread)!) thread = candidate;
    const load = this.load.get(thread)!;
    if (load >= this.depth) return new Promise((resolve) => this.queue.push(resolve));
    this.load.set(thread, load + 1);
    return Promise.resolve(thread);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const error = new NodeError('The code sandbox is shut down.', 'unavailable');
    await Promise.all(this.threads.map((thread) => thread.dispose(error)));
  }
}
