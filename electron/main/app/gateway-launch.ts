import type { GatewayLaunch } from '../services/mcp/config-export';
import { mcpStdioArgs } from './launch-settings';

/** How this copy of the app was installed, which decides the path an AI client must launch. */
export type Packaging = 'development' | 'appimage' | 'linux-package' | 'macos-bundle' | 'windows';

export function packagingOf(options: { packaged: boolean; platform: NodeJS.Platform; appImage?: string }): Packaging {
  if (!options.packaged) return 'development';
  if (options.platform === 'darwin') return 'macos-bundle';
  if (options.platform === 'win32') return 'windows';
  // The AppImage runtime mounts the app at a new /tmp/.mount_* path at every launch and names the image in $APPIMAGE.
  return options.appImage ? 'appimage' : 'linux-package';
}

export interface DesktopLaunchContext {
  packaging: Packaging;
  /** `process.execPath`: the Electron binary in development, the app's own executable when packaged. */
  execPath: string;
  /** `app.getAppPath()`: the folder Electron loads the app from in development. */
  appPath: string;
  /** The AppImage file, when the packaging is one. */
  appImage?: string;
  dataDir: string;
  /** The development build's SQLite driver, which the launched copy needs too. */
  sqliteBinding?: string;
}

/**
 * The gateway entry an AI client runs: this app's own executable with `--mcp-stdio`, so no
 * separate CLI is needed and no fuse has to stay open. In development the Electron binary is
 * given the app's folder; packaged, the executable is the app: /opt/Echelon/echelon from a deb
 * or rpm, the .AppImage file itself (never its temporary mount), Echelon.app/Contents/MacOS/Echelon
 * on macOS, Echelon.exe where the installer put it on Windows.
 */
export function desktopGatewayLaunch(context: DesktopLaunchContext): GatewayLaunch {
  const args = mcpStdioArgs(context.dataDir);
  if (context.packaging === 'development') {
    return { command: context.execPath, args: [context.appPath, ...args], ...(context.sqliteBinding ? { env: { ECHELON_SQLITE_BINDING: context.sqliteBinding } } : {}) };
  }
  const command = context.packaging === 'appimage' && context.appImage ? context.appImage : context.execPath;
  return { command, args };
}

/** Why the exported entry would stop working, if it would: said to the person once at start. */
export function gatewayLaunchWarning(context: Pick<DesktopLaunchContext, 'packaging' | 'execPath'>): string | undefined {
  if (context.packaging === 'macos-bundle' && context.execPath.includes('/AppTranslocation/')) {
    return 'macOS runs Echelon from a temporary copy (App Translocation), so the gateway entry exported for AI clients would point at a path that disappears. Move Echelon to Applications and open it again before exporting it.';
  }
  return undefined;
}
