import type { SupabaseClient } from '@supabase/supabase-js';
import type { TeamWorkerInfo, WorkersList, WorkerState } from '../../../../shared/contract/workers';
import { secondsSinceSignal } from '../alerts/signals/outcome-signals';
import type { AlertSignal } from '../alerts/signals/signal';

/** Workers write their heartbeat every 5 s; three missed ones make a worker "missing". */
export const MISSING_AFTER_MS = 15_000;

export type TeamSource = () => { client: SupabaseClient; orgId: string; orgName: string | null } | { unavailable: 'signed_out' | 'no_organization' };

type Row = Record<string, unknown>;

export function workerFromRow(row: Row, now: number): TeamWorkerInfo {
  const heartbeatAt = new Date(String(row.heartbeat_at));
  const status = String(row.status) as WorkerState;
  return {
    id: String(row.id),
    host: String(row.host),
    pid: row.pid === null || row.pid === undefined ? null : Number(row.pid),
    version: String(row.version),
    queues: (row.queues as string[] | null) ?? ['default'],
    concurrency: Number(row.concurrency),
    running: Number(row.running),
    completed: Number(row.completed),
    failed: Number(row.failed),
    perMinute: Number(row.per_minute ?? 0),
    state: status !== 'stopped' && now - heartbeatAt.getTime() > MISSING_AFTER_MS ? 'missing' : status,
    startedAt: new Date(String(row.started_at)).toISOString(),
    heartbeatAt: heartbeatAt.toISOString(),
  };
}

/**
 * The desktop's view of the team's workers (`public.workers`, readable by members), for the
 * Workers page and the "worker missing heartbeats" alert rule.
 */
export class TeamWorkersView {
  private last: TeamWorkerInfo[] = [];

  constructor(private readonly source: TeamSource) {}

  async list(): Promise<WorkersList> {
    const team = this.source();
    if ('unavailable' in team) {
      this.last = [];
      return { unavailable: team.unavailable, organization: null, workers: [] };
    }
    const { data, error } = await team.client.from('workers').select('*').eq('org_id', team.orgId).order('id');
    if (error) throw new Error(`Reading the team's workers failed: ${error.message}`);
    const now = Date.now();
    this.last = (data as Row[]).map((row) => workerFromRow(row, now));
    return { unavailable: null, organization: team.orgName, workers: this.last };
  }

  /** Seconds since each worker's last heartbeat (stopped ones said goodbye and are left out). */
  signal(): AlertSignal {
    return secondsSinceSignal(
      () => this.last.filter((worker) => worker.state !== 'stopped').map((worker) => ({ key: `worker:${worker.id}`, name: `${worker.id} on ${worker.host}`, at: Date.parse(worker.heartbeatAt) })),
      {
        kind: 'worker_heartbeat_missing',
        label: 'Worker missing heartbeats',
        description: 'Seconds since a team worker last wrote its heartbeat (every 5 s while it runs).',
        subject: 'worker',
        defaults: { threshold: 30, windowSeconds: 60, cooldownSeconds: 300, minSamples: 1 },
      },
    );
  }

  /** Keeps the list fresh for the alert rule while the app runs. */
  follow(everyMs = 15_000): { dispose(): void } {
    const timer = setInterval(() => void this.list().catch(() => {}), everyMs);
    timer.unref();
    return { dispose: () => clearInterval(timer) };
  }
}
