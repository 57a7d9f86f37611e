import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';
import { runStdioGateway } from '../serve/stdio-gateway';
import { resolveDataDir } from '../services/store/data-dir';
import { openDesktopHost, unlockVault } from './desktop-host';
import type { LaunchSettings } from './launch-settings';

/**
 * `Echelon --mcp-stdio`: the app as one MCP server on stdin/stdout for an AI client, with no
 * window. While Echelon runs it relays the session to that app's gateway socket (or HTTP
 * gateway), as `echelon mcp gateway` does; otherwise it opens the data dir itself, unlocks the
 * vault with the OS keychain, and starts the enabled servers for as long as its client stays.
 * It takes no single-instance lock, so it runs beside the app.
 */
export async function runMcpStdio(settings: LaunchSettings): Promise<void> {
  if (process.platform === 'darwin') app.dock?.hide();
  app.disableHardwareAcceleration();
  // Chromium's cookies, caches and local storage of its own, apart from the running app's.
  const sessionData = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-mcp-stdio-'));
  app.setPath('sessionData', sessionData);
  const dataDir = resolveDataDir(settings.dataDir, {}, app.getPath('userData'));
  const err = (text: string) => void process.stderr.write(text);
  for (const name of settings.ignored) err(`echelon: ${name} is a development setting; a packaged Echelon ignores it.\n`);
  let code = 0;
  try {
    await runStdioGateway({
      dataDir,
      io: { err },
      openHost: async () => {
        await app.whenReady();
        const host = openDesktopHost(settings, dataDir, { shell: 'cli' });
        await unlockVault(host, settings);
        return host;
      },
    });
  } catch (error) {
    err(`echelon: the MCP gateway stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 1;
  } finally {
    fs.rmSync(sessionData, { recursive: true, force: true });
  }
  app.exit(code);
}
