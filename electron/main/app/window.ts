import { fileURLToPath } from 'node:url';
import { BrowserWindow, nativeTheme } from 'electron';
import { APP_ORIGIN, devServerUrl } from './app-url';
import type { WindowStateKeeper } from './window-state';

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

export function createMainWindow(state: WindowStateKeeper, icon: string): BrowserWindow {
  const window = new BrowserWindow({
    ...state.initialBounds(),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Echelon',
    icon,
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
    },
  });
  state.track(window);
  if (state.wasMaximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl() ?? `${APP_ORIGIN}/index.html`);
  return window;
}
