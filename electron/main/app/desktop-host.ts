import { app, ipcMain, Notification } from 'electron';
import Store from 'electron-store';
import { createHost, type Host, type HostOptions } from '../services/host';
import type { KeyValueStore } from '../services/preferences/preferences-service';
import { desktopGatewayLaunch, packagingOf } from './gateway-launch';
import { KeychainProtector } from './keychain-protector';
import { openInBrowser } from './external-browser';
import type { LaunchSettings } from './launch-settings';
import { RevealDialog } from './reveal-dialog';
import { AUTH_CALLBACK_URL } from './second-launch';

/** The UI preferences file; a file that is not JSON is started afresh instead of failing every read. */
export function openPreferences(): KeyValueStore {
  const store = new Store<Record<string, unknown>>({ name: 'preferences', clearInvalidConfig: true });
  // electron-store answers any frame on this synchronous channel; our UI never uses it.
  ipcMain.removeAllListeners('electron-store-get-data');
  return store;
}

/** The host as the desktop app runs it: the OS keychain, native dialogs and notifications, the app's own gateway entry. */
export function openDesktopHost(settings: LaunchSettings, dataDir: string, extra: Partial<Pick<HostOptions, 'shell' | 'preferences' | 'desktop'>> = {}): Host {
  const { shell = 'electron', preferences = openPreferences(), desktop } = extra;
  return createHost({
    shell,
    dataDir,
    preferences,
    desktop,
    sqliteBinding: settings.sqliteBinding,
    gatewayLaunch: desktopGatewayLaunch({
      packaging: packagingOf({ packaged: settings.packaged, platform: process.platform, appImage: settings.appImage }),
      execPath: process.execPath,
      appPath: app.getAppPath(),
      appImage: settings.appImage,
      dataDir,
      sqliteBinding: settings.sqliteBinding,
    }),
    vault: { keychain: KeychainProtector.isAvailable() ? new KeychainProtector() : undefined, revealPrompt: new RevealDialog() },
    // OAuth 2.0 sign-in happens in the person's own browser, never in an app window.
    browser: { open: openInBrowser },
    // A team sign-in returns through the app's own deep link (see second-launch.ts).
    team: { redirect: { type: 'deep-link', url: AUTH_CALLBACK_URL } },
    // Workflow "desktop notification" steps show real notifications here (headless: the activity log).
    enginePorts: Notification.isSupported() ? { notifier: { notify: ({ title, body }) => new Notification({ title, body }).show() } } : undefined,
  });
}

/** The OS keychain (or ECHELON_VAULT_PASSPHRASE) unlocks the vault; otherwise it stays locked, which is logged. */
export async function unlockVault(host: Host, settings: LaunchSettings): Promise<void> {
  await host.vault.start({ passphrase: settings.vaultPassphrase }).catch((error: unknown) => host.logger.warn('vault', 'The vault stays locked', { reason: (error as Error).message }));
}
