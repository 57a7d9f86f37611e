import { NodeError, type CodeRequest, type CodeResult } from '../node-api';
import { defaultSandboxWorkers } from './code-settings';
import { SandboxThread, workerLocation } from './sandbox-thread';

/**
 * A warm pool of sandbox threads: each keeps a QuickJS context ready between steps, so a
 * trivial Code step costs a message round trip instead of a runtime's setup. Steps take the
 * first idle thread and queue when all are busy; threads start on first need.
 */
export class CodeSandbox {
  private readonly threads: SandboxThread[];
  private readonly idle: SandboxThread[];
  private readonly queue: Array<(thread: SandboxThread) => void> = [];
  private disposed = false;

  constructor(options: { workers?: number; workerUrl?: URL } = {}) {
    const url = options.workerUrl ?? workerLocation();
    this.threads = Array.from({ length: Math.max(1, options.workers ?? defaultSandboxWorkers()) }, () => new SandboxThread(url));
    this.idle = [...this.threads];
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
      else this.idle.push(thread);
    }
  }

  /** Starts every thread now, so the first steps do not wait for one to warm. */
  async warm(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.start()));
  }

  private take(): Promise<SandboxThread> {
    const thread = this.idle.pop();
    if (thread) return Promise.resolve(thread);
    return new Promise((resolve) => this.queue.push(resolve));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const error = new NodeError('The code sandbox is shut down.', 'unavailable');
    await Promise.all(this.threads.map((thread) => thread.dispose(error)));
  }
}
