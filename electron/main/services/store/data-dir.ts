import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreError } from './store-error';

/** `--data-dir`, then `ECHELON_DATA_DIR`, then the shell's default (`~/.echelon` headless). */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, fallback = path.join(os.homedir(), '.echelon')): string {
  return path.resolve(flag || env.ECHELON_DATA_DIR || fallback);
}

/** Creates the data dir if needed and proves it writable with a probe file. */
export function prepareDataDir(dir: string): void {
  const advice = 'Choose another folder with --data-dir or ECHELON_DATA_DIR.';
  try {
    // Created owner-only; one the user made beforehand keeps its mode, as everything inside is owner-only.
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const probe = path.join(dir, `.write-probe-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new StoreError('unwritable', `Cannot use data dir ${dir}: it is not writable (${code}). ${advice}`, { cause: error });
  }
}
