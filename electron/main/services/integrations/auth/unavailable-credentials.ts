import { EchelonError } from '../../../../../shared/contract';
import type { CredentialStore } from '../../secrets/secret-source';

const MESSAGE = 'The credential vault is not available in this build yet: connections that need a secret cannot be used.';

/** Stands in for the vault until it is wired in: every credential use fails with a clear error. */
export function unavailableCredentialStore(): CredentialStore {
  const fail = (): never => {
    throw new EchelonError('unavailable', MESSAGE);
  };
  return { reveal: fail, read: fail, write: fail, exists: fail };
}
