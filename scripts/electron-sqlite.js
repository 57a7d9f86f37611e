// better-sqlite3 built for Electron's ABI, kept beside node_modules' own build (which the tests' Node needs).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The path of better-sqlite3's addon for this Electron version, fetched once (better-sqlite3
 * publishes prebuilt Electron binaries; without them it is compiled against Electron's headers).
 * @param {string} root the repository
 * @returns {{ binding?: string, reason?: string }}
 */
export function electronSqliteBinding(root) {
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const cache = path.join(root, 'node_modules', '.cache', 'echelon', `better-sqlite3-electron-${electronVersion}-${process.platform}-${process.arch}.node`);
  if (existsSync(cache)) return { binding: cache };
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = path.join(os.tmpdir(), `echelon-sqlite-electron-${process.pid}`);
  try {
    cpSync(source, work, { recursive: true, filter: (file) => !file.includes(`${path.sep}build${path.sep}`) });
    const flags = ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`];
    const prebuilt = spawnSync(process.execPath, [require.resolve('prebuild-install/bin.js'), ...flags], { cwd: work, stdio: 'ignore' });
    if (prebuilt.status !== 0) {
      const gyp = spawnSync('npx', ['--no-install', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'ignore', shell: process.platform === 'win32' });
      if (gyp.status !== 0) return { reason: `better-sqlite3 could not be prepared for Electron ${electronVersion} (no prebuilt binary, and compiling against Electron's headers failed)` };
    }
    mkdirSync(path.dirname(cache), { recursive: true });
    cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), cache);
    return { binding: cache };
  } catch (error) {
    return { reason: `better-sqlite3 could not be prepared for Electron: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
