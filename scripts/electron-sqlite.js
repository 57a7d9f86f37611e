// better-sqlite3 built for Electron's ABI, kept beside node_modules' own build (which the tests' Node needs).
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** @typedef {(options: import('@electron/rebuild').RebuildOptions) => Promise<void>} Rebuild */

/** @type {Rebuild} */
const electronRebuild = async (options) => {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild(options);
};

/** @param {string} name */
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;

/**
 * The path of better-sqlite3's addon for this Electron version, compiled once from the npm
 * package's source (integrity-checked by the lockfile) against Electron's headers, which node-gyp
 * checks against their published SHA-256 sums: no prebuilt binary is downloaded. The compile runs
 * in a fresh private temporary folder; only the finished addon is copied to the cache.
 * @param {string} root the repository
 * @param {{ rebuild?: Rebuild, log?: (line: string) => void }} [options]
 * @returns {Promise<{ binding?: string, reason?: string }>}
 */
export async function electronSqliteBinding(root, options = {}) {
  const electronVersion = versionOf('electron');
  const sqliteVersion = versionOf('better-sqlite3');
  const cache = path.join(root, 'node_modules', '.cache', 'echelon', `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${process.platform}-${process.arch}.node`);
  if (existsSync(cache)) return { binding: cache };

  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'echelon-sqlite-electron-'));
  try {
    const module = path.join(work, 'node_modules', 'better-sqlite3');
    cpSync(source, module, { recursive: true, filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'build' });
    writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'echelon-sqlite-electron', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
    options.log?.(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once; about a minute)…`);
    await (options.rebuild ?? electronRebuild)({ buildPath: work, electronVersion, arch: process.arch, onlyModules: ['better-sqlite3'], force: true, buildFromSource: true, mode: 'sequential' });
    const built = path.join(module, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) return { reason: `better-sqlite3 was compiled for Electron ${electronVersion} but produced no addon` };
    mkdirSync(path.dirname(cache), { recursive: true });
    // Renamed into place, so an interrupted copy is never taken for a finished build.
    copyFileSync(built, `${cache}.partial`);
    renameSync(`${cache}.partial`, cache);
    return { binding: cache };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { reason: `better-sqlite3 could not be compiled for Electron ${electronVersion} (${reason}); it needs a C++ toolchain and access to Electron's headers` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
