import { columnsOf, type SyncKind, type SyncRow } from './kinds/sync-kind';
import { jsonEqual, mergeJson } from './merge/three-way';
import type { RemoteRow } from './remote/sync-remote';
import type { SyncStore } from './sync-store';

export type Outcome = 'applied' | 'merged' | 'conflict' | 'kept' | 'skipped';

/** The team's state of one entity, as a pull or a refused push reports it. */
export interface RemoteState {
  version: number;
  deleted: boolean;
  row: SyncRow;
  updatedBy: string | null;
}

export function remoteState(kind: SyncKind, row: RemoteRow): RemoteState {
  return { version: Number(row.version), deleted: row.deleted === true, row: columnsOf(row, kind.columns), updatedBy: (row.updated_by as string | null | undefined) ?? null };
}

/**
 * Brings one entity up to the team's version without losing a local edit. With nothing
 * pending locally, the team's row is written. With a local edit waiting in the outbox, base
 * (the last version both sides agreed on), local and remote are merged: a clean merge is written
 * locally and stays queued (now based on the team's version); edits to the same field become a
 * conflict that waits for a person. A change the server refused stays as it is.
 */
export class Reconciler {
  constructor(
    private readonly store: SyncStore,
    private readonly onConflict: (kind: SyncKind, entityId: string) => void = () => {},
  ) {}

  reconcile(orgId: string, kind: SyncKind, entityId: string, remote: RemoteState): Outcome {
    const shadow = this.store.shadow(orgId, kind.kind, entityId);
    if (shadow && shadow.version >= remote.version) return 'skipped';
    const remoteRow = remote.deleted ? undefined : remote.row;
    const outcome = this.store.applying((): Outcome => {
      const pending = this.store.outboxEntry(kind.kind, entityId);
      this.store.setShadow(orgId, kind.kind, entityId, { version: remote.version, row: remote.row, deleted: remote.deleted, updatedBy: remote.updatedBy });
      if (!pending || kind.strategy === 'overwrite') {
        kind.apply(entityId, remoteRow ?? null, { updatedBy: remote.updatedBy ?? undefined });
        return 'applied';
      }
      if (pending.status === 'rejected') return 'kept';
      const local = kind.read(entityId);
      const base = shadow && !shadow.deleted ? shadow.row : undefined;
      const result = mergeJson(base, local, remoteRow, kind.arrayKey);
      if (result.conflicts.length > 0) {
        this.store.saveConflict({
          orgId,
          kind: kind.kind,
          entityId,
          name: kind.name(local ?? remoteRow, entityId),
          base: base ?? null,
          local: local ?? null,
          remote: remoteRow ?? null,
          remoteVersion: remote.version,
          remoteBy: remote.updatedBy,
          merged: (result.merged as SyncRow | undefined) ?? null,
          fields: result.conflicts.map((conflict) => conflict.path),
        });
        this.store.mark(pending, 'conflict', `Edited here and by a teammate: choose what to keep.`);
        return 'conflict';
      }
      this.store.removeConflictFor(orgId, kind.kind, entityId);
      const merged = result.merged as SyncRow | undefined;
      if (!jsonEqual(merged, local)) kind.apply(entityId, merged ?? null, {});
      if (jsonEqual(merged, remoteRow)) {
        this.store.dropOutbox(kind.kind, entityId);
        return 'applied';
      }
      // Still ours to push, now based on the team's version.
      this.store.requeue(kind.kind, entityId, orgId, merged ? 'upsert' : 'delete');
      return 'merged';
    });
    if (outcome === 'conflict') this.onConflict(kind, entityId);
    return outcome;
  }
}
