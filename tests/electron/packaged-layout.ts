import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The app laid out as electron-builder packs it (the built `out/`, the icons, package.json, and
 * node_modules with better-sqlite3 compiled for Electron in its usual place), so a launch with
 * `--as-packaged` uses no development switch at all, not even the SQLite driver from the
 * environment. Packages other than better-sqlite3 are linked, not copied.
 */
export function packagedLayout(repo: string, electronSqlite: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-packaged-'));
  fs.cpSync(path.join(repo, 'out'), path.join(dir, 'out'), { recursive: true, filter: (file) => !file.endsWith('.map') });
  fs.cpSync(path.join(repo, 'resources', 'icons'), path.join(dir, 'resources', 'icons'), { recursive: true });
  fs.copyFileSync(path.join(repo, 'package.json'), path.join(dir, 'package.json'));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  for (const name of fs.readdirSync(path.join(repo, 'node_modules'))) {
    if (name === 'better-sqlite3' || name.startsWith('.')) continue;
    fs.symlinkSync(path.join(repo, 'node_modules', name), path.join(modules, name), 'junction');
  }
  const source = path.join(repo, 'node_modules', 'better-sqlite3');
  const sqlite = path.join(modules, 'better-sqlite3');
  fs.cpSync(source, sqlite, { recursive: true, filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'build' });
  fs.mkdirSync(path.join(sqlite, 'build', 'Release'), { recursive: true });
  fs.copyFileSync(electronSqlite, path.join(sqlite, 'build', 'Release', 'better_sqlite3.node'));
  return dir;
}
