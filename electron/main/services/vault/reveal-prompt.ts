import type { SecretKind } from '../../../../shared/secrets/secret-kinds';

export interface RevealRequest {
  name: string;
  kind: SecretKind;
  description: string;
}

export interface RevealedField {
  name: string;
  value: string;
  secret: boolean;
}

/**
 * The desktop's way to show a value to the person at the machine: a confirmation owned by
 * the OS or the main process (a compromised renderer cannot click it), then a one-shot
 * dialog. Implemented in `electron/main/app/`; absent under `echelon serve`.
 */
export interface RevealPrompt {
  confirm(request: RevealRequest): Promise<boolean>;
  show(request: RevealRequest, fields: readonly RevealedField[]): Promise<void>;
}
