// Runs the corpus's pure workflows (no outside service) with real n8n and stores what each
// node produced under tests/fixtures/n8n-outputs/, so tests compare Echelon with n8n itself.
// n8n is installed once from npm into a cache outside the repository (ECHELON_N8N_CACHE,
// default ~/.cache/echelon-n8n); CI never runs this: the committed fixtures are what tests read.
//
//   node --import tsx scripts/n8n-fixtures.ts [corpus-dir]
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { corpusDir, isPureWorkflow } from '../bench/n8n-pure';
import type { N8nFixture } from '../tests/helpers/n8n-parity';

const N8N_VERSION = process.env.ECHELON_N8N_VERSION ?? '1.123.5';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'tests/fixtures/n8n-outputs');
const cache = process.env.ECHELON_N8N_CACHE ?? path.join(os.homedir(), '.cache', 'echelon-n8n');
const bin = path.join(cache, 'node_modules', '.bin', 'n8n');

function installN8n(): void {
  const manifest = path.join(cache, 'node_modules', 'n8n', 'package.json');
  if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version === N8N_VERSION) return;
  fs.mkdirSync(cache, { recursive: true });
  // n8n depends on xlsx as a tarball from cdn.sheetjs.com, off the npm registry; the registry's
  // last xlsx (0.18.5) stands in, so only the registry is needed (the pure workflows read no spreadsheets).
  fs.writeFileSync(path.join(cache, 'package.json'), `${JSON.stringify({ name: 'echelon-n8n-cache', private: true, overrides: { xlsx: '0.18.5' } }, null, 2)}\n`);
  console.error(`Installing n8n ${N8N_VERSION} into ${cache} (once; it is large)…`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', `n8n@${N8N_VERSION}`], { cwd: cache, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm could not install n8n ${N8N_VERSION} (exit ${result.status}): see its output above.`);
}

interface RunData {
  data?: { resultData?: { error?: { message?: string }; runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: unknown }> | null> } }>> } };
}

/** The run's JSON in n8n's output: an object printed on its own lines, logs possibly around it (a failed run is printed between error lines). */
function parseRun(stdout: string): RunData | undefined {
  const text = `\n${stdout}`;
  for (let start = text.indexOf('\n{'); start !== -1; start = text.indexOf('\n{', start + 1)) {
    for (let end = text.lastIndexOf('\n}'); end > start; end = text.lastIndexOf('\n}', end - 1)) {
      try {
        const run = JSON.parse(text.slice(start + 1, end + 2)) as RunData;
        if (run.data?.resultData) return run;
      } catch {
        // Not a whole object: try a shorter span.
      }
    }
  }
  return undefined;
}

const n8nEnv = (home: string) => ({ ...process.env, N8N_USER_FOLDER: home, N8N_DIAGNOSTICS_ENABLED: 'false', N8N_VERSION_NOTIFICATIONS_ENABLED: 'false', N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false', GENERIC_TIMEZONE: 'UTC', TZ: 'UTC' });

function n8n(home: string, args: string[]): { status: number | null; stdout: string; stderr: string; error?: Error } {
  return spawnSync(bin, args, { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024, env: n8nEnv(home) });
}

/** n8n 1.x runs saved workflows only (`execute --id`): the export is imported into a throwaway instance first. */
function runOnce(file: string): { status: 'succeeded' | 'failed'; error?: string; outputs: N8nFixture['outputs'] } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-n8n-'));
  try {
    const id = 'EchelonFixture01';
    const source = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const workflow = { ...source, id, name: typeof source.name === 'string' && source.name ? source.name : path.basename(file, '.json'), active: false, versionId: typeof source.versionId === 'string' ? source.versionId : randomUUID() };
    const copy = path.join(home, 'workflow.json');
    fs.writeFileSync(copy, JSON.stringify(workflow));
    const imported = n8n(home, ['import:workflow', `--input=${copy}`]);
    if (imported.status !== 0) throw new Error(`n8n could not import ${path.basename(file)}: ${(imported.stdout + imported.stderr).slice(-1000)}`);
    const result = n8n(home, ['execute', `--id=${id}`, '--rawOutput']);
    const run = parseRun(result.stdout ?? '');
    if (!run?.data?.resultData) throw new Error(`n8n printed no result for ${path.basename(file)} (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${(result.stderr || result.stdout || '').slice(-2000)}`);
    const outputs: N8nFixture['outputs'] = {};
    for (const [name, runs] of Object.entries(run.data.resultData.runData ?? {})) outputs[name] = runs.map((entry) => (entry.data?.main ?? []).map((items) => (items ?? []).map((item) => item.json)));
    const error = run.data.resultData.error?.message;
    return { status: error ? 'failed' : 'succeeded', ...(error ? { error } : {}), outputs };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function main(): void {
  const dir = process.argv[2] ?? corpusDir();
  if (!dir) throw new Error('No corpus: pass its folder, or set ECHELON_N8N_CORPUS to a folder with files/*.json.');
  installN8n();
  fs.mkdirSync(OUT, { recursive: true });
  const files = fs.readdirSync(path.join(dir, 'files')).filter((name) => name.endsWith('.json')).sort();
  let written = 0;
  for (const name of files) {
    const file = path.join(dir, 'files', name);
    const workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes?: Array<{ type: string; credentials?: unknown }> };
    if (!Array.isArray(workflow.nodes) || !isPureWorkflow(workflow.nodes)) continue;
    console.error(`${name}: running with n8n ${N8N_VERSION}…`);
    let first: ReturnType<typeof runOnce>;
    let second: ReturnType<typeof runOnce>;
    try {
      // Twice (ECHELON_N8N_RUNS=1: once): what differs between the runs (random ids, the time) is not compared.
      first = runOnce(file);
      second = process.env.ECHELON_N8N_RUNS === '1' ? first : runOnce(file);
    } catch (error) {
      // A workflow n8n cannot finish here (one that waits for hours) gets no fixture; the others still do.
      console.error(`${name}: skipped: ${(error as Error).message}`);
      continue;
    }
    const volatile = Object.keys(first.outputs).filter((node) => !isDeepStrictEqual(first.outputs[node], second.outputs[node]));
    const fixture: N8nFixture = { source: name, n8nVersion: N8N_VERSION, workflow, ...first, volatile };
    fs.writeFileSync(path.join(OUT, name), `${JSON.stringify(fixture, null, 2)}\n`);
    written++;
  }
  console.error(`Wrote ${written} fixture(s) to ${path.relative(ROOT, OUT)}.`);
}

main();
