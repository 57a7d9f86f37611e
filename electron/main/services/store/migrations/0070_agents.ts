import type { Migration } from './migration';

/**
 * Agents and their versioned definitions; tasks (the queue and their outcome), each task's
 * steps and the message list the model sees (written before the next step begins, so a task
 * resumes where it stopped); the activity feed; the price table; chat memory for workflow agents.
 * Times of tasks and steps are epoch milliseconds, as the engine's.
 */
export const agents: Migration = {
  version: 70,
  name: 'agents',
  sql: `
    CREATE TABLE agents (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      current_version INTEGER NOT NULL,
      desired_state TEXT NOT NULL DEFAULT 'inactive' CHECK (desired_state IN ('inactive', 'active', 'paused')),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX agents_name ON agents (name COLLATE NOCASE);
    CREATE TABLE agent_versions (
      agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
      version INTEGER NOT NULL,
      definition TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (agent_id, version)
    ) WITHOUT ROWID;

    CREATE TABLE agent_tasks (
      id INTEGER PRIMARY KEY,
      -- Null for a workflow node's own definition (kept in "definition").
      agent_id TEXT,
      agent_version INTEGER,
      agent_name TEXT NOT NULL,
      definition TEXT,
      source TEXT NOT NULL,
      task TEXT NOT NULL,
      input TEXT,
      priority INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'scheduled', 'processing', 'awaiting_approval', 'completed', 'failed', 'stopped', 'cancelled', 'interrupted')),
      stop_reason TEXT,
      dead_letter INTEGER NOT NULL DEFAULT 0,
      attempt INTEGER NOT NULL DEFAULT 0,
      recoveries INTEGER NOT NULL DEFAULT 0,
      run_at INTEGER NOT NULL,
      -- A workflow step's idempotency key: a resumed step finds the task it started.
      dedup_key TEXT,
      correlation_id TEXT NOT NULL,
      answer TEXT,
      output TEXT,
      error TEXT,
      turns INTEGER NOT NULL DEFAULT 0,
      tool_calls INTEGER NOT NULL DEFAULT 0,
      input_tokens INTEGER NOT NULL DEFAULT 0,
      output_tokens INTEGER NOT NULL DEFAULT 0,
      cost_usd REAL NOT NULL DEFAULT 0,
      active_ms INTEGER NOT NULL DEFAULT 0,
      -- Usage when a person last retried it: limits count from there.
      budget_base TEXT,
      created_at INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER
    );
    CREATE INDEX agent_tasks_agent ON agent_tasks (agent_id, id);
    CREATE INDEX agent_tasks_open ON agent_tasks (state) WHERE state IN ('pending', 'scheduled', 'processing', 'awaiting_approval');
    CREATE INDEX agent_tasks_finished ON agent_tasks (finished_at) WHERE finished_at IS NOT NULL;
    CREATE UNIQUE INDEX agent_tasks_dedup ON agent_tasks (dedup_key) WHERE dedup_key IS NOT NULL;

    CREATE TABLE agent_task_steps (
      task_id INTEGER NOT NULL REFERENCES agent_tasks (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('model', 'tool', 'approval')),
      status TEXT NOT NULL,
      turn INTEGER NOT NULL,
      text TEXT,
      finish_reason TEXT,
      tool_call_id TEXT,
      server TEXT,
      tool TEXT,
      arguments TEXT,
      result TEXT,
      error TEXT,
      input_tokens INTEGER,
      output_tokens INTEGER,
      cost_usd REAL,
      approval_id TEXT,
      reason TEXT,
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      PRIMARY KEY (task_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX agent_steps_pending ON agent_task_steps (task_id) WHERE kind = 'approval' AND status = 'pending';

    CREATE TABLE agent_task_messages (
      task_id INTEGER NOT NULL REFERENCES agent_tasks (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      message TEXT NOT NULL,
      PRIMARY KEY (task_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE agent_events (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      agent_id TEXT,
      agent_name TEXT,
      task_id INTEGER,
      severity TEXT NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
      kind TEXT NOT NULL,
      message TEXT NOT NULL,
      correlation_id TEXT
    );
    CREATE INDEX agent_events_agent ON agent_events (agent_id, id);

    CREATE TABLE agent_prices (
      model TEXT PRIMARY KEY,
      input_per_million REAL NOT NULL,
      output_per_million REAL NOT NULL,
      updated_at TEXT NOT NULL
    );
    INSERT INTO agent_prices (model, input_per_million, output_per_million, updated_at) VALUES
      ('gpt-4o', 2.5, 10, '2025-01-01T00:00:00.000Z'),
      ('gpt-4o-mini', 0.15, 0.6, '2025-01-01T00:00:00.000Z'),
      ('gpt-4.1', 2, 8, '2025-01-01T00:00:00.000Z'),
      ('gpt-4.1-mini', 0.4, 1.6, '2025-01-01T00:00:00.000Z'),
      ('gpt-4.1-nano', 0.1, 0.4, '2025-01-01T00:00:00.000Z'),
      ('o4-mini', 1.1, 4.4, '2025-01-01T00:00:00.000Z'),
      ('claude-3-5-haiku*', 0.8, 4, '2025-01-01T00:00:00.000Z'),
      ('claude-3-5-sonnet*', 3, 15, '2025-01-01T00:00:00.000Z'),
      ('claude-3-7-sonnet*', 3, 15, '2025-01-01T00:00:00.000Z'),
      ('claude-sonnet-4*', 3, 15, '2025-01-01T00:00:00.000Z'),
      ('claude-opus-4*', 15, 75, '2025-01-01T00:00:00.000Z'),
      ('gemini-2.0-flash*', 0.1, 0.4, '2025-01-01T00:00:00.000Z');

    -- Conversation memory of workflow agents (n8n's window buffer memory), per session key.
    CREATE TABLE agent_memory (
      session_key TEXT NOT NULL,
      seq INTEGER NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
      content TEXT NOT NULL,
      -- The task the exchange came from: a resumed workflow step does not remember it twice.
      task_id INTEGER NOT NULL,
      at TEXT NOT NULL,
      PRIMARY KEY (session_key, seq)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX agent_memory_task ON agent_memory (session_key, task_id, role);
  `,
};
