import type { CliContext } from './cli-context';
import { promptHidden } from './hidden-prompt';
import type { HostClient } from './host-client';
import { canPrompt, PASSPHRASE_ENV } from './vault-passphrase';

/**
 * `if-given`: unlock with ECHELON_VAULT_PASSPHRASE when it is set. `ask`: the same, else ask a
 * person at a terminal (Enter goes on without): for work known to use secrets.
 */
export type VaultNeed = 'if-given' | 'ask';

/**
 * The one way every command that may need a secret unlocks the vault, in this process or in
 * the running Echelon it talks to. Nothing happens when the vault is absent or already
 * unlocked. A wrong passphrase is a warning: only what needs a secret then fails, saying so.
 */
export async function unlockVault(client: HostClient, ctx: CliContext, need: VaultNeed): Promise<void> {
  const given = process.env[PASSPHRASE_ENV];
  if (!given && (need !== 'ask' || !canPrompt())) return;
  const status = await client.call('vault.status', {});
  if (status.state !== 'locked') return;
  const passphrase = given || (await promptHidden('Vault passphrase (this may use secrets; Enter goes on without them): '));
  if (!passphrase) return;
  try {
    await client.call('vault.unlock', { passphrase });
  } catch (error) {
    ctx.io.err(`echelon: warning: the vault stays locked: ${(error as Error).message}\n`);
  }
}

/** Whether a definition or document refers to a vault record (`{{ secrets.NAME }}`). */
export function mentionsSecrets(value: unknown): boolean {
  return /\{\{[^}]*\bsecrets\s*[.[]/.test(JSON.stringify(value) ?? '');
}
