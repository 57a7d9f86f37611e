import { UsageError } from './cli-context';
import { promptHidden } from './hidden-prompt';

export const PASSPHRASE_ENV = 'ECHELON_VAULT_PASSPHRASE';

/** Whether a person can be asked: stdin and stderr are both a terminal. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/**
 * The vault passphrase: `ECHELON_VAULT_PASSPHRASE`, else asked on the terminal without echo.
 * With neither (a script, a pipe), a usage error says how to provide it.
 */
export async function readPassphrase(options: { confirm?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const fromEnv = (options.env ?? process.env)[PASSPHRASE_ENV];
  if (fromEnv) return fromEnv;
  if (!canPrompt()) {
    throw new UsageError(`No vault passphrase: set ${PASSPHRASE_ENV}, or run the command in a terminal to be asked for it.`);
  }
  const passphrase = await promptHidden(options.confirm ? 'New vault passphrase: ' : 'Vault passphrase: ');
  if (options.confirm && (await promptHidden('Repeat the passphrase: ')) !== passphrase) {
    throw new UsageError('The two passphrases differ: nothing was created.');
  }
  return passphrase;
}
