// `npm run package [-- electron-builder options]`: build, then package the desktop app for this
// platform (or the --mac / --win / --linux given), signed and with an update feed where the
// environment provides them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { releasePlan } from './release-plan.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flags = /** @type {const} */ ([['--mac', 'darwin'], ['--win', 'win32'], ['--linux', 'linux']]);
const chosen = flags.filter(([flag]) => args.some((arg) => arg === flag || arg.startsWith(`${flag}=`))).map(([, platform]) => platform);
const host = /** @type {'darwin' | 'win32' | 'linux'} */ (process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux');
const plan = releasePlan(process.env, chosen.length ? chosen : [host]);

for (const note of plan.notes) console.log(`echelon package: ${note}`);
if (plan.error) {
  console.error(`echelon package: ${plan.error}`);
  process.exit(2);
}
const shell = process.platform === 'win32';
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', shell });
if (build.status !== 0) process.exit(build.status ?? 1);
const builder = spawnSync('npx', ['--no-install', 'electron-builder', ...args, ...plan.config], { cwd: root, stdio: 'inherit', shell, env: { ...process.env, ...plan.env } });
process.exit(builder.status ?? 1);
