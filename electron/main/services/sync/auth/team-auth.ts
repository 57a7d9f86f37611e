import type { Session, SupabaseClient } from '@supabase/supabase-js';
import { EchelonError } from '../../../../../shared/contract/errors';
import type { SignInInput, TeamUser } from '../../../../../shared/contract/team';
import type { BrowserOpener } from '../../integrations/auth/browser-opener';
import { startLoopbackCallback } from '../../integrations/auth/oauth2/loopback-server';
import type { Vault } from '../../vault/vault';
import { loadSupabase } from './supabase-module';
import { VaultSessionStorage } from './vault-session-storage';

/** Where the OAuth provider sends the browser back: the desktop app's deep link, or a 127.0.0.1 port. */
export type AuthRedirect = { type: 'deep-link'; url: string } | { type: 'loopback' };

export const DEEP_LINK_CALLBACK = 'echelon://auth/callback';
const STORAGE_KEY = 'echelon-team-auth';
const OAUTH_WAIT_MS = 10 * 60_000;

/** Realtime reconnects quickly first, then every few seconds: a laptop waking up should be live at once. */
const reconnectAfterMs = (tries: number) => [250, 500, 1000, 2000][tries - 1] ?? 5000;

export interface TeamAuthOptions {
  vault: Vault;
  browser: BrowserOpener;
  redirect: AuthRedirect;
  /** Signed in, signed out, token refreshed, user changed. */
  onChange: () => void;
  /** Realtime heartbeat (tests shorten it). */
  heartbeatIntervalMs?: number;
}

function userOf(session: Session | null): TeamUser | undefined {
  if (!session?.user) return undefined;
  const metadata = session.user.user_metadata as { name?: string; full_name?: string } | undefined;
  const email = session.user.email ?? '';
  return { id: session.user.id, email, name: metadata?.full_name ?? metadata?.name ?? email.split('@')[0] ?? email };
}

function authFailure(error: { message: string; status?: number } | null, what: string): EchelonError {
  const message = error?.message ?? 'unknown error';
  if (/fetch failed|ECONNREFUSED|network/i.test(message) || (error?.status ?? 0) >= 500) {
    return new EchelonError('unavailable', `${what}: the team's Supabase project cannot be reached (${message}). Check the project URL and your connection.`);
  }
  return new EchelonError(error?.status === 400 || error?.status === 422 || error?.status === 403 ? 'invalid_input' : 'unavailable', `${what}: ${message}.`);
}

/**
 * Sign-in to the team's Supabase project with supabase-js: email and password, magic link
 * (the link, or the code it carries), OAuth in the system browser with PKCE. The session lives
 * in the vault and refreshes itself; sign-out revokes it on the server and forgets it here.
 */
export class TeamAuth {
  private supabase: SupabaseClient | undefined;
  private storage: VaultSessionStorage | undefined;
  private session: Session | null = null;
  private pendingOAuth: { close: () => Promise<void> } | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: TeamAuthOptions) {}

  get configured(): boolean {
    return this.supabase !== undefined;
  }

  get user(): TeamUser | undefined {
    return userOf(this.session);
  }

  get locked(): boolean {
    return this.storage?.locked ?? false;
  }

  client(): SupabaseClient {
    if (!this.supabase) throw new EchelonError('unavailable', 'Team sync is not set up: enter your Supabase project URL and anon key on the Team page.');
    return this.supabase;
  }

  /** Builds the client for a project and restores a stored session, if the vault lets us read it. */
  async connect(projectUrl: string, anonKey: string): Promise<void> {
    await this.disconnect();
    const [{ createClient }, { default: WebSocket }] = await Promise.all([loadSupabase(), import('ws')]);
    this.storage = new VaultSessionStorage(this.options.vault, STORAGE_KEY);
    this.supabase = createClient(projectUrl, anonKey, {
      auth: { storage: this.storage, storageKey: STORAGE_KEY, persistSession: true, autoRefreshToken: true, detectSessionInUrl: false, flowType: 'pkce' },
      realtime: { transport: WebSocket as never, reconnectAfterMs, heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? 15_000 },
      global: { headers: { 'x-client-info': 'echelon-desktop' } },
    });
    const { data } = this.supabase.auth.onAuthStateChange((_event, session) => {
      this.session = session;
      this.options.onChange();
    });
    this.unsubscribe = () => data.subscription.unsubscribe();
    await this.restore();
  }

  /** Reads the session again (after the vault unlocks). */
  async restore(): Promise<void> {
    if (!this.supabase) return;
    this.storage?.reset();
    const { data } = await this.supabase.auth.getSession();
    this.session = data.session;
    if (this.session) await this.supabase.auth.startAutoRefresh();
    this.options.onChange();
  }

  async signIn(input: SignInInput): Promise<{ message?: string; url?: string }> {
    const auth = this.client().auth;
    if (input.method !== 'magic_link') this.options.vault.assertWritable();
    switch (input.method) {
      case 'password': {
        const { error } = await auth.signInWithPassword({ email: input.email, password: input.password });
        if (error) throw authFailure(error, 'Signing in failed');
        break;
      }
      case 'sign_up': {
        const { data, error } = await auth.signUp({ email: input.email, password: input.password, options: { data: input.name ? { name: input.name } : {} } });
        if (error) throw authFailure(error, 'Creating the account failed');
        if (!data.session) return { message: `Check ${input.email} for a confirmation link, then sign in.` };
        break;
      }
      case 'magic_link': {
        const { error } = await auth.signInWithOtp({ email: input.email, options: { shouldCreateUser: true, emailRedirectTo: this.options.redirect.type === 'deep-link' ? this.options.redirect.url : undefined } });
        if (error) throw authFailure(error, 'Sending the magic link failed');
        return { message: `We sent a sign-in link and code to ${input.email}. Enter the code here (or open the link on this computer).` };
      }
      case 'code': {
        const { error } = await auth.verifyOtp({ email: input.email, token: input.code, type: 'email' });
        if (error) throw authFailure(error, 'That code did not work');
        break;
      }
      case 'oauth':
        return this.startOAuth(input.provider);
    }
    await auth.startAutoRefresh();
    return {};
  }

  private async startOAuth(provider: Extract<SignInInput, { method: 'oauth' }>['provider']): Promise<{ message: string; url: string }> {
    await this.pendingOAuth?.close();
    const auth = this.client().auth;
    let redirectTo: string;
    if (this.options.redirect.type === 'deep-link') {
      redirectTo = this.options.redirect.url;
    } else {
      const callback = await startLoopbackCallback();
      redirectTo = callback.redirectUri;
      const timer = setTimeout(() => void callback.close(), OAUTH_WAIT_MS);
      timer.unref();
      this.pendingOAuth = callback;
      void callback
        .handle(async (url) => {
          await this.handleCallback(url.toString());
        })
        .catch(() => {})
        .finally(() => {
          clearTimeout(timer);
          void callback.close();
        });
    }
    const { data, error } = await auth.signInWithOAuth({ provider, options: { redirectTo, skipBrowserRedirect: true } });
    if (error || !data.url) throw authFailure(error, `Signing in with ${provider} failed`);
    await this.options.browser.open(data.url);
    return { message: `Continue in your browser: sign in with ${provider}, then come back here.`, url: data.url };
  }

  /** The provider's redirect (deep link or loopback): trades the code for a session. */
  async handleCallback(url: string): Promise<void> {
    const parsed = new URL(url);
    const code = parsed.searchParams.get('code');
    const problem = parsed.searchParams.get('error_description') ?? parsed.searchParams.get('error');
    if (!code) throw new EchelonError('invalid_input', `Signing in did not complete: ${problem ?? 'the callback carried no code'}.`);
    this.options.vault.assertWritable();
    const { error } = await this.client().auth.exchangeCodeForSession(code);
    if (error) throw authFailure(error, 'Finishing the sign-in failed');
    await this.client().auth.startAutoRefresh();
  }

  async signOut(): Promise<void> {
    if (!this.supabase) return;
    // Revokes the refresh token on the server; offline, the local session is dropped anyway.
    const { error } = await this.supabase.auth.signOut({ scope: 'local' });
    if (error) await this.supabase.auth.signOut({ scope: 'local' }).catch(() => {});
    this.session = null;
    this.options.onChange();
  }

  async disconnect(): Promise<void> {
    await this.pendingOAuth?.close().catch(() => {});
    this.pendingOAuth = undefined;
    this.unsubscribe?.();
    if (this.supabase) {
      await this.supabase.auth.stopAutoRefresh();
      await this.supabase.removeAllChannels();
      this.supabase.realtime.disconnect();
    }
    this.supabase = undefined;
    this.session = null;
  }
}
