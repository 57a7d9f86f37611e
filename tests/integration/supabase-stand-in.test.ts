import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSupabaseStandIn, type SupabaseStandIn } from '../fixtures/supabase/stand-in';
import { startPostgres, type PostgresCluster } from '../helpers/postgres';
import { createTeamDatabase } from '../helpers/supabase-db';

/**
 * The stand-in speaks Supabase's protocols well enough for the real supabase-js: each client
 * call here is what Echelon's sync engine makes, checked end to end against real PostgreSQL.
 */

let cluster: PostgresCluster;
let standIn: SupabaseStandIn;
const clients: SupabaseClient[] = [];

function client(): SupabaseClient {
  const made = createClient(standIn.url, standIn.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false, flowType: 'pkce' },
    realtime: { transport: WebSocket as never, heartbeatIntervalMs: 1000 },
  });
  clients.push(made);
  return made;
}

const waitFor = async <T>(read: () => T | undefined, what: string, ms = 5000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

let org: string;
let adminClient: SupabaseClient;
let viewerClient: SupabaseClient;

beforeAll(async () => {
  cluster = await startPostgres();
  const { url } = await createTeamDatabase(cluster);
  standIn = await startSupabaseStandIn({ databaseUrl: url });
  await standIn.auth.createUser('ada@example.com', 'correct horse');
  await standIn.auth.createUser('vic@example.com', 'battery staple');
  adminClient = client();
  expect((await adminClient.auth.signInWithPassword({ email: 'ada@example.com', password: 'correct horse' })).error).toBeNull();
  const created = await adminClient.rpc('create_organization', { name: 'Acme' });
  expect(created.error).toBeNull();
  org = (created.data as { id: string }).id;
  viewerClient = client();
  const signedIn = await viewerClient.auth.signInWithPassword({ email: 'vic@example.com', password: 'battery staple' });
  const { error } = await adminClient.from('memberships').insert({ org_id: org, user_id: signedIn.data.user!.id, role: 'viewer', email: 'vic@example.com' });
  expect(error).toBeNull();
}, 60_000);

afterAll(async () => {
  for (const made of clients) await made.removeAllChannels();
  await standIn?.stop();
  await cluster?.stop();
});

describe('Auth (GoTrue)', () => {
  it('refuses a wrong password with the message Supabase gives', async () => {
    const { error } = await client().auth.signInWithPassword({ email: 'ada@example.com', password: 'wrong' });
    expect(error?.message).toBe('Invalid login credentials');
    expect(error?.status).toBe(400);
  });

  it('signs in with a magic link code, refreshes with rotation, reads the user and signs out', async () => {
    const supabase = client();
    expect((await supabase.auth.signInWithOtp({ email: 'new@example.com' })).error).toBeNull();
    const mail = standIn.auth.mailbox.findLast((entry) => entry.email === 'new@example.com')!;
    expect(mail.link).toContain('/auth/v1/verify?token=');
    const verified = await supabase.auth.verifyOtp({ email: 'new@example.com', token: mail.code, type: 'email' });
    expect(verified.error).toBeNull();
    const first = verified.data.session!;
    expect((await supabase.auth.getUser()).data.user?.email).toBe('new@example.com');

    standIn.auth.refreshReuseSeconds = 0;
    const refreshed = await supabase.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session!.refresh_token).not.toBe(first.refresh_token);
    const reused = await client().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(reused.error?.message).toMatch(/Invalid Refresh Token/);

    expect((await supabase.auth.signOut()).error).toBeNull();
    const afterSignOut = await client().auth.refreshSession({ refresh_token: refreshed.data.session!.refresh_token });
    expect(afterSignOut.error).not.toBeNull();
    standIn.auth.refreshReuseSeconds = 10;
  });

  it('completes an OAuth sign-in with PKCE through a redirect', async () => {
    const supabase = client();
    const { data } = await supabase.auth.signInWithOAuth({ provider: 'github', options: { redirectTo: 'http://127.0.0.1:9/callback', skipBrowserRedirect: true } });
    const response = await fetch(data.url!, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const code = new URL(response.headers.get('location')!).searchParams.get('code')!;
    const exchanged = await supabase.auth.exchangeCodeForSession(code);
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.user?.email).toBe('oauth-user@example.com');
  });
});

describe('PostgREST', () => {
  it('selects with filters, order, range and an exact count, as the caller', async () => {
    const rows = Array.from({ length: 5 }, (_, index) => ({ org_id: org, id: `wf-${index}`, name: `Flow ${index}`, document: { index } }));
    expect((await adminClient.from('workflows').insert(rows)).error).toBeNull();
    const page = await viewerClient.from('workflows').select('id, name', { count: 'exact' }).eq('org_id', org).gte('id', 'wf-1').order('id', { ascending: false }).range(0, 1);
    expect(page.error).toBeNull();
    expect(page.data).toEqual([
      { id: 'wf-4', name: 'Flow 4' },
      { id: 'wf-3', name: 'Flow 3' },
    ]);
    expect(page.count).toBe(4);
    const listed = await viewerClient.from('workflows').select('id').in('id', ['wf-0', 'wf-2']).ilike('name', 'flow%').order('id');
    expect(listed.data).toEqual([{ id: 'wf-0' }, { id: 'wf-2' }]);
    const single = await viewerClient.from('workflows').select('name').eq('id', 'wf-2').single();
    expect(single.data).toEqual({ name: 'Flow 2' });
    const none = await viewerClient.from('workflows').select('name').eq('id', 'nope').maybeSingle();
    expect(none).toMatchObject({ data: null, error: null });
  });

  it('upserts, updates and reports policy denials as PostgREST does', async () => {
    const upserted = await adminClient.from('workflows').upsert({ org_id: org, id: 'wf-0', name: 'Renamed', document: {} }).select('name').single();
    expect(upserted.data).toEqual({ name: 'Renamed' });
    const updated = await adminClient.from('workflows').update({ name: 'Again' }).eq('org_id', org).eq('id', 'wf-1').select('name');
    expect(updated.data).toEqual([{ name: 'Again' }]);
    const denied = await viewerClient.from('workflows').insert({ org_id: org, id: 'wf-v', name: 'Viewer', document: {} });
    expect(denied.error?.code).toBe('42501');
    expect(denied.status).toBe(403);
    const silent = await viewerClient.from('workflows').update({ name: 'Nope' }).eq('id', 'wf-1').select();
    expect(silent.data).toEqual([]);
  });

  it('calls functions with named arguments and returns their JSON', async () => {
    const pushed = await adminClient.rpc('sync_push', { org, changes: [{ kind: 'workflow', id: 'wf-rpc', base_version: null, row: { name: 'RPC', document: {} } }] });
    expect(pushed.error).toBeNull();
    expect((pushed.data as { results: { status: string }[] }).results[0]!.status).toBe('applied');
    const pulled = await viewerClient.rpc('sync_pull', { org, after_version: 0, page_size: 100 });
    expect((pulled.data as { rows: { id: string }[] }).rows.map((row) => row.id)).toContain('wf-rpc');
    const missing = await adminClient.rpc('no_such_function', {});
    expect(missing.status).toBe(404);
  });
});

describe('Realtime', () => {
  it('delivers postgres_changes through each subscriber\'s RLS, with SUBSCRIBED, broadcast and presence', async () => {
    const outsiderClient = client();
    await standIn.auth.createUser('olga@example.com', 'hunter22');
    await outsiderClient.auth.signInWithPassword({ email: 'olga@example.com', password: 'hunter22' });
    for (const made of [viewerClient, outsiderClient, adminClient]) made.realtime.setAuth((await made.auth.getSession()).data.session!.access_token);

    const seen: { who: string; id: string; type: string }[] = [];
    const broadcasts: unknown[] = [];
    const subscribe = (made: SupabaseClient, who: string) =>
      new Promise<ReturnType<SupabaseClient['channel']>>((resolve, reject) => {
        const channel = made
          .channel(`org:${org}`, { config: { presence: { key: who }, broadcast: { self: false } } })
          .on('postgres_changes', { event: '*', schema: 'public', table: 'workflows', filter: `org_id=eq.${org}` }, (payload) => {
            seen.push({ who, id: String((payload.new as { id?: string }).id ?? (payload.old as { id?: string }).id), type: payload.eventType });
          })
          .on('broadcast', { event: 'run-finished' }, (message) => broadcasts.push({ who, ...message.payload }))
          .on('presence', { event: 'sync' }, () => {});
        channel.subscribe((status, error) => {
          if (status === 'SUBSCRIBED') resolve(channel);
          else if (status === 'CHANNEL_ERROR') reject(error);
        });
      });
    const viewerChannel = await subscribe(viewerClient, 'viewer');
    await subscribe(outsiderClient, 'outsider');
    const adminChannel = await subscribe(adminClient, 'admin');

    await adminClient.from('workflows').insert({ org_id: org, id: 'wf-live', name: 'Live', document: {} });
    await waitFor(() => seen.some((event) => event.who === 'viewer' && event.id === 'wf-live' && event.type === 'INSERT'), 'the viewer to see the insert');
    await waitFor(() => seen.some((event) => event.who === 'admin' && event.id === 'wf-live'), 'the admin to see the insert');
    expect(seen.filter((event) => event.who === 'outsider')).toEqual([]);

    await adminChannel.track({ name: 'Ada', viewing: 'wf-live' });
    await waitFor(() => (viewerChannel.presenceState().admin as unknown[] | undefined)?.length === 1, 'the viewer to see the admin online');
    expect(viewerChannel.presenceState().admin).toEqual([expect.objectContaining({ name: 'Ada', viewing: 'wf-live' })]);

    await adminChannel.send({ type: 'broadcast', event: 'run-finished', payload: { workflowId: 'wf-live', status: 'succeeded' } });
    await waitFor(() => broadcasts.some((message) => (message as { who: string }).who === 'viewer'), 'the broadcast to reach the viewer');
    expect(broadcasts.find((message) => (message as { who: string }).who === 'admin')).toBeUndefined();

    await adminChannel.untrack();
    await waitFor(() => viewerChannel.presenceState().admin === undefined, 'the admin to go offline');
  });
});
