import type { VaultStatus } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { showToast } from '../components/toasts';

export const REVEAL_DESKTOP_ONLY =
  'Values are shown only in the Echelon desktop app, after OS confirmation, in a system dialog this page never sees. Here you can replace a value instead.';

/**
 * Reveal never brings a value into this page: on the desktop it asks the main process to
 * confirm and show it in a native dialog; under `echelon serve` it explains why it cannot.
 */
export function useReveal(status: VaultStatus): (name: string) => void {
  const reveal = useApiMutation('vault.reveal');
  return (name) => {
    if (!status.revealAvailable) {
      showToast({ kind: 'info', title: 'Reveal is a desktop-app feature', detail: REVEAL_DESKTOP_ONLY });
      return;
    }
    reveal.mutate(
      { name },
      { onSuccess: ({ shown }) => showToast(shown ? { kind: 'info', title: `${name} was shown in a system dialog` } : { kind: 'info', title: 'Reveal cancelled' }) },
    );
  };
}
