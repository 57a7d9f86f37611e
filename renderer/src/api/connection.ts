import { useSyncExternalStore } from 'react';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

/** Whether the renderer can reach the services right now; shown in the status bar. */
function createConnectionStore(initial: ConnectionState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next: ConnectionState) {
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export const connection = createConnectionStore('connecting');

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.get);
}
