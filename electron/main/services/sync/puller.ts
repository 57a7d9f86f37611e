import { remoteState, type Reconciler } from './reconciler';
import type { SyncRegistry } from './registry';
import type { PullPage, SyncRemote } from './remote/sync-remote';
import type { Cursor, SyncStore } from './sync-store';

/**
 * Fetches what changed on the team since the checkpoint, page by page. The checkpoint is the
 * server's version (a transaction id) of the last row applied; once caught up it moves to just
 * below the oldest transaction still running on the server, never past it, so a row committed
 * late by an older transaction is still ahead of it.
 */
export class Puller {
  constructor(
    private readonly store: SyncStore,
    private readonly registry: SyncRegistry,
    private readonly remote: SyncRemote,
    private readonly reconciler: Reconciler,
    private readonly pageSize = 2000,
  ) {}

  private async pull(orgId: string): Promise<number> {
    let total = 0;
    let cursor: Cursor = this.store.cursor(orgId);
    let next: Promise<PullPage> | undefined = this.remote.pull(orgId, cursor, this.pageSize);
    while (next) {
      const page: PullPage = await next;
      const last = page.rows.at(-1);
      // The next page is asked for while this one is applied: the server and SQLite work side by side.
      next = page.more && last ? this.remote.pull(orgId, { version: last.version, kind: last.kind, entityId: last.id }, this.pageSize) : undefined;
      // A failed prefetch surfaces when awaited; unawaited until then, it must not count as unhandled.
      next?.catch(() => {});
      this.store.applying(() => {
        for (const item of page.rows) {
          const kind = this.registry.get(item.kind);
          if (kind) this.reconciler.reconcile(orgId, kind, item.id, remoteState(kind, item.row));
          cursor = { version: item.version, kind: item.kind, entityId: item.id };
        }
        if (!page.more && page.horizon - 1 >= cursor.version) cursor = { version: page.horizon - 1, kind: null, entityId: null };
        this.store.setCursor(orgId, cursor);
      });
      total += page.rows.length;
    }
    return total;
  }

  /** Pulls, then lets the kinds announce everything that arrived at once (the engine rereads its workflows once, not per page). */
  async pullAll(orgId: string): Promise<number> {
    try {
      return await this.pull(orgId);
    } finally {
      this.registry.flush();
    }
  }
}
