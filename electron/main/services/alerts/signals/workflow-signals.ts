import type Database from 'better-sqlite3';
import type { ExecutionObserver } from '../../engine/observer';
import type { ExecutionRow } from '../../engine/persistence/execution-repository';
import { failureCountSignal, failureRateSignal, p95DurationSignal } from './outcome-signals';
import { OutcomeWindow } from './outcome-window';
import type { AlertSignal } from './signal';

const FAILED = new Set(['failed', 'crashed']);
const COUNTED = new Set(['succeeded', 'failed', 'crashed']);
/** Finished runs read back at start, so a restart does not forget a failing streak. */
const SEEDED_RUNS = 20_000;

export const WORKFLOW_KINDS = {
  failureRate: 'workflow_failure_rate',
  failureCount: 'workflow_failure_count',
  p95: 'workflow_p95_duration',
  deadLetter: 'workflow_dead_letter',
} as const;

/**
 * Workflow runs as alert signals: failure rate, failure count and p95 duration over a window
 * (from finished runs the engine reports, kept in memory), and runs on the dead-letter list.
 * Cancelled runs are neither successes nor failures: a person stopped them.
 */
export class WorkflowSignals {
  readonly window = new OutcomeWindow();
  readonly observer: ExecutionObserver;
  readonly signals: AlertSignal[];
  private readonly deadLetters: Database.Statement;

  /** `exists` tells whether a workflow is still there: a deleted one's runs raise nothing. */
  constructor(
    private readonly db: Database.Database,
    exists: (workflowId: string) => boolean,
  ) {
    this.observer = { finished: (row) => this.record(row) };
    this.deadLetters = db.prepare(`SELECT workflow_id AS workflowId, max(workflow_name) AS workflowName, count(*) AS count, max(id) AS latest
      FROM executions WHERE dead_letter = 1 GROUP BY workflow_id`);
    const defaults = (threshold: number, windowSeconds: number, minSamples: number) => ({ threshold, windowSeconds, cooldownSeconds: 1800, minSamples });
    const signals: AlertSignal[] = [
      failureRateSignal(this.window, 'workflow', {
        kind: WORKFLOW_KINDS.failureRate,
        label: 'Workflow failure rate',
        description: 'Share of a workflow’s runs that failed within the window.',
        subject: 'workflow',
        defaults: defaults(0.5, 900, 3),
      }),
      failureCountSignal(this.window, 'workflow', {
        kind: WORKFLOW_KINDS.failureCount,
        label: 'Workflow failures',
        description: 'Failed runs of a workflow within the window.',
        subject: 'workflow',
        defaults: defaults(5, 900, 1),
      }),
      p95DurationSignal(this.window, 'workflow', {
        kind: WORKFLOW_KINDS.p95,
        label: 'Workflow p95 duration',
        description: '95th percentile of a workflow’s run times within the window.',
        subject: 'workflow',
        defaults: defaults(300, 3600, 5),
      }),
      {
        info: {
          kind: WORKFLOW_KINDS.deadLetter,
          label: 'Dead-lettered runs',
          description: 'Failed runs of a workflow waiting on the dead-letter list for a retry or a discard. Resolves when the list is cleared.',
          unit: 'runs',
          scope: 'workflow',
          subject: 'workflow',
          usesWindow: false,
          defaults: { threshold: 1, windowSeconds: 900, cooldownSeconds: 600, minSamples: 1 },
        },
        measure: (scope) =>
          (this.deadLetters.all() as Array<{ workflowId: string; workflowName: string; count: number; latest: number }>)
            .filter((row) => (scope.workflowId === null || row.workflowId === scope.workflowId) && !scope.exclude?.has(row.workflowId))
            .map((row) => ({
              subjectKey: `workflow:${row.workflowId}`,
              subjectName: row.workflowName,
              workflowId: row.workflowId,
              value: row.count,
              samples: row.count,
              detail: `latest is execution ${row.latest}`,
            })),
      },
    ];
    this.signals = signals.map((signal) => ({ info: signal.info, measure: (scope, now) => signal.measure(scope, now).filter((measured) => exists(measured.workflowId!)) }));
  }

  private record(row: ExecutionRow): void {
    if (!COUNTED.has(row.status) || row.finishedAt === null) return;
    this.window.record(row.workflowId, row.workflowName, FAILED.has(row.status), row.finishedAt - (row.startedAt ?? row.finishedAt), row.finishedAt);
  }

  /** Reads recent finished runs back, oldest first, so windows survive a restart. */
  seed(): void {
    const rows = this.db
      .prepare(
        `SELECT workflow_id AS workflowId, workflow_name AS workflowName, status, started_at AS startedAt, finished_at AS finishedAt
         FROM executions WHERE id > (SELECT coalesce(max(id), 0) FROM executions) - ? AND finished_at IS NOT NULL ORDER BY finished_at`,
      )
      .all(SEEDED_RUNS) as Array<Pick<ExecutionRow, 'workflowId' | 'workflowName' | 'status' | 'startedAt' | 'finishedAt'>>;
    for (const row of rows) this.record(row as ExecutionRow);
  }
}
