import { Counter, Gauge, type Registry } from 'prom-client';

export interface WorkerGauges {
  running(): number;
  concurrency: number;
  queueDepth(): number;
  lastHeartbeatAt(): number;
}

/**
 * A worker's own series beside the engine's (`echelon_executions_total` and the rest), on the
 * `/metrics` its `--metrics-port` serves: what it runs now, what it finished, its last heartbeat.
 */
export function registerWorkerMetrics(registry: Registry, worker: WorkerGauges): { finished(status: string): void } {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('echelon_worker_running_executions', 'Executions this worker runs now.', worker.running);
  gauge('echelon_worker_concurrency', 'Executions this worker runs at most at once (--concurrency).', () => worker.concurrency);
  gauge('echelon_worker_queue_depth', 'Jobs waiting in the queues this worker takes from.', worker.queueDepth);
  gauge('echelon_worker_last_heartbeat_seconds', 'When this worker last wrote its heartbeat to Postgres (Unix time).', () => worker.lastHeartbeatAt() / 1000);
  const finished = new Counter({ name: 'echelon_worker_executions_total', help: 'Executions this worker finished, by status.', labelNames: ['status'], registers: [registry] });
  return { finished: (status) => finished.inc({ status }) };
}
