import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { Result } from '../../../shared/contract';
import { IPC_EVENT, IPC_INVOKE } from '../../../shared/rpc/bridge';
import type { Router } from '../../../shared/rpc/router';
import type { EventBus } from '../services/events/event-bus';
import { toDisposable, type Disposable } from '../../../shared/lifecycle/disposable';
import { isAppUrl } from './app-url';

/** The part of `ipcMain` we use, so the binding is tested without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Only the main frame of our own UI may call: not iframes, not other origins. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export function bindIpc(ipcMain: IpcMainLike, router: Router, bus: EventBus, windows: () => WebContents[]): Disposable {
  ipcMain.handle(IPC_INVOKE, async (event, method, input): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'forbidden', message: 'This frame may not call Echelon.' } };
    }
    return router.call(method, input, { caller: 'renderer' });
  });
  const forwarding = bus.onAny((name, payload) => {
    for (const contents of windows()) {
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(IPC_EVENT, name, payload);
    }
  });
  return toDisposable(() => {
    forwarding.dispose();
    ipcMain.removeHandler(IPC_INVOKE);
  });
}
