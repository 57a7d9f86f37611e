import type { Result } from '../../../shared/contract';
import type { EchelonBridge } from '../../../shared/rpc/bridge';
import { ServerFrame, WS_PATH, type ClientFrame } from '../../../shared/rpc/ws-protocol';
import { connection } from './connection';

type Listener = (payload: unknown) => void;

const MAX_BACKOFF_MS = 10_000;
const CALL_TIMEOUT_MS = 60_000;

/**
 * The bridge under `echelon serve`: the same `invoke` / `on` as Electron's preload, over one
 * WebSocket that reconnects by itself. The token travels in the HttpOnly cookie set at login.
 */
export function createWsBridge(url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`): EchelonBridge {
  const listeners = new Map<string, Set<Listener>>();
  const pending = new Map<number, { resolve: (result: Result<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  const outbox: string[] = [];
  let socket: WebSocket | undefined;
  let nextId = 1;
  let attempts = 0;

  const emit = (name: string, payload: unknown) => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };

  const connect = () => {
    connection.set(attempts === 0 ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      const wasReconnect = attempts > 0;
      attempts = 0;
      connection.set('connected');
      for (const frame of outbox.splice(0)) ws.send(frame);
      // Events may have been missed while away: everything cached is suspect.
      if (wasReconnect) emit('store.changed', { tables: ['*'] });
    };
    ws.onmessage = (message) => {
      const parsed = ServerFrame.safeParse(JSON.parse(String(message.data)));
      if (!parsed.success) return;
      const frame = parsed.data;
      if (frame.type === 'event') emit(frame.name, frame.payload);
      else if (frame.type === 'result') {
        const call = pending.get(frame.id);
        if (!call) return;
        pending.delete(frame.id);
        clearTimeout(call.timer);
        call.resolve(frame.result as Result<unknown>);
      }
    };
    ws.onclose = () => {
      attempts += 1;
      connection.set('reconnecting');
      setTimeout(connect, Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempts));
    };
  };
  connect();

  return {
    invoke(method, input) {
      const id = nextId++;
      const frame = JSON.stringify({ type: 'invoke', id, method, input } satisfies ClientFrame);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'timeout', message: `No answer from Echelon for ${method} after ${CALL_TIMEOUT_MS / 1000} s. Is \`echelon serve\` still running?` } });
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
        else outbox.push(frame);
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
  };
}
