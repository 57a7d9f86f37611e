/** Why the store could not be opened; each kind tells the person what to do. */
export type StoreErrorKind = 'unwritable' | 'too_new' | 'foreign' | 'corrupt' | 'migration_changed' | 'migration_failed' | 'driver';

export class StoreError extends Error {
  readonly kind: StoreErrorKind;

  constructor(kind: StoreErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.kind = kind;
  }
}
