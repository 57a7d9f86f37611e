import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import type { PresenceEntry, PresenceSubject, TeamUser } from '../../../../shared/contract/team';

export interface RunAnnouncement {
  by: string;
  kind: 'execution' | 'agent_task';
  subjectName: string;
  status: string;
}

interface PresenceMeta {
  userId: string;
  name: string;
  email: string;
  subject?: PresenceSubject;
  since: string;
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

const hueOf = (id: string) => [...id].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 7) % 360;
const initialsOf = (name: string) =>
  name
    .split(/[\s._@-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('') || '?';

/**
 * The organization's Realtime channel: postgres_changes on every synced table (hints to pull),
 * presence (who is online, what each views or edits) and broadcast (a teammate's run finished).
 */
export class TeamChannel {
  private channel: RealtimeChannel | undefined;
  private subject: PresenceSubject | undefined;
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

  async setSubject(subject: PresenceSubject | undefined): Promise<void> {
    this.subject = subject;
    await this.track();
  }

  private async track(): Promise<void> {
    if (!this.channel || !this.live) return;
    const meta: PresenceMeta = { userId: this.user.id, name: this.user.name, email: this.user.email, since: this.since, ...(this.subject ? { subject: this.subject } : {}) };
    await this.channel.track(meta);
  }

  presence(): PresenceEntry[] {
    if (!this.channel) return [];
    const state = this.channel.presenceState<PresenceMeta>();
    const entries: PresenceEntry[] = [];
    for (const metas of Object.values(state)) {
      // One person may be online from two computers: the latest entry speaks for them.
      const meta = metas.at(-1);
      if (!meta?.userId) continue;
      entries.push({ userId: meta.userId, name: meta.name, email: meta.email, initials: initialsOf(meta.name || meta.email), hue: hueOf(meta.userId), subject: meta.subject, self: meta.userId === this.user.id, since: meta.since });
    }
    return entries.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
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
