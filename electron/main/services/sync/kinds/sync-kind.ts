import type { ArrayKey, Json } from '../merge/three-way';

/** A synced entity's columns as the team's table holds them (without org_id, id, version, stamps). */
export type SyncRow = { [column: string]: Json };

/**
 * One kind of entity team sync carries. The engine is generic over these: adding a kind is a
 * `SyncKind` and one `registry.register(...)` line (see README, "Team sync: adding a kind").
 */
export interface SyncKind {
  /** As `private.synced_table()` names it in resources/supabase (`workflow`, `agent`, ...). */
  readonly kind: string;
  /** The team's table (Realtime hints subscribe to it). */
  readonly table: string;
  /** Columns of the team's row this kind writes and reads. */
  readonly columns: readonly string[];
  /**
   * Where local changes come from: triggers on this table record them in the outbox, in the
   * change's own transaction. Absent for kinds only pulled (summaries written elsewhere).
   */
  readonly local?: LocalSource;
  /** `merge`: three-way merge, conflicts to a person. `overwrite`: the latest write wins (summaries). */
  readonly strategy: 'merge' | 'overwrite';
  /** The entity as the team's row, or undefined when it no longer exists locally. */
  read(id: string): SyncRow | undefined;
  /** Writes the team's row locally (null: the entity was deleted). Called with outbox triggers muted. */
  apply(id: string, row: SyncRow | null, meta: { updatedBy?: string }): void;
  /** After a batch of applies (a pulled page, a pushed batch, a resolution): notices cheaper once than per entity. */
  flush?(): void;
  /** A name for people (lists, conflicts, audit). */
  name(row: SyncRow | undefined, id: string): string;
  /** Identities of array items for merges (a workflow's nodes and edges). */
  readonly arrayKey?: ArrayKey;
  /** A readable label for a conflicting path. */
  label?(path: readonly string[], row: SyncRow | undefined): string;
  /** Each pushed row is announced to teammates over Realtime broadcast (a run finished). */
  readonly announce?: boolean;
  /** Why this row must not leave the computer (a secret value where a reference belongs), or undefined. */
  refuse?(row: SyncRow): string | undefined;
  /** The team's id for a local entity, when they differ (run summaries are prefixed by instance). */
  remoteId?(localId: string): string;
}

export interface LocalSource {
  table: string;
  /** SQL expression of the entity id over a row alias: NEW, OLD or a table alias (`NEW.id`, `lower(NEW.name)`). */
  key: (row: string) => string;
  /** Columns whose update is a change worth syncing (health checks touching others are not). */
  columns: readonly string[];
  /** Which operations record a change (default all three). */
  operations?: readonly ('insert' | 'update' | 'delete')[];
  /** An extra trigger condition over NEW (finished runs only, ...). */
  when?: string;
  /** SQL expression naming the entity in the audit log; no audit entry when absent. */
  auditName?: (row: string) => string;
}

export function columnsOf(row: Record<string, unknown>, columns: readonly string[]): SyncRow {
  return Object.fromEntries(columns.filter((column) => row[column] !== undefined).map((column) => [column, row[column] as Json]));
}
