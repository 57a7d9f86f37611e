import fs from 'node:fs';
import path from 'node:path';
import type { CrashDump } from '../../../../shared/contract';

/** Crashpad keeps dumps a level or two down (`completed/`, `pending/`, `reports/`); deeper is not its layout. */
const MAX_DEPTH = 3;

function walk(dir: string, depth: number, found: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && depth < MAX_DEPTH) walk(file, depth + 1, found);
    else if (entry.isFile() && entry.name.endsWith('.dmp')) found.push(file);
  }
}

/** The minidumps under Electron's crash folder, newest first; a missing folder has none. */
export function listCrashDumps(folder: string): CrashDump[] {
  const files: string[] = [];
  walk(folder, 1, files);
  return files
    .map((file) => {
      const stat = fs.statSync(file);
      return { id: path.relative(folder, file).split(path.sep).join('/'), createdAt: stat.mtime.toISOString(), bytes: stat.size };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** The file of a listed dump, or undefined: only ids the listing gave out are opened, never a path typed in. */
export function crashDumpFile(folder: string, id: string): string | undefined {
  return listCrashDumps(folder).some((dump) => dump.id === id) ? path.join(folder, ...id.split('/')) : undefined;
}
