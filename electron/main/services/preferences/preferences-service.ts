import { Preferences } from '../../../../shared/contract';
import type { EventBus } from '../events/event-bus';

/** The part of electron-store / conf we use, so the service runs under either. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** An in-memory store, for the CLI and tests where nothing needs remembering. */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  set(key: string, value: unknown): void {
    this.values.set(key, value);
  }
}

const keys = Object.keys(Preferences.shape) as (keyof Preferences)[];

export class PreferencesService {
  constructor(
    private readonly backing: KeyValueStore,
    private readonly bus: EventBus,
  ) {}

  get(): Preferences {
    // A hand-edited or outdated value falls back to its default instead of breaking the UI.
    const entries = keys.map((key) => {
      const parsed = Preferences.shape[key].safeParse(this.backing.get(key));
      return [key, parsed.success ? parsed.data : Preferences.shape[key].parse(undefined)];
    });
    return Object.fromEntries(entries) as Preferences;
  }

  update(changes: Partial<Preferences>): Preferences {
    for (const key of keys) {
      if (changes[key] !== undefined) this.backing.set(key, changes[key]);
    }
    const current = this.get();
    this.bus.emit('preferences.changed', current);
    return current;
  }
}
