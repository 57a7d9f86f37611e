import type { VaultStatus } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { showToast } from '../components/toasts';

const CHOICES = [5, 15, 30, 60, 240, 0];
const label = (minutes: number) => (minutes === 0 ? 'never' : minutes < 60 ? `after ${minutes} min` : `after ${minutes / 60} h`);

/** How long the vault stays unlocked without use. */
export function AutoLockSetting({ status }: { status: VaultStatus }) {
  const update = useApiMutation('vault.updateSettings');
  const choices = CHOICES.includes(status.autoLockMinutes) ? CHOICES : [...CHOICES, status.autoLockMinutes].sort((a, b) => a - b);
  return (
    <label className="vault-auto-lock">
      <span className="muted">Auto-lock</span>
      <select
        className="vault-input vault-input-small"
        value={status.autoLockMinutes}
        disabled={status.state !== 'unlocked' || update.isPending}
        onChange={(event) =>
          update.mutate(
            { autoLockMinutes: Number(event.target.value) },
            { onSuccess: (next) => showToast({ kind: 'success', title: next.autoLockMinutes === 0 ? 'Auto-lock turned off' : `The vault locks after ${next.autoLockMinutes} minutes without use` }) },
          )
        }
        data-testid="auto-lock-select"
      >
        {choices.map((minutes) => (
          <option key={minutes} value={minutes}>
            {label(minutes)}
          </option>
        ))}
      </select>
    </label>
  );
}
