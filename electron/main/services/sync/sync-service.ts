import { EchelonError } from '../../../../shared/contract/errors';
import {
  TEAM_PRESENCE_TABLE,
  TEAM_STATUS_TABLE,
  type Conflict,
  type Invitation,
  type Member,
  type Organization,
  type PresenceEntry,
  type PresenceSubject,
  type RejectedChange,
  type SignInInput,
  type SyncStatus,
  type TeamAuditEntry,
  type TeamRole,
  type TeamRun,
  type TeamStatus,
} from '../../../../shared/contract/team';
import { DisposableStore, toDisposable, type Disposable } from '../../../../shared/lifecycle/disposable';
import type { EventBus } from '../events/event-bus';
import type { BrowserOpener } from '../integrations/auth/browser-opener';
import type { Store } from '../store/store';
import type { Vault } from '../vault/vault';
import { auditToCsv, TeamAuditLog } from './audit/audit-log';
import { TeamAuth, type AuthRedirect } from './auth/team-auth';
import { ConflictDesk } from './conflicts';
import type { SyncKind } from './kinds/sync-kind';
import { installTriggers } from './outbox-triggers';
import { Puller } from './puller';
import { Pusher, type PushReport } from './pusher';
import { DEFAULT_VIEW, OpenViews } from './presence';
import { Reconciler } from './reconciler';
import type { SyncRegistry } from './registry';
import { SupabaseRemote } from './remote/supabase-remote';
import { SyncEngine, type Phase, type SyncFailure } from './sync-engine';
import type { SyncStore } from './sync-store';
import { TeamChannel, type RunAnnouncement } from './team-channel';
import { TeamDirectory } from './team-directory';

const AUDIT_PUSH_EVERY_MS = 3000;

export interface SyncServiceOptions {
  store: Store;
  local: SyncStore;
  bus: EventBus;
  vault: Vault;
  registry: SyncRegistry;
  browser: BrowserOpener;
  redirect?: AuthRedirect;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** How often the outbox is looked at for changes other processes (the CLI) made. */
  pollMs?: number;
  heartbeatIntervalMs?: number;
}

/**
 * Team use: sign-in, the active organization, and sync of every registered kind with the
 * team's Supabase project. Local SQLite stays the truth; this pushes what changed here, pulls
 * what changed there, keeps Realtime presence and hints, and reports one status.
 */
export class SyncService implements Disposable {
  readonly local: SyncStore;
  readonly audit: TeamAuditLog;
  private readonly auth: TeamAuth;
  private readonly directory: TeamDirectory;
  private readonly conflictDesk: ConflictDesk;
  private readonly engine: SyncEngine;
  private readonly disposables = new DisposableStore();
  private channel: TeamChannel | undefined;
  private readonly views = new OpenViews();
  /** The highest version Realtime told of, and the re-pulls waiting for the checkpoint to pass it. */
  private hinted = 0;
  private behindTimer: NodeJS.Timeout | undefined;
  private behindRetries = 0;
  private organizations: Organization[] = [];
  private phase: Phase = 'idle';
  private failure: SyncFailure | undefined;
  private lastSyncedAt: string | undefined;
  private started = false;
  private auditPushedAt = 0;

  constructor(private readonly options: SyncServiceOptions) {
    const { store, registry } = options;
    this.local = options.local;
    installTriggers(store.db, registry.all());
    this.audit = new TeamAuditLog(store.db, store.changes);
    this.auth = new TeamAuth({
      vault: options.vault,
      browser: options.browser,
      redirect: options.redirect ?? { type: 'loopback' },
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      onChange: () => this.touched(TEAM_STATUS_TABLE),
    });
    this.directory = new TeamDirectory(() => this.auth.client());
    const reconciler = new Reconciler(this.local, (kind, id) => options.log('warn', `${kind.kind} ${id} was edited here and by a teammate: choose what to keep on the Team page.`));
    const remote = new SupabaseRemote(() => this.auth.client());
    this.conflictDesk = new ConflictDesk(this.local, registry, (action, kind, id, name) => this.audit.record(`${kind}.${action}`, { kind, id, name }));
    this.engine = this.disposables.add(
      new SyncEngine(new Pusher(this.local, registry, remote, reconciler), new Puller(this.local, registry, remote, reconciler), {
        org: () => (this.auth.user ? (this.local.control().orgId ?? undefined) : undefined),
        onPhase: (phase) => {
          if (phase === this.phase) return;
          this.phase = phase;
          this.touched(TEAM_STATUS_TABLE);
        },
        onPushed: (report) => this.announce(report),
        onSynced: () => {
          this.lastSyncedAt = new Date().toISOString();
          this.pullAgainIfBehind();
        },
        onFailure: (failure) => {
          if (failure?.message !== this.failure?.message) {
            if (failure) options.log(failure.offline ? 'info' : 'warn', `Team sync: ${failure.message}`);
            this.touched(TEAM_STATUS_TABLE);
          }
          this.failure = failure;
          // Failing cycles retry with their own backoff.
          if (failure) clearTimeout(this.behindTimer);
        },
        refreshSession: async () => !(await this.auth.client().auth.refreshSession()).error,
        afterCycle: async (org) => {
          // The audit log follows at most every few seconds: it never delays a change reaching teammates.
          const control = this.local.control();
          if (!control.actorId || Date.now() - this.auditPushedAt < AUDIT_PUSH_EVERY_MS) return;
          this.auditPushedAt = Date.now();
          await this.audit.push(this.auth.client(), org, control.actorId, control.instanceId);
        },
      }),
    );
    const watched = new Set(registry.pushed().map((kind) => kind.local!.table));
    this.disposables.add(options.bus.on('store.changed', ({ tables }) => {
      if (tables.some((table) => watched.has(table))) this.engine.kick();
    }));
    this.disposables.add(options.bus.on('vault.status', (status) => {
      if (status.state === 'unlocked' && this.auth.configured && !this.auth.user) void this.resume().catch((error: unknown) => options.log('warn', `Team sync did not resume: ${String(error)}`));
    }));
  }

  /** Connects to the configured project and resumes syncing (shells that stay running call it). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const poll = setInterval(() => {
      const org = this.local.control().orgId;
      if (org && this.local.pending(org, 1).length > 0) this.engine.kick();
    }, this.options.pollMs ?? 5000);
    poll.unref();
    this.disposables.add(toDisposable(() => clearInterval(poll)));
    const { projectUrl, anonKey } = this.local.control();
    if (projectUrl && anonKey) {
      await this.auth.connect(projectUrl, anonKey);
      await this.resume();
    }
  }

  /** After the session came back (start, vault unlocked): organizations, then Realtime. */
  private async resume(): Promise<void> {
    if (!this.auth.user) await this.auth.restore();
    if (!this.auth.user) return;
    // Offline at start: the organizations wait for the next sign-in or switch; sync retries by itself.
    await this.refreshOrganizations().catch((error: unknown) => this.options.log('info', `Team organizations not refreshed: ${String(error)}`));
    await this.connectChannel();
  }

  // ------------------------------------------------------------------ status

  status(): TeamStatus {
    const control = this.local.control();
    const remembered = control.orgId && this.auth.user ? { id: control.orgId, name: control.orgName ?? '', role: (control.orgRole ?? 'viewer') as TeamRole } : undefined;
    const organization = this.organizations.find((org) => org.id === control.orgId) ?? remembered;
    return {
      configured: Boolean(control.projectUrl && control.anonKey),
      projectUrl: control.projectUrl ?? undefined,
      user: this.auth.user,
      organizations: this.organizations,
      organization,
      sync: this.syncStatus(),
    };
  }

  /** The signed-in client and current organization, for reading team tables (workers); why not, otherwise. */
  teamClient(): { client: ReturnType<TeamAuth['client']>; orgId: string; orgName: string | null } | { unavailable: 'signed_out' | 'no_organization' } {
    if (!this.auth.user) return { unavailable: 'signed_out' };
    const control = this.local.control();
    if (!control.orgId) return { unavailable: 'no_organization' };
    return { client: this.auth.client(), orgId: control.orgId, orgName: control.orgName ?? null };
  }

  syncStatus(): SyncStatus {
    const control = this.local.control();
    const counts = control.orgId ? this.local.counts(control.orgId) : { pending: 0, rejected: 0, conflict: 0 };
    const base = { pending: counts.pending, rejected: counts.rejected, conflicts: counts.conflict, live: this.channel?.live ?? false, lastSyncedAt: this.lastSyncedAt };
    if (!control.projectUrl) return { ...base, state: 'solo' };
    if (!this.auth.user) {
      if (this.auth.locked) return { ...base, state: 'locked', message: 'Unlock the vault to sync: your team session is kept there.' };
      return { ...base, state: 'signed_out' };
    }
    if (!control.orgId) return { ...base, state: 'no_organization' };
    if (counts.conflict > 0) return { ...base, state: 'conflict', message: `${counts.conflict} item${counts.conflict > 1 ? 's' : ''} edited here and by a teammate: choose what to keep.` };
    if (this.failure?.offline) return { ...base, state: 'offline', message: this.failure.message };
    if (this.failure) return { ...base, state: 'error', message: this.failure.message };
    if (this.phase === 'pushing' && counts.pending > 0) return { ...base, state: 'pushing' };
    if (this.phase === 'pulling') return { ...base, state: 'pulling' };
    return { ...base, state: 'synced' };
  }

  private touched(table: string): void {
    this.options.store.changes.touched(table);
  }

  // ------------------------------------------------------------------ project and sign-in

  async configure(input: { projectUrl: string; anonKey: string } | { clear: true }): Promise<TeamStatus> {
    await this.closeChannel();
    await this.auth.disconnect();
    this.organizations = [];
    if ('clear' in input) {
      this.local.setProject(null, null);
      this.local.setOrg(null);
      this.local.setActor(null, '');
    } else {
      this.local.setProject(input.projectUrl.replace(/\/+$/, ''), input.anonKey);
      await this.auth.connect(input.projectUrl.replace(/\/+$/, ''), input.anonKey);
      await this.resume();
    }
    this.audit.record('team.configure', {}, { projectUrl: 'clear' in input ? null : input.projectUrl });
    this.touched(TEAM_STATUS_TABLE);
    return this.status();
  }

  async signIn(input: SignInInput): Promise<{ status: TeamStatus; message?: string; url?: string }> {
    const result = await this.auth.signIn(input);
    if (this.auth.user) await this.afterSignIn(input.method);
    return { status: this.status(), ...result };
  }

  /** The OAuth provider's redirect to `echelon://auth/callback` (the desktop shell forwards it). */
  async handleAuthCallback(url: string): Promise<TeamStatus> {
    await this.auth.handleCallback(url);
    await this.afterSignIn('oauth');
    return this.status();
  }

  private async afterSignIn(method: string): Promise<void> {
    const user = this.auth.user!;
    this.local.setActor(user.id, user.email);
    await this.refreshOrganizations();
    this.audit.record('team.sign_in', { kind: 'user', id: user.id, name: user.email }, { method });
    await this.connectChannel();
  }

  async signOut(): Promise<TeamStatus> {
    const user = this.auth.user;
    if (user) this.audit.record('team.sign_out', { kind: 'user', id: user.id, name: user.email });
    await this.closeChannel();
    await this.auth.signOut();
    this.local.setActor(null, '');
    this.organizations = [];
    this.touched(TEAM_STATUS_TABLE);
    return this.status();
  }

  private async refreshOrganizations(): Promise<void> {
    const user = this.auth.user;
    if (!user) return;
    this.organizations = await this.directory.organizations(user.id);
    const current = this.local.control().orgId;
    const organization = this.organizations.find((org) => org.id === current);
    if (organization) this.local.setOrg(organization);
    else {
      // Removed from the active organization (or none chosen yet): the only one left, if any, takes over.
      this.activate(this.organizations.length === 1 ? this.organizations[0] : undefined);
      if (this.channel) {
        await this.closeChannel();
        await this.connectChannel();
      }
    }
    this.touched(TEAM_STATUS_TABLE);
  }

  private role(): TeamRole | undefined {
    return this.status().organization?.role;
  }

  /**
   * Makes an organization the one this data dir syncs with. The first organization a data dir
   * ever joins receives what was built here alone; switching later shares only what changes
   * from then on.
   */
  private activate(organization: Organization | undefined): void {
    const control = this.local.control();
    const firstEver = control.orgId === null && this.local.db.prepare('SELECT count(*) FROM sync_cursor').pluck().get() === 0;
    this.local.setOrg(organization ?? null);
    this.hinted = 0;
    if (organization && firstEver) this.shareExisting(organization.id);
    this.touched(TEAM_STATUS_TABLE);
  }

  private shareExisting(orgId: string): void {
    this.local.db.transaction(() => {
      for (const kind of this.options.registry.pushed()) {
        if (kind.strategy !== 'merge') continue;
        const ids = this.local.db.prepare(`SELECT ${kind.local!.key('t')} FROM ${kind.local!.table} t`).pluck().all() as string[];
        for (const id of ids) this.local.requeue(kind.kind, String(id), orgId, 'upsert');
      }
    })();
  }

  async createOrganization(name: string): Promise<TeamStatus> {
    this.requireUser();
    const id = await this.directory.createOrganization(name);
    this.audit.record('team.organization_create', { kind: 'organization', id, name });
    await this.refreshOrganizations();
    await this.switchOrganization(id);
    return this.status();
  }

  async switchOrganization(orgId: string): Promise<TeamStatus> {
    this.requireUser();
    await this.refreshOrganizations();
    const organization = this.organizations.find((org) => org.id === orgId);
    if (!organization) throw new EchelonError('not_found', 'You are not a member of that organization (any more): ask an admin to invite you.');
    await this.closeChannel();
    this.activate(organization);
    this.audit.record('team.organization_switch', { kind: 'organization', id: orgId, name: organization.name });
    await this.connectChannel();
    return this.status();
  }

  private requireUser() {
    const user = this.auth.user;
    if (!user) throw new EchelonError('forbidden', 'Sign in to your team first (Team page).');
    return user;
  }

  private requireOrg(): string {
    this.requireUser();
    const org = this.local.control().orgId;
    if (!org) throw new EchelonError('invalid_input', 'Choose or create an organization first (Team page).');
    return org;
  }

  // ------------------------------------------------------------------ realtime

  private async connectChannel(): Promise<void> {
    const user = this.auth.user;
    const org = this.local.control().orgId;
    if (!user || !org || this.channel) {
      this.engine.kick(true);
      return;
    }
    const tables = [...new Set(this.options.registry.all().map((kind) => kind.table))];
    const channel = new TeamChannel(this.auth.client(), org, user, tables, {
      onHint: (change) => {
        if (this.isOwnEcho(org, change)) return;
        this.hinted = Math.max(this.hinted, change.version ?? 0);
        this.engine.kick(true);
      },
      onMembership: () => void this.refreshOrganizations().catch(() => {}),
      onSubscribed: () => this.engine.kick(true),
      onLiveChange: () => this.touched(TEAM_STATUS_TABLE),
      onPresence: () => this.touched(TEAM_PRESENCE_TABLE),
      onRunFinished: (announcement) => this.options.bus.emit('team.runFinished', announcement),
    });
    this.channel = channel;
    await channel.setSubjects(this.views.subjects());
    await channel.open();
    this.engine.kick(true);
  }

  /**
   * A hinted row can be above the pull's horizon (an older transaction was still running on the
   * server): it was not pulled yet, and no other hint may come for it. Pull again shortly, a
   * little later each time, until the checkpoint has passed it.
   */
  private pullAgainIfBehind(): void {
    const org = this.local.control().orgId;
    clearTimeout(this.behindTimer);
    if (!org || this.local.cursor(org).version >= this.hinted) {
      this.behindRetries = 0;
      return;
    }
    this.behindTimer = setTimeout(() => this.engine.kick(true), Math.min(25 * 2 ** this.behindRetries++, 2000));
    this.behindTimer.unref?.();
  }

  /** Our own push coming back over Realtime: the shadow already holds that version, nothing to pull. */
  private isOwnEcho(orgId: string, change: { table: string; id?: string; version?: number }): boolean {
    if (change.id === undefined || change.version === undefined) return false;
    const kind = this.options.registry.all().find((candidate) => candidate.table === change.table);
    const shadow = kind && this.local.shadow(orgId, kind.kind, change.id);
    return shadow !== undefined && shadow.version >= change.version;
  }

  private async closeChannel(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    await channel?.close();
    this.touched(TEAM_PRESENCE_TABLE);
  }

  private announce(report: PushReport): void {
    const user = this.auth.user;
    if (!user || !this.channel) return;
    for (const { kind, row } of report.published) {
      const announcement: RunAnnouncement = {
        by: user.name,
        kind: kind === 'agent_task' ? 'agent_task' : 'execution',
        subjectName: String(row.workflow_name ?? row.agent_name ?? ''),
        status: String(row.status ?? ''),
      };
      void this.channel.announce(announcement).catch(() => {});
    }
  }

  presence(): PresenceEntry[] {
    return this.channel?.presence() ?? [];
  }

  /** What one window or tab shows (null: nothing in particular); teammates see every window's subject. */
  async setPresence(subject: PresenceSubject | null, view = DEFAULT_VIEW): Promise<void> {
    if (this.views.set(view, subject)) await this.channel?.setSubjects(this.views.subjects());
  }

  /** A window or tab closed (or reloaded): what it showed leaves with it. */
  async closeView(view: string): Promise<void> {
    await this.setPresence(null, view);
  }

  // ------------------------------------------------------------------ people

  async members(): Promise<Member[]> {
    const org = this.requireOrg();
    const online = new Set(this.presence().map((entry) => entry.userId));
    return this.directory.members(org, (userId) => online.has(userId));
  }

  async invite(email: string, role: TeamRole): Promise<Invitation> {
    const org = this.requireOrg();
    const user = this.requireUser();
    if (this.role() !== 'admin') throw new EchelonError('forbidden', 'Only admins invite people.');
    const invitation = await this.directory.invite(org, user.id, email, role);
    this.audit.record('member.invite', { kind: 'invitation', id: invitation.id, name: email }, { role });
    return invitation;
  }

  async invitations(): Promise<{ sent: Invitation[]; received: Invitation[] }> {
    const user = this.requireUser();
    return this.directory.invitations(this.role() === 'admin' ? (this.local.control().orgId ?? undefined) : undefined, user.email);
  }

  async acceptInvitation(id: string): Promise<TeamStatus> {
    this.requireUser();
    const orgId = await this.directory.acceptInvitation(id);
    this.audit.record('member.join', { kind: 'organization', id: orgId });
    await this.refreshOrganizations();
    if (!this.local.control().orgId || this.organizations.length === 1) await this.switchOrganization(orgId);
    return this.status();
  }

  async withdrawInvitation(id: string): Promise<boolean> {
    this.requireOrg();
    const withdrawn = await this.directory.withdrawInvitation(id);
    if (withdrawn) this.audit.record('member.invitation_withdraw', { kind: 'invitation', id });
    return withdrawn;
  }

  async setRole(userId: string, role: TeamRole): Promise<Member[]> {
    const org = this.requireOrg();
    await this.directory.setRole(org, userId, role);
    this.audit.record('member.role', { kind: 'user', id: userId }, { role });
    return this.members();
  }

  async removeMember(userId: string): Promise<Member[]> {
    const org = this.requireOrg();
    await this.directory.removeMember(org, userId);
    this.audit.record('member.remove', { kind: 'user', id: userId });
    return this.members();
  }

  // ------------------------------------------------------------------ sync

  async syncNow(): Promise<SyncStatus> {
    this.requireOrg();
    this.auditPushedAt = 0;
    await this.engine.syncNow();
    return this.syncStatus();
  }

  conflicts(): Conflict[] {
    const org = this.local.control().orgId;
    return org ? this.conflictDesk.list(org) : [];
  }

  resolveConflict(id: number, choices: Record<string, 'local' | 'remote'>, all?: 'local' | 'remote'): void {
    this.conflictDesk.resolve(id, choices, all);
    this.engine.kick();
  }

  rejected(): RejectedChange[] {
    const org = this.local.control().orgId;
    if (!org) return [];
    return this.conflictDesk.rejected(org).map(({ entry, name }) => ({ kind: entry.kind, entityId: entry.entityId, name, reason: entry.error ?? 'Refused by the server.', changedAt: entry.changedAt }));
  }

  discardRejected(kind: string, entityId: string): boolean {
    const org = this.requireOrg();
    return this.conflictDesk.discardRejected(org, kind, entityId);
  }

  async auditEntries(scope: 'local' | 'team', search: string | undefined, limit: number, offset: number): Promise<{ entries: TeamAuditEntry[]; total: number }> {
    if (scope === 'local') return this.audit.list(search, limit, offset);
    const org = this.requireOrg();
    if (this.role() !== 'admin') throw new EchelonError('forbidden', "Only admins read the team's audit log; your own actions are in this computer's log.");
    return this.audit.listTeam(this.auth.client(), org, search, limit, offset);
  }

  async auditExport(scope: 'local' | 'team', search: string | undefined, format: 'csv' | 'json'): Promise<{ text: string; fileName: string; count: number }> {
    const { entries } = await this.auditEntries(scope, search, scope === 'local' ? 1_000_000 : 10_000, 0);
    const stamp = new Date().toISOString().slice(0, 10);
    const text = format === 'csv' ? auditToCsv(entries) : `${JSON.stringify(entries, null, 2)}\n`;
    return { text, fileName: `echelon-audit-${scope}-${stamp}.${format}`, count: entries.length };
  }

  runs(limit: number): TeamRun[] {
    const org = this.local.control().orgId;
    if (!org) return [];
    const rows = this.local.db
      .prepare('SELECT * FROM team_execution_summaries WHERE org_id = ? ORDER BY coalesce(finished_at, started_at) DESC LIMIT ?')
      .all(org, limit) as Record<string, string | number | null>[];
    return rows.map((row) => ({
      id: String(row.id),
      kind: row.kind as TeamRun['kind'],
      subjectId: String(row.subject_id),
      subjectName: String(row.subject_name),
      status: String(row.status),
      runner: String(row.runner),
      finishedAt: (row.finished_at as string | null) ?? undefined,
      durationMs: (row.duration_ms as number | null) ?? undefined,
      by: (row.updated_by as string | null) ?? undefined,
    }));
  }

  /** Registered kinds, for tests and diagnostics. */
  kinds(): SyncKind[] {
    return this.options.registry.all();
  }

  async dispose(): Promise<void> {
    clearTimeout(this.behindTimer);
    await this.closeChannel().catch(() => {});
    await this.disposables.dispose();
    await this.auth.disconnect().catch(() => {});
  }
}
