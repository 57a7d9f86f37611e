import { useCallback, useState, type FormEvent } from 'react';
import type { EventPayload } from '../../../shared/contract';
import { useApiEvent, useApiMutation } from '../api/hooks';
import { Modal } from '../components/modal';
import { showToast } from '../components/toasts';

type Progress = EventPayload<'vault.rotation'>;

const PHASES: Record<Progress['phase'], string> = { encrypt: 'Re-encrypting', write: 'Writing', done: 'Done' };

/** New master key, every record re-encrypted in one transaction; the passphrase confirms it and wraps the new key. */
export function RotateDialog({ open, recordCount, onClose }: { open: boolean; recordCount: number; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Rotate the master key" testId="rotate-dialog">
      {open && <RotateForm recordCount={recordCount} onDone={onClose} />}
    </Modal>
  );
}

function RotateForm({ recordCount, onDone }: { recordCount: number; onDone: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [progress, setProgress] = useState<Progress>();
  const [problem, setProblem] = useState<string>();
  const rotate = useApiMutation('vault.rotate', { meta: { inlineErrors: true } });
  useApiEvent('vault.rotation', useCallback((next: Progress) => setProgress(next), []));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase === '') return setProblem('Enter the passphrase to confirm.');
    setProblem(undefined);
    setProgress(undefined);
    rotate.mutate(
      { passphrase },
      {
        onSuccess: (result) => {
          showToast({ kind: 'success', title: 'Master key rotated', detail: `${result.records} secrets re-encrypted in ${result.ms} ms (key generation ${result.keyGeneration}).` });
          onDone();
        },
        onError: (error) => setProblem(error.message),
        onSettled: () => setPassphrase(''),
      },
    );
  };
  const percent = progress && progress.total > 0 ? Math.round(((progress.phase === 'encrypt' ? progress.done * 0.8 : progress.phase === 'write' ? progress.total * 0.8 + progress.done * 0.2 : progress.total) / progress.total) * 100) : 0;

  return (
    <form onSubmit={submit} className="vault-form" noValidate>
      <p>
        A new random master key replaces the current one and all {recordCount} secrets are re-encrypted in a single transaction: if anything stops it half-way, the vault stays
        readable with the old key.
      </p>
      <label className="vault-field">
        <span>Passphrase</span>
        <input className="vault-input" type="password" autoComplete="current-password" autoFocus value={passphrase} disabled={rotate.isPending} onChange={(event) => setPassphrase(event.target.value)} data-testid="rotate-passphrase" />
      </label>
      {rotate.isPending && (
        <div className="vault-progress" data-testid="rotate-progress">
          <progress max={100} value={percent} aria-label="Rotation progress" />
          <span className="muted">{progress ? `${PHASES[progress.phase]} ${progress.done} of ${progress.total}` : 'Checking the passphrase…'}</span>
        </div>
      )}
      {problem && (
        <p className="vault-problem" role="alert" data-testid="rotate-problem">
          {problem}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone} disabled={rotate.isPending}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={rotate.isPending} data-testid="rotate-submit">
          {rotate.isPending ? 'Rotating…' : 'Rotate key'}
        </button>
      </div>
    </form>
  );
}
