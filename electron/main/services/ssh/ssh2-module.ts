import { createRequire } from 'node:module';
import type * as Ssh2 from 'ssh2';

let loaded: typeof Ssh2 | undefined;

/**
 * ssh2, loaded on first use: most processes (a CLI command, a desktop session without SSH
 * connections) never open one, and loading it adds a tenth of a second to their start.
 */
export function ssh2(): typeof Ssh2 {
  loaded ??= createRequire(import.meta.url)('ssh2') as typeof Ssh2;
  return loaded;
}
