import { KeyRound, Lock } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';

/** The vault is locked: the passphrase (or the OS keychain on the desktop) opens it. The passphrase goes to the main process only. */
export function UnlockForm({ status, onUnlocked }: { status: VaultStatus; onUnlocked: (status: VaultStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string>();
  const unlock = useApiMutation('vault.unlock', { meta: { inlineErrors: true } });
  const run = (input: { passphrase?: string }) =>
    unlock.mutate(input, {
      onSuccess: (next) => {
        setPassphrase('');
        setProblem(undefined);
        onUnlocked(next);
      },
      onError: (error) => {
        setPassphrase('');
        setProblem(error.message);
      },
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase === '') return setProblem('Enter the passphrase.');
    run({ passphrase });
  };

  return (
    <form className="card vault-unlock" onSubmit={submit} data-testid="vault-unlock-form" noValidate>
      <Lock size={20} aria-hidden className="vault-unlock-icon" />
      <div className="vault-unlock-body">
        <h2>The vault is locked</h2>
        <p className="muted">Names and tags stay visible; values can be used and changed once it is unlocked.</p>
        <div className="vault-unlock-row">
          <input
            className="vault-input"
            type="password"
            autoComplete="current-password"
            placeholder="Passphrase"
            aria-label="Passphrase"
            autoFocus
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
            data-testid="vault-unlock-passphrase"
          />
          <button type="submit" className="button primary" disabled={unlock.isPending} data-testid="vault-unlock-submit">
            {unlock.isPending ? 'Unlocking…' : 'Unlock'}
          </button>
          {status.keychain.available && status.keychain.enrolled && (
            <button type="button" className="button" onClick={() => run({})} disabled={unlock.isPending}>
              <KeyRound size={15} aria-hidden /> Use the keychain
            </button>
          )}
        </div>
        {problem && (
          <p className="vault-problem" role="alert" data-testid="vault-unlock-problem">
            {problem}
          </p>
        )}
      </div>
    </form>
  );
}
