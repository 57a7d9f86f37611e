import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, screen, webContents } from 'electron';
import Store from 'electron-store';
import type { Page } from '../../../shared/contract';
import type { Host } from '../services/host';
import { runningSummary } from '../services/app/running-summary';
import { resolveDataDir } from '../services/store/data-dir';
import { publishHost } from '../serve/publish';
import { appUrls } from './app-url';
import { desktopCrashReports } from './crash-reports';
import { openDesktopHost, openPreferences, unlockVault } from './desktop-host';
import { gatewayLaunchWarning, packagingOf } from './gateway-launch';
import { bindIpc } from './ipc';
import { DEEP_LINK_SCHEME, type LaunchSettings } from './launch-settings';
import { buildAppMenu } from './menu';
import { registerAppScheme, RENDERER_DIR, serveRenderer } from './protocol';
import { handleSecondLaunch, openDeepLink, relaunchArgs, type LaunchRequest, type RunningApp } from './second-launch';
import { applySecurityPolicy } from './security';
import { AppTray } from './tray';
import { createDesktopUpdates } from './updates/desktop-updates';
import { createMainWindow } from './window';
import { WINDOW_STATE_STORE, WindowStateKeeper } from './window-state';
import { surviveUnhandledRejections } from '../services/logging/unhandled-rejections';

const icon = (name: string) => fileURLToPath(new URL(`../../resources/icons/${name}`, import.meta.url));

async function confirmSwitch(current: string, next: string): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: 'Open another data dir?',
    message: `Echelon is open on ${current}.`,
    detail: `Restart it on ${next}? Running workflows pause and resume where they were.`,
    buttons: ['Keep this one', 'Restart on the other'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return response === 1;
}

/** The windowed app: one instance per user, a window, a tray, the services of one data dir. */
export function runDesktopApp(settings: LaunchSettings): void {
  const request: LaunchRequest = { argv: process.argv, cwd: process.cwd() };
  if (!app.requestSingleInstanceLock(request)) {
    app.quit();
    return;
  }
  registerAppScheme();
  const urls = appUrls(settings.rendererUrl);
  let host: Host | undefined;
  let window: BrowserWindow | undefined;
  let windowState: WindowStateKeeper | undefined;
  let quitting = false;
  // A deep link that arrives before the services are up waits for them.
  let pendingDeepLink = settings.deepLink;

  /** Brings the window forward (creating it if needed), on `page` if one is given. */
  const showWindow = (page?: Page) => {
    if (!windowState) return;
    if (!window || window.isDestroyed()) {
      window = createMainWindow(windowState, { icon: icon('icon.png'), urls, devTools: settings.devTools, page });
    } else if (page) {
      const navigate = () => host?.bus.emit('app.navigate', { page });
      navigate();
      // A window still loading has not subscribed yet: tell it again once it has loaded.
      if (window.webContents.isLoading()) window.webContents.once('did-finish-load', navigate);
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const running = (services: Host, dataDir: string): RunningApp => ({
    dataDir,
    show: () => showWindow(),
    navigate: (page: Page) => showWindow(page),
    confirmSwitch: (next) => confirmSwitch(dataDir, next),
    relaunch(next) {
      app.relaunch({ args: relaunchArgs(process.argv.slice(1), next) });
      app.quit();
    },
    completeSignIn: (url) =>
      void services.team.handleAuthCallback(url).catch((error: unknown) =>
        services.activity.record('error', 'team', `Team sign-in did not complete: ${error instanceof Error ? error.message : String(error)}`),
      ),
    warn: (message, fields) => services.logger.warn('app', message, fields),
  });
  let current: RunningApp | undefined;

  app.on('second-instance', (_event, argv, cwd, additionalData) => {
    if (current) void handleSecondLaunch(additionalData, { argv, cwd }, current);
  });
  // macOS hands deep links to the running app as events, not arguments.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (current) openDeepLink(url, current);
    else pendingDeepLink = url;
  });

  app.whenReady().then(
    () => {
      const preferences = openPreferences();
      const updates = createDesktopUpdates({
        preferences,
        emit: (status) => host?.bus.emit('desktop.updates.changed', status),
        onReady: (version) => {
          if (!Notification.isSupported()) return;
          const note = new Notification({ title: `Echelon ${version} is ready`, body: 'Restart from Settings when it suits you; otherwise it installs when you quit.' });
          note.on('click', () => current?.navigate('settings'));
          note.show();
        },
        log: (level, message) => host?.logger.log(level, 'updates', message),
      });
      const dataDir = resolveDataDir(settings.dataDir, {}, app.getPath('userData'));
      let services: Host;
      try {
        services = openDesktopHost(settings, dataDir, { preferences, desktop: { updates, crashReports: desktopCrashReports() } });
      } catch (error) {
        dialog.showErrorBox('Echelon cannot start', (error as Error).message);
        app.exit(1);
        return;
      }
      host = services;
      surviveUnhandledRejections(services.logger, services.crashes);
      if (settings.ignored.length) services.logger.warn('app', 'A packaged Echelon ignores development settings', { names: settings.ignored });
      const entryWarning = gatewayLaunchWarning({ packaging: packagingOf({ packaged: settings.packaged, platform: process.platform, appImage: settings.appImage }), execPath: process.execPath });
      if (entryWarning) services.activity.record('warn', 'app', entryWarning);
      applySecurityPolicy(urls, services.logger);
      serveRenderer();
      windowState = new WindowStateKeeper(() => new Store(WINDOW_STATE_STORE), screen, (message, fields) => services.logger.warn('window', message, fields));
      // Packaged builds answer echelon:// links (development would register the bare Electron binary).
      if (settings.packaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

      void unlockVault(services, settings);
      // Workflows run in the main process; a failure to start (another Echelon holds the engine) is shown, not fatal.
      services.engine
        .start({ owner: 'Echelon desktop', schedules: true, webhookPort: settings.webhookPort })
        // Agents run beside the engine (one process per data dir), resuming tasks a crash interrupted.
        .then(() => services.agents.start())
        .catch((error: unknown) => services.activity.record('error', 'engine', `The workflow engine did not start: ${error instanceof Error ? error.message : String(error)}`));
      // The CLI and `echelon mcp gateway` (an AI client's one entry) find the app by its discovery
      // file and use its servers, instead of starting copies of them.
      const published = publishHost(services, { port: 0, gatewayPort: settings.gatewayPort, rendererDir: RENDERER_DIR }).catch((error: unknown) => {
        services.activity.record('error', 'app', `The CLI and AI clients cannot reach this app: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      });
      const ipc = bindIpc(ipcMain, services.router, services.bus, () => webContents.getAllWebContents(), { urls, logger: services.logger }, (session) => void services.team.closeView(session).catch(() => {}));
      current = running(services, dataDir);
      Menu.setApplicationMenu(buildAppMenu(current.navigate, { devTools: settings.devTools }));
      const tray = new AppTray({ idle: icon('tray.png'), busy: icon('tray-busy.png') }, { open: () => showWindow(), quit: () => app.quit() });
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
      // A deep link the app was opened with opens its page in the first window.
      if (pendingDeepLink) openDeepLink(pendingDeepLink, current);
      pendingDeepLink = undefined;
      if (!window) showWindow();
      updates.start();
      void services.mcp.startAll('auto-start');

      // Graceful quit: stop every service (child processes, timers, the database) before exiting.
      app.on('before-quit', (event) => {
        if (quitting) return;
        event.preventDefault();
        quitting = true;
        clearTimeout(trayTimer);
        for (const watch of trayWatch) void watch.dispose();
        updates.dispose();
        tray.dispose();
        ipc.dispose();
        // Quit again, this time through: electron-updater installs a downloaded update on `quit`.
        void published
          .then((local) => local?.close())
          .finally(() => services.dispose())
          .finally(() => app.quit());
      });
    },
    (error: unknown) => {
      dialog.showErrorBox('Echelon cannot start', String(error));
      app.exit(1);
    },
  );

  // Closing the window keeps Echelon in the tray; quitting is explicit.
  app.on('window-all-closed', () => {});
  app.on('activate', () => host && showWindow());
}
