import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { Result } from '../../../shared/contract';
import { IPC_EVENT, IPC_INVOKE } from '../../../shared/rpc/bridge';
import type { Router } from '../../../shared/rpc/router';
import type { EventBus } from '../services/events/event-bus';
import type { Logger } from '../services/logging/logger';
import { toDisposable, type Disposable } from '../../../shared/lifecycle/disposable';
import { appUrls, type AppUrls } from './app-url';

/** The part of `ipcMain` we use, so the binding is tested without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type SenderRefusal = 'no-frame' | 'subframe' | 'foreign-origin';

/** Only the main frame of our own UI may call: not iframes, not other origins. Why not, otherwise. */
export function senderRefusal(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, urls: Pick<AppUrls, 'isAppUrl'>): SenderRefusal | undefined {
  const frame = event.senderFrame;
  if (!frame) return 'no-frame';
  if (frame.parent !== null) return 'subframe';
  return urls.isAppUrl(frame.url) ? undefined : 'foreign-origin';
}

/** The origin of a URL for the log: never its path or query, which may carry tokens. */
function originOf(raw: string | undefined): string {
  try {
    if (!raw) return 'none';
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'unparseable';
  }
}

export interface SenderGuard {
  /** Which URLs are the app's own: the packaged UI, plus the dev server where the launch settings allow one. */
  urls: Pick<AppUrls, 'isAppUrl'>;
  /** Where refused calls are logged. */
  logger: Pick<Logger, 'warn'>;
}

const stderrLogger: SenderGuard['logger'] = { warn: (source, message, fields) => void process.stderr.write(`${source}: ${message} ${JSON.stringify(fields ?? {})}\n`) };

/** The part of a window's WebContents the session bookkeeping uses. */
type SenderLike = Pick<WebContents, 'id' | 'once' | 'on'>;

export function bindIpc(
  ipcMain: IpcMainLike,
  router: Router,
  bus: EventBus,
  windows: () => WebContents[],
  { urls, logger }: SenderGuard = { urls: appUrls(), logger: stderrLogger },
  /** A window closed or loaded another page: what it had open (its presence) goes with it. */
  onSessionClosed: (session: string) => void = () => {},
): Disposable {
  const watched = new WeakSet<SenderLike>();
  // Each window is one session, from its first call until it closes or navigates away.
  const sessionOf = (sender: SenderLike | undefined): string | undefined => {
    if (!sender) return undefined;
    const session = `window:${sender.id}`;
    if (!watched.has(sender)) {
      watched.add(sender);
      sender.once('destroyed', () => onSessionClosed(session));
      sender.on('did-navigate', () => onSessionClosed(session));
    }
    return session;
  };
  ipcMain.handle(IPC_INVOKE, async (event, method, input): Promise<Result<unknown>> => {
    const refusal = senderRefusal(event, urls);
    if (refusal) {
      // Like VS Code's validated ipcMain: every refused message is logged, with who sent it, never what.
      logger.warn('ipc', 'Refused a call from a frame that is not the app', { reason: refusal, method: String(method).slice(0, 100), origin: originOf(event.senderFrame?.url) });
      return { ok: false, error: { code: 'forbidden', message: 'This frame may not call Echelon.' } };
    }
    return router.call(method, input, { caller: 'renderer', session: sessionOf(event.sender as SenderLike | undefined) });
  });
  const forwarding = bus.onAny((name, payload) => {
    for (const contents of windows()) {
      if (!contents.isDestroyed() && urls.isAppUrl(contents.getURL())) contents.send(IPC_EVENT, name, payload);
    }
  });
  return toDisposable(() => {
    forwarding.dispose();
    ipcMain.removeHandler(IPC_INVOKE);
  });
}
