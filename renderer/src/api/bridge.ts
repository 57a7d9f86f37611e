import type { EchelonBridge } from '../../../shared/rpc/bridge';
import { connection } from './connection';
import { createWsBridge } from './ws-bridge-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser under `echelon serve`. */
    echelon?: EchelonBridge;
  }
}

/** The desktop app's IPC bridge when present, otherwise the WebSocket bridge. */
function chooseBridge(): { bridge: EchelonBridge; transport: 'ipc' | 'websocket' } {
  if (window.echelon) {
    connection.set('connected');
    return { bridge: window.echelon, transport: 'ipc' };
  }
  return { bridge: createWsBridge(), transport: 'websocket' };
}

export const { bridge, transport } = chooseBridge();
