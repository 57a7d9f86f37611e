import type { Migration } from './migration';

/**
 * A retried execution keeps its earlier attempts (when each started and ended, how), so each
 * attempt's own time is reported apart from the total. Both columns stay NULL for runs never
 * retried: the engine's hot path writes nothing more for them.
 */
export const executionAttempts: Migration = {
  version: 54,
  name: 'execution_attempts',
  sql: `
    ALTER TABLE executions ADD COLUMN attempts TEXT;
    ALTER TABLE executions ADD COLUMN attempt_started_at INTEGER;
  `,
};
