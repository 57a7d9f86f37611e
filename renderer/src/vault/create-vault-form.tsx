import { ShieldCheck } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { NEW_PASSPHRASE_MIN_LENGTH, type VaultStatus } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { showToast } from '../components/toasts';

/** First run: choose the passphrase that protects the master key. It travels to the main process only. */
export function CreateVaultForm({ status, onCreated }: { status: VaultStatus; onCreated: (status: VaultStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [useKeychain, setUseKeychain] = useState(true);
  const [problem, setProblem] = useState<string>();
  const create = useApiMutation('vault.create', { meta: { inlineErrors: true } });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase.length < NEW_PASSPHRASE_MIN_LENGTH) return setProblem(`Choose a passphrase of at least ${NEW_PASSPHRASE_MIN_LENGTH} characters.`);
    if (passphrase !== repeat) return setProblem('The two passphrases differ.');
    setProblem(undefined);
    create.mutate(
      { passphrase, useKeychain: status.keychain.available && useKeychain },
      {
        onSuccess: (next) => {
          setPassphrase('');
          setRepeat('');
          showToast({ kind: 'success', title: 'Vault created', detail: 'Keep the passphrase safe: without it the values cannot be recovered.' });
          onCreated(next);
        },
        onError: (error) => setProblem(error.message),
      },
    );
  };

  return (
    <form className="card vault-gate" onSubmit={submit} data-testid="vault-create-form" noValidate>
      <div className="vault-gate-icon">
        <ShieldCheck size={26} aria-hidden />
      </div>
      <h2>Create your vault</h2>
      <p className="muted">
        Credentials are encrypted on this machine with AES-256-GCM under a random master key. Your passphrase protects that key; Echelon never stores it and cannot recover
        it.
      </p>
      <label className="vault-field">
        <span>Passphrase</span>
        <input className="vault-input" type="password" autoComplete="new-password" autoFocus value={passphrase} onChange={(event) => setPassphrase(event.target.value)} data-testid="vault-passphrase" />
      </label>
      <label className="vault-field">
        <span>Repeat the passphrase</span>
        <input className="vault-input" type="password" autoComplete="new-password" value={repeat} onChange={(event) => setRepeat(event.target.value)} data-testid="vault-passphrase-repeat" />
      </label>
      {status.keychain.available && (
        <label className="vault-check">
          <input type="checkbox" checked={useKeychain} onChange={(event) => setUseKeychain(event.target.checked)} />
          Also unlock with this computer’s keychain
        </label>
      )}
      {problem && (
        <p className="vault-problem" role="alert" data-testid="vault-create-problem">
          {problem}
        </p>
      )}
      <button type="submit" className="button primary" disabled={create.isPending} data-testid="vault-create-submit">
        {create.isPending ? 'Creating…' : 'Create vault'}
      </button>
    </form>
  );
}
