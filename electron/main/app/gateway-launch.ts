import path from 'node:path';
import type { GatewayLaunch } from '../services/mcp/config-export';

/**
 * How an AI client launches this desktop app's gateway without a separately installed CLI: the
 * app's own executable running as Node (ELECTRON_RUN_AS_NODE) on the bundled CLI, given the
 * better-sqlite3 build for Electron's ABI when the app was handed one.
 */
export function desktopGatewayLaunch(options: { executable: string; appPath: string; dataDir: string; sqliteBinding?: string }): GatewayLaunch {
  return {
    command: options.executable,
    args: [path.join(options.appPath, 'bin', 'echelon.js'), 'mcp', 'gateway', '--data-dir', options.dataDir],
    env: { ELECTRON_RUN_AS_NODE: '1', ...(options.sqliteBinding ? { ECHELON_SQLITE_BINDING: options.sqliteBinding } : {}) },
  };
}
