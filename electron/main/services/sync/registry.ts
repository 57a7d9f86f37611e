import type { SyncKind } from './kinds/sync-kind';

/** The kinds team sync carries, by name. */
export class SyncRegistry {
  private readonly kinds = new Map<string, SyncKind>();

  register(kind: SyncKind): this {
    if (this.kinds.has(kind.kind)) throw new Error(`Sync kind "${kind.kind}" is registered twice.`);
    this.kinds.set(kind.kind, kind);
    return this;
  }

  get(kind: string): SyncKind | undefined {
    return this.kinds.get(kind);
  }

  all(): SyncKind[] {
    return [...this.kinds.values()];
  }

  /** Lets every kind send what it held back during a batch of applies. */
  flush(): void {
    for (const kind of this.kinds.values()) kind.flush?.();
  }

  /** Kinds whose local changes go to the team. */
  pushed(): SyncKind[] {
    return this.all().filter((kind) => kind.local);
  }
}
