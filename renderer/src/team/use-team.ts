import { canEdit, type PresenceEntry, type PresenceSubject } from '../../../shared/contract';
import { useEffect } from 'react';
import { call } from '../api/client';
import { useApiQuery } from '../api/hooks';

/** The team status, refreshed whenever sync reports a change. */
export function useTeamStatus() {
  return useApiQuery('team.status', {});
}

/** Whether this person may change shared things (always, working solo); RLS checks again. */
export function useCanEdit(): boolean {
  const status = useTeamStatus();
  return canEdit(status.data?.organization?.role);
}

/** Teammates (not you) who have a workflow or agent open, in any of their windows, each with what they do there. */
export function usePresenceOn(kind: PresenceSubject['kind'], id: string): Array<PresenceEntry & { subject: PresenceSubject }> {
  const presence = useApiQuery('team.presence', {});
  return (presence.data ?? []).flatMap((entry) => {
    const subject = entry.self ? undefined : entry.subjects.find((candidate) => candidate.kind === kind && candidate.id === id);
    return subject ? [{ ...entry, subject }] : [];
  });
}

/** Tells teammates what this window shows while it is open (each window or tab on its own). */
export function useAnnouncePresence(subject: PresenceSubject | undefined): void {
  const key = subject ? `${subject.kind}:${subject.id}:${subject.editing}` : '';
  useEffect(() => {
    if (!subject) return;
    void call('team.setPresence', { subject }).catch(() => undefined);
    return () => void call('team.setPresence', { subject: null }).catch(() => undefined);
    // The key holds every field of the subject.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}
