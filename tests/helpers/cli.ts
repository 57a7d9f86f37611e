import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../bin/echelon.js', import.meta.url));

/**
 * The bound for a test that runs the CLI as a child process several times: each run costs a
 * second or two of CPU (the host's modules load), many times that on a loaded machine.
 */
export const CLI_TEST = { timeout: 300_000 };

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `echelon` CLI as a real child process. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? REPO,
    input: options.input,
    env: { ...process.env, ECHELON_DATA_DIR: undefined, ...options.env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking the test's event loop: for commands that call a server the test itself runs. */
export function runCliAsync(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO, env: { ...process.env, ECHELON_DATA_DIR: undefined, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  /** Every line printed on stdout so far. */
  lines: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const READY = /^Echelon is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/;

/** Starts `echelon serve --port 0` (of this checkout, or of the build whose launcher is `cli`) and resolves once it prints its one line. */
export function startServe(dataDir: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}, cli = CLI): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: REPO,
    // Each test's webhook listener on a free port, so parallel servers do not collide.
    env: { ECHELON_WEBHOOK_PORT: '0', ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`echelon serve did not start: ${stderr}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const match = READY.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[1]!,
        port: Number(match[2]),
        token: match[3]!,
        lines,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`echelon serve exited with ${code}: ${stderr}`));
    });
  });
}
