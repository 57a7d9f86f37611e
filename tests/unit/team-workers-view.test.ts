import type { SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { TeamWorkersView } from '../../electron/main/services/workers/team-workers-view';

/** The Workers page's rows and the heartbeat alert signal, from `public.workers` rows as Supabase returns them. */

const row = (id: string, status: string, secondsAgo: number) => ({
  org_id: 'org-1', id, host: `${id}.internal`, version: '0.1.0', pid: 7, queues: ['default'], concurrency: 16, running: 2, completed: 10, failed: 1, per_minute: 30, status,
  started_at: new Date(Date.now() - 3_600_000).toISOString(), heartbeat_at: new Date(Date.now() - secondsAgo * 1000).toISOString(),
});

/** What the view's query chain reaches: from('workers').select('*').eq('org_id', …).order('id'). */
function clientWith(rows: unknown[]): SupabaseClient {
  const chain = { select: () => chain, eq: () => chain, order: async () => ({ data: rows, error: null }) };
  return { from: (table: string) => (table === 'workers' ? chain : undefined) } as unknown as SupabaseClient;
}

describe('team workers view', () => {
  it('says why there is no list when signed out', async () => {
    const view = new TeamWorkersView(() => ({ unavailable: 'signed_out' }));
    expect(await view.list()).toEqual({ unavailable: 'signed_out', organization: null, workers: [] });
  });

  it('marks a worker silent for more than three heartbeats missing, and the alert signal measures its silence', async () => {
    const view = new TeamWorkersView(() => ({ client: clientWith([row('fresh', 'running', 2), row('silent', 'running', 60), row('gone', 'stopped', 600)]), orgId: 'org-1', orgName: 'Acme' }));
    const list = await view.list();
    expect(list.organization).toBe('Acme');
    expect(list.workers.map((worker) => [worker.id, worker.state, worker.perMinute])).toEqual([
      ['fresh', 'running', 30],
      ['silent', 'missing', 30],
      ['gone', 'stopped', 30],
    ]);
    const signal = view.signal();
    expect(signal.info.kind).toBe('worker_heartbeat_missing');
    const measured = signal.measure({ workflowId: null, windowSeconds: 60 }, Date.now());
    // Stopped workers said goodbye: no alert for them.
    expect(measured.map((m) => m.subjectKey)).toEqual(['worker:fresh', 'worker:silent']);
    expect(measured[0]!.value).toBeLessThan(10);
    expect(measured[1]!.value).toBeGreaterThanOrEqual(60);
  });
});
