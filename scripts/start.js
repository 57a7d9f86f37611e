// `npm start`: build, then launch the desktop app; without Electron's binary or a display, serve the UI instead.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { obtainElectron } from './electron-binary.js';
import { electronSqliteBinding } from './electron-sqlite.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** @param {string} command @param {string[]} args */
const run = (command, args, options = {}) => spawn(command, args, { cwd: root, stdio: 'inherit', ...options });

/** @param {import('node:child_process').ChildProcess} child */
function forward(child) {
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
if (build.status !== 0) {
  console.error('echelon: the build failed (see above); fix it and run npm start again.');
  process.exit(1);
}

const args = process.argv.slice(2);
const electron = obtainElectron();
const headlessLinux = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const sqlite = electron.binary && !headlessLinux ? await electronSqliteBinding(root, { log: (line) => console.log(line) }) : {};
if (electron.binary && !headlessLinux && sqlite.binding) {
  forward(run(electron.binary, ['.', ...args], { env: { ...process.env, ECHELON_SQLITE_BINDING: sqlite.binding } }));
} else {
  const why = !electron.binary ? electron.reason : headlessLinux ? 'there is no display to open a window on' : sqlite.reason;
  console.log(`Cannot open the desktop app: ${why}. Starting \`echelon serve\` instead; open the URL below in your browser.`);
  forward(run(process.execPath, ['bin/echelon.js', 'serve', ...args]));
}
