import type { Result } from '../contract';

/**
 * What both shells give the renderer: `window.echelon` under Electron, a WebSocket client
 * under `echelon serve`. The renderer's API client is written against this alone.
 */
export interface EchelonBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Electron IPC channel names, shared by preload and main. */
export const IPC_INVOKE = 'echelon:invoke';
export const IPC_EVENT = 'echelon:event';
