import type Database from 'better-sqlite3';
import type { ModelMessage } from 'ai';
import type { AgentStepStatus, StopReason, TaskSource, TaskState } from '../../../../../shared/contract';
import type { ChangeTracker } from '../../store/change-tracker';

/** A task as stored: times in epoch ms, JSON as text. */
export interface TaskRow {
  id: number;
  agentId: string | null;
  agentVersion: number | null;
  agentName: string;
  /** A workflow node's own definition, when the task belongs to no saved agent. */
  definition: string | null;
  source: TaskSource;
  task: string;
  input: string | null;
  /** 0 critical, 1 high, 2 medium, 3 low. */
  priority: number;
  state: TaskState;
  stopReason: StopReason | null;
  deadLetter: number;
  attempt: number;
  recoveries: number;
  runAt: number;
  dedupKey: string | null;
  correlationId: string;
  answer: string | null;
  output: string | null;
  error: string | null;
  turns: number;
  toolCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  activeMs: number;
  /** Usage when a person last retried the task (JSON): its limits count from there. */
  budgetBase: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export type StepKind = 'model' | 'tool' | 'approval';

export interface StepRow {
  taskId: number;
  seq: number;
  kind: StepKind;
  status: AgentStepStatus;
  turn: number;
  text: string | null;
  finishReason: string | null;
  toolCallId: string | null;
  server: string | null;
  tool: string | null;
  arguments: string | null;
  result: string | null;
  error: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  approvalId: string | null;
  reason: string | null;
  startedAt: number;
  finishedAt: number | null;
}

export const OPEN_STATES: readonly TaskState[] = ['pending', 'scheduled', 'processing', 'awaiting_approval'];

const TASK = `id, agent_id AS agentId, agent_version AS agentVersion, agent_name AS agentName, definition, source, task, input, priority, state,
  stop_reason AS stopReason, dead_letter AS deadLetter, attempt, recoveries, run_at AS runAt, dedup_key AS dedupKey, correlation_id AS correlationId,
  answer, output, error, turns, tool_calls AS toolCalls, input_tokens AS inputTokens, output_tokens AS outputTokens, cost_usd AS costUsd,
  active_ms AS activeMs, budget_base AS budgetBase, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt`;

/** Step columns, optionally of a table alias (joins). */
const stepColumns = (alias = '') => {
  const a = alias ? `${alias}.` : '';
  return `${a}task_id AS taskId, ${a}seq AS seq, ${a}kind AS kind, ${a}status AS status, ${a}turn AS turn, ${a}text AS text,
  ${a}finish_reason AS finishReason, ${a}tool_call_id AS toolCallId, ${a}server AS server, ${a}tool AS tool, ${a}arguments AS arguments,
  ${a}result AS result, ${a}error AS error, ${a}input_tokens AS inputTokens, ${a}output_tokens AS outputTokens, ${a}cost_usd AS costUsd,
  ${a}approval_id AS approvalId, ${a}reason AS reason, ${a}started_at AS startedAt, ${a}finished_at AS finishedAt`;
};

export interface TaskListFilter {
  agentId?: string;
  state?: TaskState;
  deadLetter?: boolean;
  beforeId?: number;
  limit: number;
}

export interface QueueRow {
  agentId: string;
  state: TaskState;
  deadLetter: number;
  count: number;
}

/** A finished task, as metrics read it. */
export interface FinishedRow {
  agentId: string | null;
  agentName: string;
  state: TaskState;
  stopReason: string | null;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  startedAt: number | null;
  finishedAt: number;
}

/**
 * Named statements over tasks, their steps and their message lists. Writes are synchronous
 * (WAL, `synchronous = NORMAL`: no fsync per commit), so a step is on disk before the next one
 * begins without a write buffer.
 */
export class TaskRepository {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO agent_tasks (agent_id, agent_version, agent_name, definition, source, task, input, priority, state, stop_reason, dead_letter, attempt,
           recoveries, run_at, dedup_key, correlation_id, answer, output, error, turns, tool_calls, input_tokens, output_tokens, cost_usd, active_ms,
           budget_base, created_at, started_at, finished_at)
         VALUES (@agentId, @agentVersion, @agentName, @definition, @source, @task, @input, @priority, @state, @stopReason, @deadLetter, @attempt,
           @recoveries, @runAt, @dedupKey, @correlationId, @answer, @output, @error, @turns, @toolCalls, @inputTokens, @outputTokens, @costUsd, @activeMs,
           @budgetBase, @createdAt, @startedAt, @finishedAt)`,
      ),
      update: db.prepare(
        `UPDATE agent_tasks SET agent_version = @agentVersion, state = @state, stop_reason = @stopReason, dead_letter = @deadLetter, attempt = @attempt,
           recoveries = @recoveries, run_at = @runAt, answer = @answer, output = @output, error = @error, turns = @turns, tool_calls = @toolCalls,
           input_tokens = @inputTokens, output_tokens = @outputTokens, cost_usd = @costUsd, active_ms = @activeMs, budget_base = @budgetBase, started_at = @startedAt,
           finished_at = @finishedAt WHERE id = @id`,
      ),
      get: db.prepare(`SELECT ${TASK} FROM agent_tasks WHERE id = ?`),
      byDedup: db.prepare(`SELECT ${TASK} FROM agent_tasks WHERE dedup_key = ?`),
      list: db.prepare(
        `SELECT ${TASK} FROM agent_tasks
         WHERE (@agentId IS NULL OR agent_id = @agentId) AND (@state IS NULL OR state = @state)
           AND (@deadLetter IS NULL OR dead_letter = @deadLetter) AND (@beforeId IS NULL OR id < @beforeId)
         ORDER BY id DESC LIMIT @limit`,
      ),
      open: db.prepare(`SELECT ${TASK} FROM agent_tasks WHERE state IN ('pending', 'scheduled', 'processing', 'awaiting_approval') ORDER BY id`),
      queue: db.prepare(
        `SELECT agent_id AS agentId, state, dead_letter AS deadLetter, count(*) AS count FROM agent_tasks
         WHERE agent_id IS NOT NULL AND (state IN ('pending', 'scheduled', 'processing', 'awaiting_approval') OR dead_letter = 1)
         GROUP BY agent_id, state, dead_letter`,
      ),
      today: db.prepare<[number], { agentId: string; completed: number; failed: number; costUsd: number }>(
        `SELECT agent_id AS agentId, sum(state = 'completed') AS completed, sum(state = 'failed') AS failed, sum(cost_usd) AS costUsd
         FROM agent_tasks WHERE finished_at >= ? AND agent_id IS NOT NULL GROUP BY agent_id`,
      ),
      finished: db.prepare(
        `SELECT agent_id AS agentId, agent_name AS agentName, state, stop_reason AS stopReason, turns, input_tokens AS inputTokens,
           output_tokens AS outputTokens, cost_usd AS costUsd, started_at AS startedAt, finished_at AS finishedAt
         FROM agent_tasks WHERE finished_at >= @from AND finished_at < @to AND (@agentId IS NULL OR agent_id = @agentId) ORDER BY finished_at`,
      ),
      steps: db.prepare(`SELECT ${stepColumns()} FROM agent_task_steps WHERE task_id = ? ORDER BY seq`),
      insertStep: db.prepare(
        `INSERT INTO agent_task_steps (task_id, seq, kind, status, turn, text, finish_reason, tool_call_id, server, tool, arguments, result, error,
           input_tokens, output_tokens, cost_usd, approval_id, reason, started_at, finished_at)
         VALUES (@taskId, @seq, @kind, @status, @turn, @text, @finishReason, @toolCallId, @server, @tool, @arguments, @result, @error,
           @inputTokens, @outputTokens, @costUsd, @approvalId, @reason, @startedAt, @finishedAt)`,
      ),
      updateStep: db.prepare(
        `UPDATE agent_task_steps SET status = @status, text = @text, finish_reason = @finishReason, result = @result, error = @error,
           input_tokens = @inputTokens, output_tokens = @outputTokens, cost_usd = @costUsd, reason = @reason, finished_at = @finishedAt
         WHERE task_id = @taskId AND seq = @seq`,
      ),
      lastSeq: db.prepare<[number], { seq: number | null }>('SELECT max(seq) AS seq FROM agent_task_steps WHERE task_id = ?'),
      pending: db.prepare(
        `SELECT ${stepColumns('s')} FROM agent_task_steps s JOIN agent_tasks t ON t.id = s.task_id
         WHERE s.kind = 'approval' AND s.status = 'pending' AND (@agentId IS NULL OR t.agent_id = @agentId) ORDER BY s.started_at`,
      ),
      toolStats: db.prepare<[string, number], { server: string; tool: string; calls: number; errors: number; approvals: number; denials: number }>(
        `SELECT s.server, s.tool, sum(s.kind = 'tool') AS calls, sum(s.kind = 'tool' AND s.status = 'error') AS errors,
           sum(s.kind = 'approval' AND s.status = 'approved') AS approvals, sum(s.kind = 'approval' AND s.status = 'denied') AS denials
         FROM agent_task_steps s JOIN agent_tasks t ON t.id = s.task_id
         WHERE t.agent_id = ? AND t.created_at >= ? AND s.server IS NOT NULL GROUP BY s.server, s.tool ORDER BY calls DESC`,
      ),
      messages: db.prepare<[number], { message: string }>('SELECT message FROM agent_task_messages WHERE task_id = ? ORDER BY seq'),
      messageCount: db.prepare<[number], { count: number }>('SELECT count(*) AS count FROM agent_task_messages WHERE task_id = ?'),
      insertMessage: db.prepare('INSERT INTO agent_task_messages (task_id, seq, message) VALUES (?, ?, ?)'),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insert(row: Omit<TaskRow, 'id'>): TaskRow {
    const id = Number(this.statements.insert.run(row).lastInsertRowid);
    this.changes.touched('agent_tasks');
    return { ...row, id };
  }

  update(row: TaskRow): void {
    this.statements.update.run(row);
    this.changes.touched('agent_tasks');
  }

  get(id: number): TaskRow | undefined {
    return this.statements.get.get(id) as TaskRow | undefined;
  }

  byDedup(key: string): TaskRow | undefined {
    return this.statements.byDedup.get(key) as TaskRow | undefined;
  }

  list(filter: TaskListFilter): TaskRow[] {
    return this.statements.list.all({
      agentId: filter.agentId ?? null,
      state: filter.state ?? null,
      deadLetter: filter.deadLetter === undefined ? null : filter.deadLetter ? 1 : 0,
      beforeId: filter.beforeId ?? null,
      limit: filter.limit,
    }) as TaskRow[];
  }

  /** Tasks not finished yet: the queue, the running ones and those waiting for a person. */
  open(): TaskRow[] {
    return this.statements.open.all() as TaskRow[];
  }

  queueCounts(): QueueRow[] {
    return this.statements.queue.all() as QueueRow[];
  }

  finishedSince(since: number): Map<string, { completed: number; failed: number; costUsd: number }> {
    return new Map(this.statements.today.all(since).map((row) => [row.agentId, row]));
  }

  finished(from: number, to: number, agentId?: string): FinishedRow[] {
    return this.statements.finished.all({ from, to, agentId: agentId ?? null }) as FinishedRow[];
  }

  steps(taskId: number): StepRow[] {
    return this.statements.steps.all(taskId) as StepRow[];
  }

  insertStep(step: Omit<StepRow, 'seq'>): StepRow {
    const seq = (this.statements.lastSeq.get(step.taskId)?.seq ?? -1) + 1;
    const row = { ...step, seq };
    this.statements.insertStep.run(row);
    this.changes.touched('agent_task_steps');
    return row;
  }

  updateStep(step: StepRow): void {
    this.statements.updateStep.run(step);
    this.changes.touched('agent_task_steps');
  }

  pendingApprovals(agentId?: string): StepRow[] {
    return this.statements.pending.all({ agentId: agentId ?? null }) as StepRow[];
  }

  toolStats(agentId: string, since: number) {
    return this.statements.toolStats.all(agentId, since);
  }

  messages(taskId: number): ModelMessage[] {
    return this.statements.messages.all(taskId).map((row) => JSON.parse(row.message) as ModelMessage);
  }

  appendMessages(taskId: number, messages: readonly ModelMessage[]): void {
    if (messages.length === 0) return;
    let seq = this.statements.messageCount.get(taskId)?.count ?? 0;
    for (const message of messages) this.statements.insertMessage.run(taskId, seq++, JSON.stringify(message));
  }
}
