import { app, crashReporter, shell } from 'electron';
import { EchelonError } from '../../../shared/contract';
import { crashDumpFile, listCrashDumps } from '../services/app/crash-dumps';
import type { DesktopPort } from '../services/app/desktop-port';

/** Crashes of any Echelon process leave a minidump on this computer; nothing is ever uploaded. Call before `ready`. */
export function startCrashReporter(): void {
  crashReporter.start({ uploadToServer: false });
}

/** The dumps in Electron's crash folder, for Settings to list and to show in the file manager. */
export function desktopCrashReports(): DesktopPort['crashReports'] {
  const folder = app.getPath('crashDumps');
  return {
    list: () => ({ supported: true, folder, dumps: listCrashDumps(folder) }),
    reveal(id) {
      const file = crashDumpFile(folder, id);
      if (!file) throw new EchelonError('not_found', `No crash report "${id}": it may have been deleted. Refresh the list.`);
      shell.showItemInFolder(file);
    },
  };
}
