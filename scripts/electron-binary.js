// Finds the Electron binary without triggering electron's lazy download as a side effect.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The binary's path if it is installed, else the reason it is not.
 * @returns {{ binary?: string, reason?: string }}
 */
export function installedElectron() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'the Electron binary has not been downloaded (node_modules/electron/path.txt is missing)' };
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? { binary } : { reason: `the Electron binary is missing at ${binary}` };
}

/**
 * Asks the electron package to fetch its binary (it downloads lazily), quietly.
 * @returns {{ binary?: string, reason?: string }}
 */
export function obtainElectron(timeoutMs = 300_000) {
  const found = installedElectron();
  if (found.binary) return found;
  const result = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status === 0 && result.stdout && existsSync(result.stdout)) return { binary: result.stdout };
  return { reason: 'the Electron binary could not be downloaded (no access to its download server?)' };
}
