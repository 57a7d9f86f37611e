import type { Json } from '../merge/three-way';
import type { Cursor } from '../sync-store';

/** One change as sync_push takes it. */
export interface PushChange {
  kind: string;
  id: string;
  base_version: number | null;
  deleted: boolean;
  row?: { [column: string]: Json };
}

export type PushResult =
  | { kind: string; id: string; status: 'applied'; version: number }
  | { kind: string; id: string; status: 'conflict'; remote: RemoteRow }
  | { kind: string; id: string; status: 'rejected'; reason: string };

/** A row of the team's table as PostgreSQL serialized it (`to_jsonb`). */
export type RemoteRow = { [column: string]: Json } & { version: number; deleted: boolean; updated_by?: string | null };

export interface PullPage {
  horizon: number;
  rows: { kind: string; id: string; version: number; row: RemoteRow }[];
  more: boolean;
}

/** The team's side of sync: the two functions of resources/supabase/migrations/…_sync_functions.sql. */
export interface SyncRemote {
  push(orgId: string, changes: PushChange[]): Promise<PushResult[]>;
  pull(orgId: string, cursor: Cursor, pageSize: number): Promise<PullPage>;
}

/** The project cannot be reached (offline, DNS, 5xx): retried with backoff, shown as "offline". */
export class RemoteUnavailable extends Error {
  override readonly name = 'RemoteUnavailable';
}

/** The session is no longer accepted (expired and not refreshable, signed out elsewhere). */
export class RemoteUnauthorized extends Error {
  override readonly name = 'RemoteUnauthorized';
}
