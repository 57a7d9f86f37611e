import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, shell, webContents } from 'electron';
import Store from 'electron-store';
import type { Page } from '../../../shared/contract';
import { createHost, type Host } from '../services/host';
import { resolveDataDir } from '../services/store/data-dir';
import { desktopGatewayLaunch } from './gateway-launch';
import { bindIpc } from './ipc';
import { surviveUnhandledRejections } from '../services/logging/unhandled-rejections';
import { KeychainProtector } from './keychain-protector';
import { buildAppMenu } from './menu';
import { publishHost } from '../../headless/serve/publish';
import { registerAppScheme, RENDERER_DIR, serveRenderer } from './protocol';
import { RevealDialog } from './reveal-dialog';
import { applySecurityPolicy } from './security';
import { AppTray } from './tray';
import { runningSummary } from '../services/app/running-summary';
import { createMainWindow } from './window';
import { WindowStateKeeper } from './window-state';

const icon = (name: string) => fileURLToPath(new URL(`../../resources/icons/${name}`, import.meta.url));

function dataDirFromArgs(argv: string[]): string | undefined {
  const index = argv.indexOf('--data-dir');
  return index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith('--data-dir='))?.slice('--data-dir='.length);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let host: Host | undefined;
  let window: BrowserWindow | undefined;
  let quitting = false;

  const showWindow = () => {
    if (!window || window.isDestroyed()) window = createMainWindow(windowState, icon('icon.png'));
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const windowState = new WindowStateKeeper();

  app.on('second-instance', showWindow);

  app.whenReady().then(() => {
    applySecurityPolicy();
    serveRenderer();
    try {
      const dataDir = resolveDataDir(dataDirFromArgs(process.argv), process.env, app.getPath('userData'));
      // Set by `npm start`: better-sqlite3 built for Electron's ABI (packaged apps are rebuilt by electron-builder).
      const sqliteBinding = process.env.ECHELON_SQLITE_BINDING || undefined;
      host = createHost({
        shell: 'electron',
        dataDir,
        preferences: new Store<Record<string, unknown>>({ name: 'preferences' }),
        sqliteBinding,
        gatewayLaunch: desktopGatewayLaunch({ executable: process.execPath, appPath: app.getAppPath(), dataDir, sqliteBinding }),
        vault: { keychain: KeychainProtector.isAvailable() ? new KeychainProtector() : undefined, revealPrompt: new RevealDialog() },
        // OAuth 2.0 sign-in happens in the person's own browser, never in an app window.
        browser: { open: (url) => shell.openExternal(url) },
        // Workflow "desktop notification" steps show real notifications here (headless: the activity log).
        enginePorts: Notification.isSupported() ? { notifier: { notify: ({ title, body }) => new Notification({ title, body }).show() } } : undefined,
      });
    } catch (error) {
      dialog.showErrorBox('Echelon cannot start', (error as Error).message);
      app.exit(1);
      return;
    }
    const services = host;
    surviveUnhandledRejections(services.logger);
    // The OS keychain (or ECHELON_VAULT_PASSPHRASE) unlocks the vault at start; otherwise the Vault page asks.
    void services.vault.start({ passphrase: process.env.ECHELON_VAULT_PASSPHRASE || undefined }).catch((error: unknown) =>
      services.logger.warn('vault', 'The vault stays locked', { reason: (error as Error).message }),
    );
    // Workflows run in the main process; a failure to start (another Echelon holds the engine) is shown, not fatal.
    services.engine
      .start({ owner: 'Echelon desktop', schedules: true, webhookPort: Number(process.env.ECHELON_WEBHOOK_PORT) || 4322 })
      .catch((error: unknown) => services.activity.record('error', 'engine', `The workflow engine did not start: ${error instanceof Error ? error.message : String(error)}`));
    // The CLI and `echelon mcp gateway` (an AI client's one entry) find the app by its discovery
    // file and use its servers, instead of starting copies of them.
    const published = publishHost(services, { port: 0, gatewayPort: Number(process.env.ECHELON_GATEWAY_PORT) || 0, rendererDir: RENDERER_DIR }).catch((error: unknown) => {
      services.activity.record('error', 'app', `The CLI and AI clients cannot reach this app: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    const ipc = bindIpc(ipcMain, services.router, services.bus, () => webContents.getAllWebContents());
    const navigate = (page: Page) => {
      showWindow();
      services.bus.emit('app.navigate', { page });
    };
    Menu.setApplicationMenu(buildAppMenu(navigate));
    const tray = new AppTray({ idle: icon('tray.png'), busy: icon('tray-busy.png') }, { open: showWindow, quit: () => app.quit() });
    // The tray follows what runs: refreshed on changes, at most twice a second.
    let trayTimer: NodeJS.Timeout | undefined;
    const refreshTray = () => {
      trayTimer ??= setTimeout(() => {
        trayTimer = undefined;
        tray.update(runningSummary(services.mcp.overview(), services.engine.metricsView().queue));
      }, 500);
    };
    const trayWatch = [services.bus.on('store.changed', refreshTray), services.bus.on('executions.updated', refreshTray)];
    refreshTray();
    showWindow();
    void services.mcp.startAll('auto-start');

    // Graceful quit: stop every service (child processes, timers, the database) before exiting.
    app.on('before-quit', (event) => {
      if (quitting) return;
      event.preventDefault();
      quitting = true;
      clearTimeout(trayTimer);
      for (const watch of trayWatch) void watch.dispose();
      tray.dispose();
      ipc.dispose();
      void published
        .then((local) => local?.close())
        .finally(() => services.dispose())
        .finally(() => app.exit(0));
    });
  }, (error: unknown) => {
    dialog.showErrorBox('Echelon cannot start', String(error));
    app.exit(1);
  });

  // Closing the window keeps Echelon in the tray; quitting is explicit.
  app.on('window-all-closed', () => {});
  app.on('activate', () => host && showWindow());
}
