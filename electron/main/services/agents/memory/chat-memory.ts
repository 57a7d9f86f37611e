import type Database from 'better-sqlite3';
import type { ModelMessage } from 'ai';

/**
 * Conversation memory for workflow agents (n8n's window buffer memory): the exchanges of a
 * session key, of which the last few come before each new prompt.
 */
export class ChatMemory {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      recent: db.prepare<[string, number], { role: 'user' | 'assistant'; content: string }>(
        'SELECT role, content FROM (SELECT seq, role, content FROM agent_memory WHERE session_key = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
      ),
      next: db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM agent_memory WHERE session_key = ?'),
      insert: db.prepare('INSERT OR IGNORE INTO agent_memory (session_key, seq, role, content, task_id, at) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  /** The last `window` exchanges (a prompt and its answer each), oldest first. */
  history(sessionKey: string, window: number): ModelMessage[] {
    return this.statements.recent.all(sessionKey, window * 2).map((row) => ({ role: row.role, content: row.content }));
  }

  /** Keeps an exchange; the same task's exchange is kept once. */
  remember(sessionKey: string, taskId: number, prompt: string, answer: string): void {
    const at = new Date().toISOString();
    const seq = (this.statements.next.get(sessionKey)?.seq ?? -1) + 1;
    const user = this.statements.insert.run(sessionKey, seq, 'user', prompt, taskId, at);
    if (user.changes > 0) this.statements.insert.run(sessionKey, seq + 1, 'assistant', answer, taskId, at);
  }
}
