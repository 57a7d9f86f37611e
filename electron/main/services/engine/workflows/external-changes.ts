import type Database from 'better-sqlite3';
import type { Disposable } from '../../../../../shared/lifecycle/disposable';

const CHECK_INTERVAL_MS = 1000;

/**
 * Workflows saved by another process on the same database (an import from the CLI, a second
 * Echelon, sync): SQLite's data_version moves when another connection commits, and then the
 * workflows' current versions are compared with the last ones seen here. Each workflow that
 * appeared, changed or went is reported, so its webhooks, schedules and listeners follow.
 */
export class ExternalWorkflowChanges implements Disposable {
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly versions: Database.Statement<[], [string, number]>;
  private known = new Map<string, number>();
  private lastDataVersion = -1;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    db: Database.Database,
    private readonly changed: (workflowIds: string[]) => void,
    private readonly intervalMs = CHECK_INTERVAL_MS,
  ) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.versions = db.prepare<[], [string, number]>('SELECT id, current_version FROM workflows').raw();
  }

  start(): void {
    this.lastDataVersion = this.dataVersion.get()!;
    this.known = new Map(this.versions.all());
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  /** This process's own save or delete: already handled, so not reported again. */
  remember(workflowId: string, version: number | undefined): void {
    if (version === undefined) this.known.delete(workflowId);
    else this.known.set(workflowId, version);
  }

  check(): void {
    let current: number;
    try {
      current = this.dataVersion.get()!;
    } catch {
      // The database is closing.
      return;
    }
    if (current === this.lastDataVersion) return;
    this.lastDataVersion = current;
    const now = new Map(this.versions.all());
    const ids = [...now].filter(([id, version]) => this.known.get(id) !== version).map(([id]) => id);
    for (const id of this.known.keys()) if (!now.has(id)) ids.push(id);
    this.known = now;
    if (ids.length > 0) this.changed(ids);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
