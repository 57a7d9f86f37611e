import type { SyncKind } from './kinds/sync-kind';
import type { Reconciler } from './reconciler';
import { remoteState } from './reconciler';
import type { SyncRegistry } from './registry';
import type { PushChange, PushResult, SyncRemote } from './remote/sync-remote';
import type { OutboxEntry, SyncStore } from './sync-store';

export interface PushReport {
  applied: number;
  conflicts: number;
  rejected: number;
  /** More pending changes are waiting (the batch was full, or merges queued new revisions). */
  more: boolean;
  /** Finished runs just published (for the "run finished" broadcast). */
  published: { kind: string; row: Record<string, unknown> }[];
}

/** Sends the outbox in batches through sync_push and settles each change's answer. */
export class Pusher {
  constructor(
    private readonly store: SyncStore,
    private readonly registry: SyncRegistry,
    private readonly remote: SyncRemote,
    private readonly reconciler: Reconciler,
    private readonly batchSize = 1000,
  ) {}

  async pushOnce(orgId: string): Promise<PushReport> {
    const report: PushReport = { applied: 0, conflicts: 0, rejected: 0, more: false, published: [] };
    const entries = this.store.pending(orgId, this.batchSize);
    if (entries.length === 0) return report;
    const batch: { entry: OutboxEntry; kind: SyncKind; change: PushChange }[] = [];
    for (const entry of entries) {
      const kind = this.registry.get(entry.kind);
      if (!kind) {
        this.store.mark(entry, 'rejected', `This version of Echelon does not sync "${entry.kind}".`);
        report.rejected++;
        continue;
      }
      const remoteId = kind.remoteId?.(entry.entityId) ?? entry.entityId;
      const shadow = this.store.shadow(orgId, kind.kind, remoteId);
      const row = entry.op === 'delete' ? undefined : kind.read(entry.entityId);
      if (!row && (!shadow || shadow.deleted)) {
        // Created and deleted before the team ever saw it.
        this.store.pushed(entry);
        continue;
      }
      const problem = row && kind.refuse?.(row);
      if (problem) {
        this.store.mark(entry, 'rejected', problem);
        report.rejected++;
        continue;
      }
      batch.push({ entry, kind, change: { kind: kind.kind, id: remoteId, base_version: shadow?.version ?? null, deleted: !row, ...(row ? { row } : {}) } });
    }
    if (batch.length === 0) return { ...report, more: this.store.pending(orgId, 1).length > 0 };

    const results = await this.remote.push(orgId, batch.map((item) => item.change));
    const byKey = new Map<string, PushResult>(results.map((result) => [`${result.kind}\u0000${result.id}`, result]));
    this.store.db.transaction(() => {
      for (const { entry, kind, change } of batch) {
        const result = byKey.get(`${change.kind}\u0000${change.id}`);
        if (!result) continue;
        if (result.status === 'applied') {
          this.store.setShadow(orgId, kind.kind, change.id, { version: Number(result.version), row: change.row ?? {}, deleted: change.deleted, updatedBy: null });
          this.store.pushed(entry);
          report.applied++;
          if (kind.announce && change.row) report.published.push({ kind: kind.kind, row: change.row });
        } else if (result.status === 'rejected') {
          this.store.mark(entry, 'rejected', result.reason);
          report.rejected++;
        } else if (kind.strategy === 'overwrite') {
          // The latest write wins: take the team's version as the base and send ours again.
          const remote = remoteState(kind, result.remote);
          this.store.setShadow(orgId, kind.kind, change.id, { version: remote.version, row: remote.row, deleted: remote.deleted, updatedBy: remote.updatedBy });
        } else if (this.reconciler.reconcile(orgId, kind, change.id, remoteState(kind, result.remote)) === 'conflict') {
          report.conflicts++;
        }
      }
    })();
    this.registry.flush();
    report.more = this.store.pending(orgId, 1).length > 0;
    return report;
  }
}
