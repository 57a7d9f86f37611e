import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The script a package's `bin` points at, to spawn it with `node` (no npx, no network). */
export function binOf(pkg: string): string {
  const dir = path.join(REPO, 'node_modules', pkg);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin)[0]!;
  return path.join(dir, bin);
}

export const EVERYTHING = binOf('@modelcontextprotocol/server-everything');
export const MEMORY = binOf('@modelcontextprotocol/server-memory');
export const FILESYSTEM = binOf('@modelcontextprotocol/server-filesystem');

/** Our own SDK-built fixture servers (crashing, hanging, noisy...), plain ES modules for a fast start. */
export function fixture(name: string): string {
  return path.join(REPO, 'tests', 'fixtures', 'mcp', `${name}.mjs`);
}
