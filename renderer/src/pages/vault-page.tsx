import { useQueryClient } from '@tanstack/react-query';
import { KeyRound, Lock, LockOpen, Plus, RotateCw } from 'lucide-react';
import { useCallback, useState, type KeyboardEvent } from 'react';
import type { SecretRecordInfo, VaultStatus } from '../../../shared/contract';
import { queryKey, useApiEvent, useApiMutation, useApiQuery } from '../api/hooks';
import { CommandLine } from '../components/code';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { AuditLog } from '../vault/audit-log';
import { AutoLockSetting } from '../vault/auto-lock-setting';
import { CreateVaultForm } from '../vault/create-vault-form';
import { DeleteDialog } from '../vault/delete-dialog';
import { RecordsTable } from '../vault/records-table';
import { RotateDialog } from '../vault/rotate-dialog';
import { SecretDialog, type SecretDialogMode } from '../vault/secret-dialog';
import { UnlockForm } from '../vault/unlock-form';
import '../vault/vault.css';

type Tab = 'secrets' | 'audit';
const TABS: { id: Tab; label: string }[] = [
  { id: 'secrets', label: 'Secrets' },
  { id: 'audit', label: 'Audit log' },
];

const SUBTITLE = 'Credentials encrypted on this machine. Values never reach this window.';

export function VaultPage() {
  const client = useQueryClient();
  const status = useApiQuery('vault.status', {});
  const setStatus = useCallback((next: VaultStatus) => client.setQueryData(queryKey('vault.status', {}), next), [client]);
  // Lock, unlock and auto-lock arrive as events: the page follows without polling.
  useApiEvent('vault.status', setStatus);

  if (!status.data) return <div className="page" data-testid="page-vault" />;
  if (status.data.state === 'absent') {
    return (
      <div className="page" data-testid="page-vault">
        <PageHeader title="Vault" subtitle={SUBTITLE} />
        <CreateVaultForm status={status.data} onCreated={setStatus} />
      </div>
    );
  }
  return <VaultContent status={status.data} onStatus={setStatus} />;
}

function VaultContent({ status, onStatus }: { status: VaultStatus; onStatus: (status: VaultStatus) => void }) {
  const [tab, setTab] = useState<Tab>('secrets');
  const [dialog, setDialog] = useState<SecretDialogMode>();
  const [deleting, setDeleting] = useState<SecretRecordInfo>();
  const [rotating, setRotating] = useState(false);
  const records = useApiQuery('vault.list', {});
  const lock = useApiMutation('vault.lock', { onSuccess: onStatus });
  const unlocked = status.state === 'unlocked';

  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = TABS[(TABS.findIndex((t) => t.id === tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.id);
    document.getElementById(`vault-tab-${next.id}`)?.focus();
  };

  return (
    <div className="page" data-testid="page-vault" data-vault-state={status.state}>
      <PageHeader
        title="Vault"
        subtitle={SUBTITLE}
        actions={
          unlocked && (
            <>
              <button type="button" className="button" onClick={() => lock.mutate({})} data-testid="vault-lock">
                <Lock size={15} aria-hidden /> Lock
              </button>
              <button type="button" className="button" onClick={() => setRotating(true)} data-testid="vault-rotate">
                <RotateCw size={15} aria-hidden /> Rotate key
              </button>
              <button type="button" className="button primary" onClick={() => setDialog({ action: 'add' })} data-testid="vault-add">
                <Plus size={15} aria-hidden /> Add secret
              </button>
            </>
          )
        }
      />

      {unlocked ? (
        <div className="vault-strip" data-testid="vault-strip">
          <span className="vault-state vault-state-unlocked" data-testid="vault-state">
            <LockOpen size={14} aria-hidden /> Unlocked
          </span>
          <AutoLockSetting status={status} />
          <span className="muted">
            {status.recordCount} secret{status.recordCount === 1 ? '' : 's'} · key generation {status.keyGeneration}
            {status.rotatedAt ? ` · rotated ${new Date(status.rotatedAt).toLocaleDateString()}` : ''}
          </span>
        </div>
      ) : (
        <UnlockForm status={status} onUnlocked={onStatus} />
      )}

      <div className="vault-tabs" role="tablist" aria-label="Vault views" onKeyDown={onTabKey}>
        {TABS.map(({ id, label }) => (
          <button
            key={id}
            id={`vault-tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls={`vault-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            className={tab === id ? 'vault-tab selected' : 'vault-tab'}
            onClick={() => setTab(id)}
            data-testid={`vault-tab-${id}`}
          >
            {label}
          </button>
        ))}
      </div>

      <div role="tabpanel" id={`vault-panel-${tab}`} aria-labelledby={`vault-tab-${tab}`}>
        {tab === 'audit' ? (
          <AuditLog />
        ) : records.data && records.data.length === 0 ? (
          <EmptyState
            icon={KeyRound}
            title="The vault is empty"
            action={
              unlocked && (
                <button type="button" className="button primary" onClick={() => setDialog({ action: 'add' })}>
                  <Plus size={15} aria-hidden /> Add your first secret
                </button>
              )
            }
          >
            <p>
              Store a credential, then refer to it as <code>{'{{ secrets.GITHUB_TOKEN }}'}</code> in servers and workflows. From a terminal:
            </p>
            <CommandLine>printf %s "$TOKEN" | npx echelon vault set GITHUB_TOKEN</CommandLine>
          </EmptyState>
        ) : (
          records.data && <RecordsTable records={records.data} status={status} onEdit={(record) => setDialog({ action: 'edit', record })} onDelete={setDeleting} />
        )}
      </div>

      <SecretDialog mode={dialog} onClose={() => setDialog(undefined)} />
      <DeleteDialog record={deleting} onClose={() => setDeleting(undefined)} />
      <RotateDialog open={rotating} recordCount={status.recordCount} onClose={() => setRotating(false)} />
    </div>
  );
}
