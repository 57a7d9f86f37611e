import type { EventName, EventPayload } from '../../../../shared/contract';
import { toDisposable, type Disposable } from '../../../../shared/lifecycle/disposable';

type AnyListener = (name: EventName, payload: unknown) => void;

/** Typed events from services to whichever transports are attached. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly anyListeners = new Set<AnyListener>();

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Disposable {
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return toDisposable(() => void set.delete(wrapped));
  }

  /** Every event, for transports that forward all of them. */
  onAny(listener: AnyListener): Disposable {
    this.anyListeners.add(listener);
    return toDisposable(() => void this.anyListeners.delete(listener));
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(name) ?? []) listener(payload);
    for (const listener of this.anyListeners) listener(name, payload);
  }
}
