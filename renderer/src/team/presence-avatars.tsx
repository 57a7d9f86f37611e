import type { PresenceEntry, PresenceSubject } from '../../../shared/contract';
import { usePresenceOn } from './use-team';

export function Avatar({ entry, size = 24 }: { entry: Pick<PresenceEntry, 'name' | 'email' | 'initials' | 'hue' | 'subject'>; size?: number }) {
  const doing = entry.subject ? (entry.subject.editing ? 'editing' : 'viewing') : 'online';
  return (
    <span
      className="avatar"
      style={{ width: size, height: size, fontSize: size * 0.42, background: `hsl(${entry.hue} 62% 46%)` }}
      title={`${entry.name} (${entry.email}) — ${doing}`}
      data-testid="presence-avatar"
      data-email={entry.email}
    >
      {entry.initials}
    </span>
  );
}

/** Who else has this workflow (or agent) open, as a row of avatars. */
export function PresenceAvatars({ kind, id, size }: { kind: PresenceSubject['kind']; id: string; size?: number }) {
  const here = usePresenceOn(kind, id);
  if (here.length === 0) return null;
  const editing = here.filter((entry) => entry.subject?.editing);
  return (
    <span className="avatars" data-testid="presence-avatars" aria-label={`${here.map((entry) => entry.name).join(', ')} ${editing.length ? 'editing' : 'viewing'} this`}>
      {here.slice(0, 4).map((entry) => (
        <Avatar key={entry.userId} entry={entry} size={size} />
      ))}
      {here.length > 4 && <span className="avatar avatar-more">+{here.length - 4}</span>}
    </span>
  );
}
