// `npm run build`: builds the app (electron-vite, then the headless CLI), unless `out/` already
// holds a build of exactly these sources. `npm install` (prepare), `npm start` and `npm test` all
// build, so `npm install && npm test` would otherwise build twice; `--force` always builds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STAMP = path.join(root, 'out', '.build-stamp');
/** What the build reads: source folders (tests aside) and the files that configure it. */
const INPUT_DIRS = ['electron', 'renderer', 'shared', 'integrations', 'resources', 'bin'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'electron.vite.config.ts', 'vite.headless.config.ts', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json'];
/** What a complete build leaves: a build cut short (or half deleted) is built again. */
const OUTPUTS = ['out/main/index.js', 'out/preload', 'out/renderer/index.html', 'out/headless/cli.js'];

/** @param {string} dir @returns {string[]} */
function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return /\.(test|spec)\.[cm]?[jt]sx?$/.test(entry.name) ? [] : [full];
  });
}

/** A hash of every input's path and content: checkouts and copies change times, not this. */
function sourcesHash() {
  const files = [...INPUT_DIRS.flatMap((dir) => filesUnder(path.join(root, dir))), ...INPUT_FILES.map((file) => path.join(root, file)).filter((file) => fs.existsSync(file))];
  const hash = createHash('sha256');
  for (const file of files.map((full) => path.relative(root, full).split(path.sep).join('/')).sort()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const force = process.argv.includes('--force');
const hash = sourcesHash();
const built = fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').trim() === hash && OUTPUTS.every((output) => fs.existsSync(path.join(root, output)));
if (built && !force) {
  console.log('echelon: the build in out/ is up to date with the sources (`npm run build -- --force` builds anyway).');
  process.exit(0);
}

fs.rmSync(STAMP, { force: true });
for (const command of ['electron-vite build', 'vite build -c vite.headless.config.ts']) {
  // npm puts node_modules/.bin on the PATH of its scripts; the shell finds the .cmd shims on Windows.
  const step = spawnSync(command, { cwd: root, stdio: 'inherit', shell: true });
  if (step.status !== 0) process.exit(step.status ?? 1);
}
fs.writeFileSync(STAMP, `${hash}\n`);
