import WebSocket from 'ws';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import type { ServeProcess } from './cli';

export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  close(): void;
}

/** Calls `echelon serve` over its WebSocket bridge, as the renderer does. */
export async function connectApi(serve: ServeProcess): Promise<ApiClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api/ws?token=${serve.token}`, { origin: `http://127.0.0.1:${serve.port}` });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as { type: string; id?: number; result?: { ok: boolean; data?: unknown; error?: { code: string; message: string } } };
    if (frame.type !== 'result' || frame.id === undefined) return;
    const waiting = pending.get(frame.id);
    pending.delete(frame.id);
    if (frame.result?.ok) waiting?.resolve(frame.result.data);
    else waiting?.reject(Object.assign(new Error(frame.result?.error?.message ?? 'failed'), { code: frame.result?.error?.code }));
  });
  ws.on('close', () => {
    for (const waiting of pending.values()) waiting.reject(new Error('connection closed'));
    pending.clear();
  });
  return {
    call: (method, input) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'invoke', id, method, input }));
      }),
    close: () => ws.close(),
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitUntil<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
