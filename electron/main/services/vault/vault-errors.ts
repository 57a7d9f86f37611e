import { EchelonError } from '../../../../shared/contract/errors';

/** The vault's failures, each saying what to do next. No message ever carries a value. */
export const vaultErrors = {
  absent: () => new EchelonError('unavailable', 'There is no vault yet: create one on the Vault page or with `echelon vault init`.'),
  exists: () => new EchelonError('conflict', 'A vault already exists in this data dir: unlock it instead.'),
  locked: () =>
    new EchelonError('unavailable', 'The vault is locked: unlock it on the Vault page, or set ECHELON_VAULT_PASSPHRASE for `echelon serve` and the CLI.'),
  wrongPassphrase: () => new EchelonError('forbidden', 'Wrong passphrase: the vault stays locked and nothing was changed.', { path: 'passphrase' }),
  keychainRefused: () =>
    new EchelonError('forbidden', 'The OS keychain did not unlock the vault (it may belong to another user or machine): unlock with the passphrase.'),
  keychainUnavailable: () =>
    new EchelonError('invalid_input', 'Enter the passphrase: the OS keychain is only available in the desktop app, once enrolled.', { path: 'passphrase' }),
  notFound: (name: string) => new EchelonError('not_found', `No secret named "${name}" in the vault. Add it on the Vault page or with \`echelon vault set ${name}\`.`, { path: 'name' }),
  fieldNotFound: (name: string, field: string, fields: readonly string[]) =>
    new EchelonError('not_found', `The secret "${name}" has no field "${field}"; it has ${fields.join(', ')}.`, { path: 'field' }),
  integrity: (name: string) =>
    new EchelonError(
      'internal',
      `The stored value of "${name}" failed its integrity check: it was altered or damaged on disk, so nothing was returned. Set a new value for ${name}, or restore echelon.db from a backup.`,
      { path: name },
    ),
  rotatedElsewhere: () =>
    new EchelonError('conflict', 'The master key was rotated by another Echelon process since this one unlocked: lock and unlock again.'),
  busy: () => new EchelonError('conflict', 'A master-key rotation is in progress: try again when it has finished.'),
};
