import type Database from 'better-sqlite3';
import type { AgentEvent, Severity } from '../../../../../shared/contract';
import type { ActivityLog } from '../../activity/activity-log';
import type { ChangeTracker } from '../../store/change-tracker';

export interface NewAgentEvent {
  agentId: string | null;
  agentName: string | null;
  taskId?: number | null;
  severity: Severity;
  /** `task.completed`, `approval.requested`, `agent.started`… */
  kind: string;
  message: string;
  correlationId?: string | null;
}

const RANK: Record<Severity, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };
const LEVEL = { LOW: 'info', MEDIUM: 'info', HIGH: 'warn', CRITICAL: 'error' } as const;

/**
 * The agents' activity feed: every lifecycle event with a severity and the correlation id of
 * the task it concerns. Each event is also written to the app's activity log (the audit log),
 * with its severity and correlation id in the text. Messages pass through the redactor.
 */
export class AgentEventLog {
  private readonly statements;
  private readonly write: (event: NewAgentEvent, message: string) => void;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
    private readonly activity: ActivityLog,
    private readonly redact: (text: string) => string,
  ) {
    this.statements = {
      insert: db.prepare(
        'INSERT INTO agent_events (at, agent_id, agent_name, task_id, severity, kind, message, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      list: db.prepare(
        `SELECT id, at, agent_id AS agentId, agent_name AS agentName, task_id AS taskId, severity, kind, message, correlation_id AS correlationId
         FROM agent_events
         WHERE (@agentId IS NULL OR agent_id = @agentId) AND (@beforeId IS NULL OR id < @beforeId)
           AND CASE severity WHEN 'LOW' THEN 0 WHEN 'MEDIUM' THEN 1 WHEN 'HIGH' THEN 2 ELSE 3 END >= @rank
         ORDER BY id DESC LIMIT @limit`,
      ),
    };
    // The feed and the audit log in one commit.
    this.write = db.transaction((event: NewAgentEvent, message: string) => {
      this.statements.insert.run(new Date().toISOString(), event.agentId, event.agentName, event.taskId ?? null, event.severity, event.kind, message, event.correlationId ?? null);
      const tags = [event.severity, event.correlationId ? `correlation ${event.correlationId}` : undefined].filter(Boolean).join(', ');
      this.activity.record(LEVEL[event.severity], 'agents', `${event.agentName ? `${event.agentName}: ` : ''}${message} [${tags}]`);
    });
  }

  record(event: NewAgentEvent): void {
    this.write(event, this.redact(event.message));
    this.changes.touched('agent_events');
  }

  list(filter: { agentId?: string; minSeverity?: Severity; beforeId?: number; limit: number }): AgentEvent[] {
    return this.statements.list.all({ agentId: filter.agentId ?? null, beforeId: filter.beforeId ?? null, rank: RANK[filter.minSeverity ?? 'LOW'], limit: filter.limit }) as AgentEvent[];
  }
}
