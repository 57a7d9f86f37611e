import type { ExecutionObserver } from '../../engine/observer';
import type { AlertSignal } from './signal';

const KEPT_MS = 86_400_000;

/**
 * Runs held up by a locked vault: steps that failed or wait for a retry because a secret could
 * not be read. The value counts such runs in the window while the vault is still locked; it
 * drops to zero the moment the vault is unlocked.
 */
export class VaultWaits {
  private blocked: Array<{ executionId: number; at: number }> = [];
  readonly observer: ExecutionObserver;

  constructor(
    private readonly isLocked: () => boolean,
    /** The message a locked vault's error carries (the vault's own wording). */
    lockedMessage: string,
  ) {
    this.observer = {
      stepChanged: (_row, step) => {
        if (step.error === null || (step.status !== 'failed' && step.status !== 'waiting')) return;
        if (!step.error.includes(lockedMessage)) return;
        const now = Date.now();
        this.blocked = this.blocked.filter((entry) => now - entry.at < KEPT_MS && entry.executionId !== step.executionId);
        this.blocked.push({ executionId: step.executionId, at: now });
      },
    };
  }

  signal(): AlertSignal {
    return {
      info: {
        kind: 'vault_locked_waiting',
        label: 'Vault locked while runs wait',
        description: 'Runs that failed or are retrying because the vault was locked, while it still is.',
        unit: 'runs',
        scope: 'global',
        subject: 'vault',
        usesWindow: true,
        defaults: { threshold: 1, windowSeconds: 900, cooldownSeconds: 900, minSamples: 1 },
      },
      measure: (scope, now) => {
        const runs = this.isLocked() ? this.blocked.filter((entry) => now - entry.at < scope.windowSeconds * 1000).length : 0;
        return [{ subjectKey: 'vault', subjectName: 'Vault', value: runs, samples: 1, detail: runs > 0 ? 'unlock it on the Vault page' : undefined }];
      },
    };
  }
}
