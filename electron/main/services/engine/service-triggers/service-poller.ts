import type Database from 'better-sqlite3';
import { DEFAULT_POLL, PollSchedule, type PollResult } from '../../../../../shared/integrations/service-triggers';
import type { Disposable } from '../../../../../shared/lifecycle/disposable';
import type { WorkflowDocument, WorkflowNode } from '../../../../../shared/workflow/document';
import { nextRun } from '../schedules/schedule-service';

export interface PolledNode {
  workflowId: string;
  node: WorkflowNode;
}

export interface ServicePollHooks {
  /** Whether a node is a polling trigger of an API integration. */
  polls(node: WorkflowNode): boolean;
  poll(target: PolledNode, cursor: unknown, signal: AbortSignal): Promise<PollResult>;
  /** Queues a run with the new events; resolves once it is on disk (the cursor moves only then). */
  fire(target: PolledNode, items: Record<string, unknown>[], polledAt: number): Promise<void>;
  log(message: string): void;
}

interface Poll {
  target: PolledNode;
  config: string;
  schedule: PollSchedule;
  timer?: NodeJS.Timeout;
  running?: AbortController;
}

/**
 * Polling triggers of API integrations (new Telegram messages, new Gmail mail): each active
 * node is asked for news on its schedule, one poll at a time, from the cursor kept in the
 * database; events start one run, and the cursor advances once that run is stored, so a crash
 * between the two repeats a batch rather than losing it.
 */
export class ServicePoller implements Disposable {
  private readonly polls = new Map<string, Poll>();
  private running = false;
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly hooks: ServicePollHooks,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = {
      ofWorkflow: db.prepare('SELECT node_id AS nodeId, config FROM service_trigger_cursors WHERE workflow_id = ?'),
      get: db.prepare('SELECT config, cursor FROM service_trigger_cursors WHERE workflow_id = ? AND node_id = ?'),
      reset: db.prepare('INSERT OR REPLACE INTO service_trigger_cursors (workflow_id, node_id, config, cursor, polled_at) VALUES (?, ?, ?, NULL, NULL)'),
      advance: db.prepare('UPDATE service_trigger_cursors SET cursor = ?, polled_at = ? WHERE workflow_id = ? AND node_id = ? AND config = ?'),
      remove: db.prepare('DELETE FROM service_trigger_cursors WHERE workflow_id = ? AND node_id = ?'),
    };
  }

  /** Follows a workflow's current version: unchanged nodes keep their cursor, changed ones start afresh. */
  sync(workflowId: string, document: WorkflowDocument | undefined): void {
    const wanted = new Map<string, WorkflowNode>();
    for (const node of document?.nodes ?? []) if (!node.disabled && this.hooks.polls(node)) wanted.set(node.id, node);
    for (const row of this.statements.ofWorkflow.all(workflowId) as { nodeId: string }[]) {
      if (!wanted.has(row.nodeId)) this.statements.remove.run(workflowId, row.nodeId);
    }
    for (const [key, poll] of this.polls) {
      if (poll.target.workflowId === workflowId && !wanted.has(poll.target.node.id)) this.stop(key);
    }
    for (const node of wanted.values()) {
      const key = `${workflowId}\u0000${node.id}`;
      const config = JSON.stringify([node.type, node.typeVersion, node.parameters, node.connection ?? null]);
      const stored = this.statements.get.get(workflowId, node.id) as { config: string } | undefined;
      if (stored?.config !== config) this.statements.reset.run(workflowId, node.id, config);
      if (this.polls.get(key)?.config === config) continue;
      this.stop(key);
      const parsed = PollSchedule.safeParse(node.parameters.poll ?? DEFAULT_POLL);
      if (!parsed.success) {
        this.hooks.log(`The polling schedule of "${node.name}" in workflow ${workflowId} is invalid: ${parsed.error.issues[0]?.message ?? 'check it'}.`);
        continue;
      }
      const poll: Poll = { target: { workflowId, node }, config, schedule: parsed.data };
      this.polls.set(key, poll);
      if (this.running) this.arm(poll, true);
    }
  }

  start(): void {
    this.running = true;
    for (const poll of this.polls.values()) this.arm(poll, true);
  }

  /** Polls now (the first poll records where events start) or at the schedule's next time. */
  private arm(poll: Poll, immediately = false): void {
    if (!this.running || this.polls.get(this.key(poll)) !== poll) return;
    let delay = 0;
    if (!immediately) {
      const { cron, every, unit, timezone } = poll.schedule;
      const now = this.now();
      delay = Math.max(0, (nextRun(cron ? { cron, timezone } : { every, unit }, now) ?? now + 60_000) - now);
    }
    poll.timer = setTimeout(() => void this.tick(poll), Math.min(delay, 2 ** 31 - 1));
    poll.timer.unref();
  }

  private key(poll: Poll): string {
    return `${poll.target.workflowId}\u0000${poll.target.node.id}`;
  }

  private async tick(poll: Poll): Promise<void> {
    const { workflowId, node } = poll.target;
    const stored = this.statements.get.get(workflowId, node.id) as { config: string; cursor: string | null } | undefined;
    if (!stored || stored.config !== poll.config) return;
    const controller = new AbortController();
    poll.running = controller;
    try {
      const polledAt = this.now();
      const result = await this.hooks.poll(poll.target, stored.cursor === null ? undefined : JSON.parse(stored.cursor), controller.signal);
      if (controller.signal.aborted) return;
      if (result.items.length > 0) await this.hooks.fire(poll.target, result.items, polledAt);
      this.statements.advance.run(JSON.stringify(result.cursor ?? null), polledAt, workflowId, node.id, poll.config);
    } catch (error) {
      if (!controller.signal.aborted) this.hooks.log(`"${node.name}" in workflow ${workflowId} could not check for new events: ${(error as Error).message}`);
    } finally {
      poll.running = undefined;
      this.arm(poll);
    }
  }

  private stop(key: string): void {
    const poll = this.polls.get(key);
    if (!poll) return;
    this.polls.delete(key);
    if (poll.timer) clearTimeout(poll.timer);
    poll.running?.abort();
  }

  dispose(): void {
    this.running = false;
    for (const key of [...this.polls.keys()]) this.stop(key);
  }
}
