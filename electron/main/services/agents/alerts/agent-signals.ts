import type Database from 'better-sqlite3';
import type { AlertKindInfo } from '../../../../../shared/contract/alerts';
import { quantile } from '../../alerts/signals/outcome-window';
import type { AlertSignal, MeasureScope, Measurement } from '../../alerts/signals/signal';

export const AGENT_ALERT_KINDS = {
  failureRate: 'agent_failure_rate',
  failureCount: 'agent_failure_count',
  p95: 'agent_p95_duration',
  deadLetter: 'agent_dead_letter',
  queueDepth: 'agent_queue_depth',
} as const;

/** One agent's finished tasks in a window; cancelled ones are neither successes nor failures (a person stopped them). */
interface WindowRow {
  agentId: string;
  agentName: string;
  tasks: number;
  failed: number;
}

type Info = Omit<AlertKindInfo, 'scope' | 'subject'>;
const defaults = (threshold: number, windowSeconds: number, cooldownSeconds: number, minSamples: number) => ({ threshold, windowSeconds, cooldownSeconds, minSamples });

/**
 * Agents as alert signals, read from the task table on each evaluation (tasks finish in this
 * process, in a CLI run or a worker alike): failure rate and count over a window — a failed,
 * interrupted or limit-stopped task counts as failed, as it does in the success rate — p95
 * task time, tasks on the dead-letter list, and tasks waiting in an agent's queue. A deleted
 * agent's tasks raise nothing.
 */
export function agentSignals(db: Database.Database): AlertSignal[] {
  const finished = db.prepare<[number], WindowRow>(
    `SELECT t.agent_id AS agentId, a.name AS agentName, count(*) AS tasks, sum(t.state <> 'completed') AS failed
     FROM agent_tasks t JOIN agents a ON a.id = t.agent_id WHERE t.finished_at >= ? AND t.state <> 'cancelled' GROUP BY t.agent_id`,
  );
  const durations = db.prepare<[number], { agentId: string; agentName: string; ms: number }>(
    `SELECT t.agent_id AS agentId, a.name AS agentName, t.finished_at - t.started_at AS ms
     FROM agent_tasks t JOIN agents a ON a.id = t.agent_id WHERE t.finished_at >= ? AND t.state = 'completed' AND t.started_at IS NOT NULL`,
  );
  const deadLetters = db.prepare<[], { agentId: string; agentName: string; count: number; latest: number }>(
    `SELECT t.agent_id AS agentId, a.name AS agentName, count(*) AS count, max(t.id) AS latest
     FROM agent_tasks t JOIN agents a ON a.id = t.agent_id WHERE t.dead_letter = 1 GROUP BY t.agent_id`,
  );
  const waiting = db.prepare<[], { agentId: string; agentName: string; count: number; oldest: number }>(
    `SELECT t.agent_id AS agentId, a.name AS agentName, count(*) AS count, min(t.created_at) AS oldest
     FROM agent_tasks t JOIN agents a ON a.id = t.agent_id WHERE t.state IN ('pending', 'scheduled') GROUP BY t.agent_id`,
  );

  const measurement = (agentId: string, agentName: string, value: number, samples: number, detail: string): Measurement => ({ subjectKey: `agent:${agentId}`, subjectName: agentName, value, samples, detail });
  const since = (scope: MeasureScope, now: number) => now - scope.windowSeconds * 1000;
  const signal = (info: Info, measure: AlertSignal['measure']): AlertSignal => ({ info: { ...info, scope: 'global', subject: 'agent' }, measure });
  const failedOf = (row: WindowRow) => `${row.failed} of ${row.tasks} tasks did not complete`;

  return [
    signal(
      { kind: AGENT_ALERT_KINDS.failureRate, label: 'Agent failure rate', description: 'Share of an agent’s tasks that failed, were interrupted or stopped on a limit within the window.', unit: 'ratio', usesWindow: true, defaults: defaults(0.5, 900, 1800, 3) },
      (scope, now) => finished.all(since(scope, now)).map((row) => measurement(row.agentId, row.agentName, row.failed / row.tasks, row.tasks, failedOf(row))),
    ),
    signal(
      { kind: AGENT_ALERT_KINDS.failureCount, label: 'Agent task failures', description: 'Tasks of an agent that failed, were interrupted or stopped on a limit within the window.', unit: 'count', usesWindow: true, defaults: defaults(5, 900, 1800, 1) },
      (scope, now) => finished.all(since(scope, now)).map((row) => measurement(row.agentId, row.agentName, row.failed, row.tasks, failedOf(row))),
    ),
    signal(
      { kind: AGENT_ALERT_KINDS.p95, label: 'Agent p95 task time', description: '95th percentile of the time an agent’s completed tasks took, start to finish, within the window.', unit: 'seconds', usesWindow: true, defaults: defaults(300, 3600, 3600, 5) },
      (scope, now) => {
        const byAgent = new Map<string, { name: string; ms: number[] }>();
        for (const row of durations.all(since(scope, now))) {
          const entry = byAgent.get(row.agentId) ?? { name: row.agentName, ms: [] };
          entry.ms.push(row.ms);
          byAgent.set(row.agentId, entry);
        }
        return [...byAgent].map(([agentId, { name, ms }]) => measurement(agentId, name, quantile(ms, 0.95) / 1000, ms.length, `p95 of ${ms.length} tasks`));
      },
    ),
    signal(
      { kind: AGENT_ALERT_KINDS.deadLetter, label: 'Dead-lettered agent tasks', description: 'Failed tasks of an agent waiting on the dead-letter list for a retry or a discard. Resolves when the list is cleared.', unit: 'count', usesWindow: false, defaults: defaults(1, 900, 600, 1) },
      () => deadLetters.all().map((row) => measurement(row.agentId, row.agentName, row.count, row.count, `latest is task ${row.latest}`)),
    ),
    signal(
      { kind: AGENT_ALERT_KINDS.queueDepth, label: 'Agent queue depth', description: 'Tasks waiting in an agent’s queue (pending or scheduled for a retry).', unit: 'count', usesWindow: false, defaults: defaults(50, 300, 900, 1) },
      (_scope, now) => waiting.all().map((row) => measurement(row.agentId, row.agentName, row.count, row.count, `the oldest has waited ${Math.round((now - row.oldest) / 1000)} s`)),
    ),
  ];
}
