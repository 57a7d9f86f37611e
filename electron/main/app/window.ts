import { fileURLToPath } from 'node:url';
import { BrowserWindow, nativeTheme } from 'electron';
import type { Page } from '../../../shared/contract';
import type { AppUrls } from './app-url';
import type { WindowStateKeeper } from './window-state';

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

/** The main window; `page` opens it on that page (the renderer keeps its page in the URL hash). */
export function createMainWindow(state: WindowStateKeeper, options: { icon: string; urls: AppUrls; devTools: boolean; page?: Page }): BrowserWindow {
  const window = new BrowserWindow({
    ...state.initialBounds(),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Echelon',
    icon: options.icon,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1115' : '#f7f8fa',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Off in packaged builds: DevTools would let anyone at the keyboard call every method of the bridge.
      devTools: options.devTools,
    },
  });
  state.track(window);
  if (state.wasMaximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.page ? `${options.urls.start}#/${options.page}` : options.urls.start);
  return window;
}
