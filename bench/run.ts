// `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line); each prints JSON lines.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

for (const file of files) {
  const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: () => Promise<void> };
  await module.default();
}
