import type { NodeServices } from './node-api';
import type { ExecutionRow, StepRow } from './persistence/execution-repository';

/** The step a service call belongs to, for tracing it under that step. */
export interface StepIdentity {
  executionId: number;
  seq: number;
  attempt: number;
  nodeId: string;
  nodeName: string;
  nodeType: string;
}

/**
 * What watchers of the engine hear (metrics, traces, alerts, correlated logs), on the engine's
 * hot path: every method must be cheap and must not throw.
 */
export interface ExecutionObserver {
  /** Queued, running, waiting: any status change of an execution. */
  statusChanged?(row: ExecutionRow): void;
  /** A step started, finished, failed, or parked (retry backoff, delay). */
  stepChanged?(row: ExecutionRow, step: StepRow, nodeName: string | undefined): void;
  /** Succeeded, failed, cancelled or crashed. */
  finished?(row: ExecutionRow): void;
  /** Wraps the services one step gets (to time its HTTP and tool calls, for instance). */
  stepServices?(services: NodeServices, step: StepIdentity): NodeServices;
}

/** Observers attached after the engine was made (the host wires telemetry once everything exists). */
export class ExecutionObservers implements Required<ExecutionObserver> {
  private list: ExecutionObserver[] = [];
  private wrappers: ExecutionObserver[] = [];

  add(observer: ExecutionObserver): { dispose(): void } {
    this.list = [...this.list, observer];
    if (observer.stepServices) this.wrappers = [...this.wrappers, observer];
    return {
      dispose: () => {
        this.list = this.list.filter((candidate) => candidate !== observer);
        this.wrappers = this.wrappers.filter((candidate) => candidate !== observer);
      },
    };
  }

  get wrapsServices(): boolean {
    return this.wrappers.length > 0;
  }

  statusChanged(row: ExecutionRow): void {
    for (const observer of this.list) observer.statusChanged?.(row);
  }

  stepChanged(row: ExecutionRow, step: StepRow, nodeName: string | undefined): void {
    for (const observer of this.list) observer.stepChanged?.(row, step, nodeName);
  }

  finished(row: ExecutionRow): void {
    for (const observer of this.list) observer.finished?.(row);
  }

  stepServices(services: NodeServices, step: StepIdentity): NodeServices {
    let wrapped = services;
    for (const observer of this.wrappers) wrapped = observer.stepServices!(wrapped, step);
    return wrapped;
  }
}
