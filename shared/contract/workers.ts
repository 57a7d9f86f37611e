import { z } from 'zod';
import { method } from './define';

/** `stopped`: it said goodbye; `missing`: no heartbeat for three intervals (it died, or lost its network). */
export const WorkerState = z.enum(['running', 'draining', 'stopped', 'missing']);
export type WorkerState = z.infer<typeof WorkerState>;

/** One `echelon worker` of the team, from its heartbeat row. */
export const TeamWorkerInfo = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int().nullable(),
  version: z.string(),
  queues: z.array(z.string()),
  concurrency: z.number().int(),
  running: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  /** Executions finished in the last minute. */
  perMinute: z.number().int(),
  state: WorkerState,
  startedAt: z.string(),
  heartbeatAt: z.string(),
});
export type TeamWorkerInfo = z.infer<typeof TeamWorkerInfo>;

export const WorkersList = z.object({
  /** Why there is no list: not signed in, or no organization chosen. */
  unavailable: z.enum(['signed_out', 'no_organization']).nullable(),
  organization: z.string().nullable(),
  workers: z.array(TeamWorkerInfo),
});
export type WorkersList = z.infer<typeof WorkersList>;

export const workersMethods = {
  'workers.list': method({
    description: "The team's workers (echelon worker processes) from their heartbeats: host, queues, running jobs, throughput, state.",
    input: z.object({}).strict(),
    output: WorkersList,
  }),
};
