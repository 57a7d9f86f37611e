import type { Conflict, ConflictField } from '../../../../shared/contract/team';
import type { Json } from './merge/three-way';
import { jsonEqual, mergeJson, valueAt, withValueAt } from './merge/three-way';
import type { SyncKind, SyncRow } from './kinds/sync-kind';
import type { SyncRegistry } from './registry';
import type { OutboxEntry, StoredConflict, SyncStore } from './sync-store';
import { EchelonError } from '../../../../shared/contract/errors';

const dotted = (path: readonly string[]) => path.join('.');

/** Conflicts for people: the side-by-side fields, a resolution per field, and refused changes taken back. */
export class ConflictDesk {
  constructor(
    private readonly store: SyncStore,
    private readonly registry: SyncRegistry,
    private readonly audit: (action: string, kind: string, entityId: string, name: string) => void,
  ) {}

  list(orgId: string): Conflict[] {
    return this.store.conflicts(orgId).map((conflict) => this.describe(conflict));
  }

  private describe(conflict: StoredConflict): Conflict {
    const kind = this.registry.get(conflict.kind);
    const key = kind?.arrayKey;
    const fields: ConflictField[] = conflict.fields.map((path) => ({
      path: dotted(path),
      label: kind?.label?.(path, conflict.local ?? conflict.remote ?? undefined) ?? (path.length ? dotted(path) : 'The whole item (deleted on one side)'),
      base: valueAt(conflict.base ?? undefined, path, key),
      local: valueAt(conflict.local ?? undefined, path, key),
      remote: valueAt(conflict.remote ?? undefined, path, key),
    }));
    const changedOnBoth = mergeJson(conflict.base ?? undefined, conflict.local ?? undefined, conflict.remote ?? undefined, key);
    const mergedCount = countChanges(changedOnBoth.merged, conflict.local ?? undefined);
    return { id: conflict.id, kind: conflict.kind, entityId: conflict.entityId, name: conflict.name, remoteBy: conflict.remoteBy ?? undefined, createdAt: conflict.createdAt, fields, mergedCount };
  }

  /**
   * Merges again with the current local state (it may have been edited since), takes each
   * conflicting field from the side chosen (yours when not named), writes the result and queues
   * it, based on the team's version.
   */
  resolve(id: number, choices: Record<string, 'local' | 'remote'>, all?: 'local' | 'remote'): void {
    const conflict = this.store.conflict(id);
    if (!conflict) throw new EchelonError('not_found', 'That conflict is already resolved.');
    const kind = this.requireKind(conflict.kind);
    const local = kind.read(conflict.entityId);
    const remote = conflict.remote ?? undefined;
    const { merged, conflicts } = mergeJson(conflict.base ?? undefined, local, remote, kind.arrayKey);
    let result: Json | undefined = merged;
    for (const field of conflicts) {
      if ((all ?? choices[dotted(field.path)] ?? 'local') === 'remote') result = withValueAt(result, field.path, valueAt(remote, field.path, kind.arrayKey), kind.arrayKey);
    }
    this.store.applying(() => {
      kind.apply(conflict.entityId, (result as SyncRow | undefined) ?? null, {});
      this.store.removeConflict(id);
      if (jsonEqual(result, remote)) this.store.dropOutbox(kind.kind, conflict.entityId);
      else this.store.requeue(kind.kind, conflict.entityId, conflict.orgId, result === undefined ? 'delete' : 'upsert');
    });
    this.registry.flush();
    this.audit('conflict_resolved', kind.kind, conflict.entityId, conflict.name);
  }

  rejected(orgId: string): { entry: OutboxEntry; name: string }[] {
    return this.store.outboxWithStatus(orgId, 'rejected').map((entry) => {
      const kind = this.registry.get(entry.kind);
      return { entry, name: kind?.name(kind.read(entry.entityId), entry.entityId) ?? entry.entityId };
    });
  }

  /** Drops a refused change: the team's version (or nothing, for an entity the team never had) comes back. */
  discardRejected(orgId: string, kindName: string, entityId: string): boolean {
    const entry = this.store.outboxEntry(kindName, entityId);
    if (!entry || entry.status !== 'rejected') return false;
    const kind = this.requireKind(kindName);
    const shadow = this.store.shadow(orgId, kind.kind, kind.remoteId?.(entityId) ?? entityId);
    const name = kind.name(kind.read(entityId), entityId);
    this.store.applying(() => {
      kind.apply(entityId, shadow && !shadow.deleted ? shadow.row : null, {});
      this.store.dropOutbox(kind.kind, entityId);
    });
    this.registry.flush();
    this.audit('change_discarded', kind.kind, entityId, name);
    return true;
  }

  private requireKind(name: string): SyncKind {
    const kind = this.registry.get(name);
    if (!kind) throw new EchelonError('not_found', `This version of Echelon does not sync "${name}".`);
    return kind;
  }
}

/** How many fields differ between two values (what a merge took from the teammate's side). */
function countChanges(merged: Json | undefined, local: Json | undefined): number {
  if (jsonEqual(merged, local)) return 0;
  if (merged && local && typeof merged === 'object' && typeof local === 'object' && !Array.isArray(merged) && !Array.isArray(local)) {
    const keys = new Set([...Object.keys(merged), ...Object.keys(local)]);
    let count = 0;
    for (const key of keys) count += countChanges((merged as Record<string, Json>)[key], (local as Record<string, Json>)[key]);
    return count;
  }
  return 1;
}
