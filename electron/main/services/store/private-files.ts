import fs from 'node:fs';
import path from 'node:path';

/**
 * Everything Echelon writes in its data dir is for its owner alone: files 0600, folders 0700,
 * whatever the umask and whether or not the data dir existed before. Modes given at creation
 * only ever lose bits to the umask, so existing files and folders are set explicitly too.
 */

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Creates `dir` (and its missing parents) owner-only, and makes it owner-only if it existed. */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  fs.chmodSync(dir, PRIVATE_DIR);
}

/** Writes a file owner-only, creating its folder owner-only where missing. */
export function writePrivateFile(file: string, data: string | NodeJS.ArrayBufferView): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR });
  fs.writeFileSync(file, data, { mode: PRIVATE_FILE });
}

/**
 * Makes `file` exist and owner-only before another library opens it (SQLite gives its -wal and
 * -shm files the mode of the database file).
 */
export function ensurePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  fs.chmodSync(file, PRIVATE_FILE);
}
