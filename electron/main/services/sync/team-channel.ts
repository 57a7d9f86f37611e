import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import type { PresenceEntry, PresenceSubject, TeamUser } from '../../../../shared/contract/team';
import { presenceEntries, type PresenceMeta } from './presence';

export interface RunAnnouncement {
  by: string;
  kind: 'execution' | 'agent_task';
  subjectName: string;
  status: string;
}

export interface TeamChannelEvents {
  /** A synced table changed on the team: time to pull (the row's table, key and version, when Realtime sent them). */
  onHint(change: { table: string; id?: string; version?: number }): void;
  /** Someone's membership changed (a role, a removal): roles are read again. */
  onMembership(): void;
  /** SUBSCRIBED, the first time and after every reconnect: Realtime has no replay, so catch up. */
  onSubscribed(): void;
  onLiveChange(live: boolean): void;
  onPresence(): void;
  onRunFinished(announcement: RunAnnouncement): void;
}

/**
 * The organization's Realtime channel: postgres_changes on every synced table (hints to pull),
 * presence (who is online, what each views or edits) and broadcast (a teammate's run finished).
 */
export class TeamChannel {
  private channel: RealtimeChannel | undefined;
  private subjects: PresenceSubject[] = [];
  private readonly since = new Date().toISOString();
  live = false;

  constructor(
    private readonly client: SupabaseClient,
    private readonly orgId: string,
    private readonly user: TeamUser,
    private readonly tables: readonly string[],
    private readonly events: TeamChannelEvents,
  ) {}

  async open(): Promise<void> {
    const token = (await this.client.auth.getSession()).data.session?.access_token;
    if (token) this.client.realtime.setAuth(token);
    let channel = this.client.channel(`org:${this.orgId}`, { config: { presence: { key: this.user.id }, broadcast: { self: false } } });
    for (const table of this.tables) {
      channel = channel.on('postgres_changes', { event: '*', schema: 'public', table, filter: `org_id=eq.${this.orgId}` }, (payload) => {
        const row = (payload.new ?? {}) as { id?: string; version?: number | string };
        this.events.onHint({ table, id: row.id, version: row.version === undefined ? undefined : Number(row.version) });
      });
    }
    channel = channel
      .on('postgres_changes', { event: '*', schema: 'public', table: 'memberships', filter: `org_id=eq.${this.orgId}` }, () => this.events.onMembership())
      .on('presence', { event: 'sync' }, () => this.events.onPresence())
      .on('broadcast', { event: 'run-finished' }, ({ payload }) => this.events.onRunFinished(payload as RunAnnouncement));
    this.channel = channel;
    channel.subscribe((status) => {
      const live = status === 'SUBSCRIBED';
      if (live !== this.live) {
        this.live = live;
        this.events.onLiveChange(live);
      }
      if (live) {
        void this.track();
        this.events.onSubscribed();
      }
    });
  }

  /** What this Echelon's windows show (merged: one per workflow or agent); tracked at once when live, else on subscribing. */
  async setSubjects(subjects: PresenceSubject[]): Promise<void> {
    this.subjects = subjects;
    await this.track();
  }

  private async track(): Promise<void> {
    if (!this.channel || !this.live) return;
    const meta: PresenceMeta = { userId: this.user.id, name: this.user.name, email: this.user.email, since: this.since, subjects: this.subjects, ...(this.subjects[0] ? { subject: this.subjects[0] } : {}) };
    await this.channel.track(meta);
  }

  presence(): PresenceEntry[] {
    return this.channel ? presenceEntries(this.channel.presenceState<PresenceMeta>(), this.user) : [];
  }

  async announce(announcement: RunAnnouncement): Promise<void> {
    if (this.channel && this.live) await this.channel.send({ type: 'broadcast', event: 'run-finished', payload: announcement });
  }

  async close(): Promise<void> {
    if (this.channel) await this.client.removeChannel(this.channel);
    this.channel = undefined;
    this.live = false;
  }
}
