import { AlertTriangle, CloudOff, Loader2, RefreshCw, Users, Check, Lock } from 'lucide-react';
import { useCallback } from 'react';
import type { SyncStatus } from '../../../shared/contract';
import { useApiEvent } from '../api/hooks';
import { showToast } from '../components/toasts';
import { useTeamStatus } from './use-team';
import './team.css';

export function describeSync(sync: SyncStatus): { label: string; tone: 'ok' | 'busy' | 'warn' | 'danger' | 'muted' } {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  switch (sync.state) {
    case 'solo':
      return { label: 'Working solo', tone: 'muted' };
    case 'signed_out':
      return { label: 'Team: signed out', tone: 'muted' };
    case 'locked':
      return { label: 'Team: unlock the vault to sync', tone: 'warn' };
    case 'no_organization':
      return { label: 'Team: choose an organization', tone: 'warn' };
    case 'pushing':
      return { label: `Pushing ${plural(sync.pending, 'change')}`, tone: 'busy' };
    case 'pulling':
      return { label: 'Pulling team changes', tone: 'busy' };
    case 'offline':
      return { label: `Offline — ${plural(sync.pending, 'change')} pending`, tone: 'warn' };
    case 'conflict':
      return { label: `${plural(sync.conflicts, 'conflict')} need${sync.conflicts === 1 ? 's' : ''} attention`, tone: 'danger' };
    case 'error':
      return { label: `Sync error: ${sync.message ?? 'unknown'}`, tone: 'danger' };
    case 'synced':
      return { label: sync.rejected > 0 ? `Synced · ${plural(sync.rejected, 'change')} refused` : sync.live ? 'Synced · live' : 'Synced', tone: sync.rejected > 0 ? 'warn' : 'ok' };
  }
}

const ICONS = { ok: Check, busy: Loader2, warn: CloudOff, danger: AlertTriangle, muted: Users } as const;

/** Team sync's state in the status bar, always visible; a click opens the Team page. */
export function SyncIndicator() {
  const status = useTeamStatus();
  useApiEvent(
    'team.runFinished',
    useCallback(({ by, subjectName, status: outcome }: { by: string; subjectName: string; status: string }) => {
      showToast({ kind: outcome === 'succeeded' ? 'success' : 'info', title: `${by}'s run of ${subjectName} ${outcome}`, detail: 'A teammate ran a shared workflow.' });
    }, []),
  );
  if (!status.data) return null;
  const { label, tone } = describeSync(status.data.sync);
  const Icon = status.data.sync.state === 'locked' ? Lock : status.data.sync.state === 'pulling' ? RefreshCw : ICONS[tone];
  return (
    <a className={`sync-indicator sync-${tone}`} href="#/team" data-testid="sync-status" data-state={status.data.sync.state} title={status.data.sync.message ?? label}>
      <Icon size={13} aria-hidden className={tone === 'busy' ? 'spin' : undefined} />
      {label}
      {status.data.organization && <span className="muted"> · {status.data.organization.name}</span>}
    </a>
  );
}
