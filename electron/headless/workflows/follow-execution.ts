import { FINISHED_STATUSES, type ExecutionDetail } from '../../../shared/contract';
import type { HostClient } from '../host-client';

/** A fallback when update events were dropped (a busy engine batches and caps them). */
const POLL_MS = 1000;

export interface FollowOptions {
  /** `finished`: until it ends; `settled`: until it ends or parks (a delay, a retry's backoff, a person). */
  until: 'finished' | 'settled';
  /** Told once each time the execution starts waiting. */
  onWaiting?(execution: ExecutionDetail): void;
}

/**
 * Follows an execution wherever it runs (this process or the running Echelon) through the
 * contract: each update event for it, or a slow poll, reads it again, until it ends or parks.
 */
export function followExecution(client: HostClient, id: number, options: FollowOptions): Promise<ExecutionDetail> {
  return new Promise((resolve, reject) => {
    let done = false;
    let reading = false;
    let again = false;
    let waiting = false;
    const stop = () => {
      done = true;
      unsubscribe();
      clearInterval(timer);
    };
    const read = async (): Promise<void> => {
      if (done) return;
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        const execution = await client.call('executions.get', { id });
        if (FINISHED_STATUSES.includes(execution.status) || (options.until === 'settled' && execution.status === 'waiting')) {
          stop();
          resolve(execution);
          return;
        }
        if (execution.status === 'waiting' && !waiting) options.onWaiting?.(execution);
        waiting = execution.status === 'waiting';
      } catch (error) {
        stop();
        reject(error as Error);
        return;
      } finally {
        reading = false;
      }
      if (again) {
        again = false;
        await read();
      }
    };
    const unsubscribe = client.on('executions.updated', (updates) => {
      if (updates.dropped > 0 || updates.items.some((item) => item.id === id)) void read();
    });
    const timer = setInterval(() => void read(), POLL_MS);
    void read();
  });
}
