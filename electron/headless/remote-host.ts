import type WebSocket from 'ws';
import { EchelonError, type Result } from '../../shared/contract';
import { ServerFrame, WS_PATH, type ClientFrame } from '../../shared/rpc/ws-protocol';

type Listener = (payload: unknown) => void;

/**
 * A connection to a running `echelon serve` over its WebSocket bridge: the same contract the
 * UI uses, with calls marked as the CLI's.
 */
export class RemoteHost {
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private nextId = 1;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      let frame;
      try {
        frame = ServerFrame.safeParse(JSON.parse(data.toString()));
      } catch {
        return;
      }
      if (!frame.success) return;
      if (frame.data.type === 'result') {
        const resolve = this.pending.get(frame.data.id);
        this.pending.delete(frame.data.id);
        resolve?.(frame.data.result as Result<unknown>);
      } else if (frame.data.type === 'event') {
        for (const listener of this.listeners.get(frame.data.name) ?? []) listener(frame.data.payload);
      }
    });
    socket.on('close', () => {
      const lost: Result<unknown> = { ok: false, error: { code: 'unavailable', message: 'Lost the connection to `echelon serve` before it answered.' } };
      for (const resolve of this.pending.values()) resolve(lost);
      this.pending.clear();
    });
  }

  static async connect(port: number, token: string, timeoutMs = 3000): Promise<RemoteHost> {
    // Loaded only when an Echelon is running to connect to.
    const { default: WebSocket } = await import('ws');
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}`, { headers: { Authorization: `Bearer ${token}` }, handshakeTimeout: timeoutMs });
      socket.once('open', () => resolve(new RemoteHost(socket)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => {
        socket.terminate();
        reject(new Error(`HTTP ${response.statusCode}`));
      });
    });
  }

  async invoke(method: string, input: unknown): Promise<Result<unknown>> {
    if (this.socket.readyState !== this.socket.OPEN) {
      return { ok: false, error: { code: 'unavailable', message: '`echelon serve` is no longer reachable.' } };
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ type: 'invoke', id, method, input, caller: 'cli' } satisfies ClientFrame));
    });
  }

  on(event: string, listener: Listener): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    this.listeners.set(event, set);
    set.add(listener);
    return () => void set.delete(listener);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === this.socket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
      setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 1000).unref();
    });
  }
}

export function toError(result: Extract<Result<unknown>, { ok: false }>): EchelonError {
  return new EchelonError(result.error.code, result.error.message, { path: result.error.path, issues: result.error.issues });
}
