import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { UpdateStatus } from '../../../../shared/contract';
import type { LogLevel } from '../../services/logging/logger';
import type { KeyValueStore } from '../../services/preferences/preferences-service';
import { UpdateController } from './update-controller';

/** Kept with the UI preferences (electron-store), under its own key. */
const AUTOMATIC_KEY = 'autoUpdate';

/** Why this copy cannot update itself, if it cannot. */
function unsupportedReason(): string | undefined {
  if (!app.isPackaged) return 'Development builds do not update themselves: pull and run npm start again.';
  // electron-builder writes this file only when the package was given an update feed.
  if (!fs.existsSync(path.join(process.resourcesPath, 'app-update.yml'))) return 'This build was packaged without an update feed, so it does not look for updates.';
  return undefined;
}

/** The desktop app's updater: electron-updater on the feed the package names, driven by the person's setting. */
export function createDesktopUpdates(options: {
  preferences: KeyValueStore;
  emit(status: UpdateStatus): void;
  onReady(version: string): void;
  log(level: LogLevel, message: string): void;
}): UpdateController {
  const reason = unsupportedReason();
  const updater = reason ? undefined : electronUpdater.autoUpdater;
  if (updater) {
    updater.logger = {
      debug: (message: unknown) => options.log('debug', String(message)),
      info: (message: unknown) => options.log('info', String(message)),
      warn: (message: unknown) => options.log('warn', String(message)),
      error: (message: unknown) => options.log('error', String(message)),
    };
    // A versioned AppImage name would change at each update and break the gateway entry AI clients launch.
    updater.on('appimage-filename-updated', (file) => options.log('warn', `The AppImage is now ${file}: export the gateway entry for AI clients again.`));
  }
  return new UpdateController({
    updater,
    unsupportedReason: reason,
    currentVersion: app.getVersion(),
    automatic: options.preferences.get(AUTOMATIC_KEY) !== false,
    saveAutomatic: (automatic) => options.preferences.set(AUTOMATIC_KEY, automatic),
    emit: options.emit,
    onReady: options.onReady,
  });
}
