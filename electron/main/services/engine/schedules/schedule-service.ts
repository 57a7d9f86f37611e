import type Database from 'better-sqlite3';
import { Cron } from 'croner';
import type { MissedSchedulePolicy, WorkflowDocument } from '../../../../../shared/workflow/document';

export interface ScheduleSpec {
  cron?: string;
  every?: number;
  unit?: 'seconds' | 'minutes' | 'hours' | 'days';
  timezone?: string;
}

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
/** Most runs one catch-up produces for one schedule. */
const MAX_CATCH_UP = 100;

/** The next time after `after` (epoch ms) the rule fires; cron rules honour their time zone across DST. */
export function nextRun(spec: ScheduleSpec, after: number): number | undefined {
  if (spec.cron) {
    const next = new Cron(spec.cron, { timezone: spec.timezone, paused: true }).nextRun(new Date(after));
    return next?.getTime();
  }
  if (spec.every) return after + spec.every * UNIT_MS[spec.unit ?? 'minutes'];
  return undefined;
}

interface Row {
  workflowId: string;
  nodeId: string;
  spec: string;
  nextRunAt: number;
}

export interface ScheduleHooks {
  /** Queues the run; resolves once it is on disk (the next run is recorded only then). */
  fire(workflowId: string, nodeId: string, scheduledAt: number, timezone: string | undefined): Promise<void>;
  policy(workflowId: string): MissedSchedulePolicy;
  log(message: string): void;
}

/**
 * Schedule triggers with their next run kept in the database, so runs that came due while the
 * app was closed are known at start and caught up, run once, or skipped per workflow.
 */
export class ScheduleService {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly hooks: ScheduleHooks,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = {
      all: db.prepare('SELECT workflow_id AS workflowId, node_id AS nodeId, spec, next_run_at AS nextRunAt FROM workflow_schedules'),
      ofWorkflow: db.prepare('SELECT workflow_id AS workflowId, node_id AS nodeId, spec, next_run_at AS nextRunAt FROM workflow_schedules WHERE workflow_id = ?'),
      upsert: db.prepare('INSERT OR REPLACE INTO workflow_schedules (workflow_id, node_id, spec, next_run_at, last_run_at) VALUES (?, ?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM workflow_schedules WHERE workflow_id = ? AND node_id = ?'),
      advance: db.prepare('UPDATE workflow_schedules SET next_run_at = ?, last_run_at = ? WHERE workflow_id = ? AND node_id = ?'),
      transaction: (fn: () => void) => db.transaction(fn)(),
    };
  }

  /** Follows a workflow's current version: new rules start from now, unchanged ones keep their next run. */
  sync(workflowId: string, document: WorkflowDocument | undefined): void {
    const existing = new Map((this.statements.ofWorkflow.all(workflowId) as Row[]).map((row) => [row.nodeId, row]));
    const wanted = new Map<string, ScheduleSpec>();
    for (const node of document?.nodes ?? []) {
      if (node.type !== 'schedule.trigger' || node.disabled) continue;
      const params = node.parameters;
      const spec: ScheduleSpec = {
        cron: typeof params.cron === 'string' ? params.cron : undefined,
        every: typeof params.every === 'number' ? params.every : undefined,
        unit: (params.unit as ScheduleSpec['unit']) ?? 'minutes',
        timezone: typeof params.timezone === 'string' ? params.timezone : document?.settings?.timezone,
      };
      wanted.set(node.id, spec);
    }
    this.statements.transaction(() => {
      for (const nodeId of existing.keys()) if (!wanted.has(nodeId)) this.statements.remove.run(workflowId, nodeId);
      for (const [nodeId, spec] of wanted) {
        const text = JSON.stringify(spec);
        if (existing.get(nodeId)?.spec === text) continue;
        let next: number | undefined;
        try {
          next = nextRun(spec, this.now());
        } catch (error) {
          this.hooks.log(`Schedule of workflow ${workflowId} node ${nodeId} is invalid: ${(error as Error).message}`);
        }
        if (next === undefined) this.statements.remove.run(workflowId, nodeId);
        else this.statements.upsert.run(workflowId, nodeId, text, next, null);
      }
    });
    if (this.running) this.arm();
  }

  /** Handles runs missed while closed, then fires schedules as they come due. */
  async start(): Promise<void> {
    this.running = true;
    const now = this.now();
    for (const row of this.statements.all.all() as Row[]) {
      if (row.nextRunAt > now) continue;
      const spec = JSON.parse(row.spec) as ScheduleSpec;
      const policy = this.hooks.policy(row.workflowId);
      const due: number[] = [];
      if (policy === 'catch_up') {
        let at: number | undefined = row.nextRunAt;
        for (let count = 0; at !== undefined && at <= now && count < MAX_CATCH_UP; count++) {
          due.push(at);
          at = nextRun(spec, at);
        }
      } else if (policy === 'run_once') due.push(row.nextRunAt);
      await this.fireAll(row, due, spec);
      this.advance(row, spec, now);
    }
    this.arm();
  }

  /** Queues runs; a failure is reported and the schedule moves on (the run is recorded as not started). */
  private async fireAll(row: Row, times: number[], spec: ScheduleSpec): Promise<void> {
    for (const at of times) {
      try {
        await this.hooks.fire(row.workflowId, row.nodeId, at, spec.timezone);
      } catch (error) {
        this.hooks.log(`Schedule of workflow ${row.workflowId} did not start a run: ${(error as Error).message}`);
      }
    }
  }

  private advance(row: Row, spec: ScheduleSpec, after: number): void {
    const next = nextRun(spec, after);
    if (next === undefined) this.statements.remove.run(row.workflowId, row.nodeId);
    else this.statements.advance.run(next, row.nextRunAt, row.workflowId, row.nodeId);
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) return;
    const rows = this.statements.all.all() as Row[];
    if (rows.length === 0) return;
    const earliest = Math.min(...rows.map((row) => row.nextRunAt));
    this.timer = setTimeout(() => void this.tick(), Math.min(Math.max(0, earliest - this.now()), 3_600_000));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const now = this.now();
    for (const row of this.statements.all.all() as Row[]) {
      if (row.nextRunAt > now || !this.running) continue;
      const spec = JSON.parse(row.spec) as ScheduleSpec;
      // The run is on disk before the next run time is: a crash in between repeats it (its dedup key
      // drops the repeat while the first is still queued) rather than losing it.
      await this.fireAll(row, [row.nextRunAt], spec);
      // One run per tick: a schedule that fell far behind (the machine slept) does not fire a burst.
      this.advance(row, spec, Math.max(now, row.nextRunAt));
    }
    this.arm();
  }

  dispose(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
