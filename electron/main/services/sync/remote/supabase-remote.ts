import type { SupabaseClient } from '@supabase/supabase-js';
import type { Cursor } from '../sync-store';
import { RemoteUnauthorized, RemoteUnavailable, type PullPage, type PushChange, type PushResult, type SyncRemote } from './sync-remote';

interface RpcResponse {
  data: unknown;
  error: { message: string; code?: string } | null;
  status: number;
}

/** Turns a failed call into what the sync engine acts on: offline, signed out, or a reason to show. */
export function rpcFailure(response: RpcResponse, what: string): Error {
  const { error, status } = response;
  if (status === 0 || status >= 500 || /fetch failed|ECONNREFUSED|network|ENOTFOUND|socket/i.test(error?.message ?? '')) {
    return new RemoteUnavailable(`The team's Supabase project cannot be reached (${error?.message ?? `HTTP ${status}`}).`);
  }
  if (status === 401 || error?.code === 'PGRST301') return new RemoteUnauthorized('Your team session has expired: sign in again.');
  return new Error(`${what} failed: ${error?.message ?? `HTTP ${status}`}`);
}

/** A call that has not answered in time counts as the project being unreachable (a cycle never hangs). */
async function withinTime<T>(call: PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RemoteUnavailable(`${what} got no answer within ${Math.round(ms / 1000)} s.`)), ms);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** sync_push and sync_pull through supabase-js (PostgREST RPC), as the signed-in person. */
export class SupabaseRemote implements SyncRemote {
  constructor(
    private readonly client: () => SupabaseClient,
    private readonly timeoutMs = 60_000,
  ) {}

  async push(orgId: string, changes: PushChange[]): Promise<PushResult[]> {
    const response = (await withinTime(this.client().rpc('sync_push', { org: orgId, changes }), this.timeoutMs, 'Pushing changes')) as RpcResponse;
    if (response.error) throw rpcFailure(response, 'Pushing changes');
    return (response.data as { results: PushResult[] }).results;
  }

  async pull(orgId: string, cursor: Cursor, pageSize: number): Promise<PullPage> {
    const call = this.client().rpc('sync_pull', { org: orgId, after_version: cursor.version, after_kind: cursor.kind, after_id: cursor.entityId, page_size: pageSize });
    const response = (await withinTime(call, this.timeoutMs, 'Pulling changes')) as RpcResponse;
    if (response.error) throw rpcFailure(response, 'Pulling changes');
    const page = response.data as { horizon: number | string; rows: PullPage['rows']; more: boolean };
    return { horizon: Number(page.horizon), rows: page.rows.map((row) => ({ ...row, version: Number(row.version) })), more: page.more };
  }
}
