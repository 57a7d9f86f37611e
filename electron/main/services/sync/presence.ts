import type { PresenceEntry, PresenceSubject, TeamUser } from '../../../../shared/contract/team';

/** What one Echelon (a desktop, a serve) tracks on the organization's channel for its signed-in person. */
export interface PresenceMeta {
  userId: string;
  name: string;
  email: string;
  /** What its windows and tabs show, one per workflow or agent. */
  subjects?: PresenceSubject[];
  /** Earlier versions tracked a single subject. */
  subject?: PresenceSubject;
  since: string;
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
 * One subject per workflow or agent, however many windows show it: editing in any of them
 * makes it "editing". Editing comes first, then the order they were opened in.
 */
export function mergeSubjects(subjects: Iterable<PresenceSubject>): PresenceSubject[] {
  const byKey = new Map<string, PresenceSubject>();
  for (const subject of subjects) {
    const key = `${subject.kind}\u0000${subject.id}`;
    const known = byKey.get(key);
    byKey.set(key, { kind: subject.kind, id: subject.id, editing: subject.editing || (known?.editing ?? false) });
  }
  return [...byKey.values()].sort((a, b) => Number(b.editing) - Number(a.editing));
}

/**
 * The channel's presence state as one entry per person: a person online from two computers (two
 * metas under their key) or with several windows open is one avatar, showing everything they
 * have open.
 */
export function presenceEntries(state: Record<string, PresenceMeta[]>, self: Pick<TeamUser, 'id'>): PresenceEntry[] {
  const people = new Map<string, { meta: PresenceMeta; subjects: PresenceSubject[]; since: string }>();
  for (const metas of Object.values(state)) {
    for (const meta of metas) {
      if (!meta?.userId) continue;
      const known = people.get(meta.userId);
      const subjects = meta.subjects ?? (meta.subject ? [meta.subject] : []);
      people.set(meta.userId, {
        meta,
        subjects: [...(known?.subjects ?? []), ...subjects],
        since: known && known.since < meta.since ? known.since : meta.since,
      });
    }
  }
  const entries = [...people.values()].map(({ meta, subjects, since }): PresenceEntry => {
    const merged = mergeSubjects(subjects);
    return {
      userId: meta.userId,
      name: meta.name,
      email: meta.email,
      initials: initialsOf(meta.name || meta.email),
      hue: hueOf(meta.userId),
      subject: merged[0],
      subjects: merged,
      self: meta.userId === self.id,
      since,
    };
  });
  return entries.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
}

/** The window or tab a call came from when the shell does not say (the REST API, the CLI, tests). */
export const DEFAULT_VIEW = 'host';

/** What each open window or tab of this Echelon shows; closing one forgets its subject. */
export class OpenViews {
  private readonly views = new Map<string, PresenceSubject>();

  /** Sets (or clears, with null) what a window shows; true when what this Echelon shows changed. */
  set(view: string, subject: PresenceSubject | null): boolean {
    const before = this.key();
    if (subject) this.views.set(view, subject);
    else this.views.delete(view);
    return this.key() !== before;
  }

  subjects(): PresenceSubject[] {
    return mergeSubjects(this.views.values());
  }

  private key(): string {
    return JSON.stringify(this.subjects());
  }
}
