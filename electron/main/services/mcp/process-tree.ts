import { execFile, type ChildProcess } from 'node:child_process';
import crossSpawn from 'cross-spawn';
import { TreeContainment } from './containment/tree-containment';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What each spawned tree is contained by, for killTree. */
const containments = new WeakMap<ChildProcess, TreeContainment>();

/**
 * Spawns a server with its stdio piped. On POSIX it leads a new process group and session, so
 * stopping it reaches everything it started (`npx` → `sh` → `node`, `uvx` → `python`); on
 * Linux it also runs in a cgroup of its own where possible, and carries a marker in its
 * environment, so even a descendant that left the session (setsid, a double fork) is found.
 * On Windows, cross-spawn runs `.cmd` shims (npx.cmd) through cmd.exe with their arguments escaped.
 */
export function spawnTree(file: string, args: readonly string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): ChildProcess {
  const containment = new TreeContainment();
  const command = containment.command(file, args);
  const child = crossSpawn(command.file, command.args, {
    cwd: options.cwd,
    env: containment.environment(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  if (child.pid !== undefined) containment.spawned(child.pid);
  else containment.abandon();
  containments.set(child, containment);
  return child;
}

export function exitOf(child: ChildProcess): Promise<ExitInfo> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Stops a server and everything it started. POSIX: SIGTERM to the group (and on Linux to every
 * process of its cgroup or found by its marker), a grace period for the leader to exit, then
 * SIGKILL to all of them so no straggler survives. Windows: `taskkill /T /F`.
 */
export async function killTree(child: ChildProcess, graceMs = 2000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited = exitOf(child);
  try {
    child.stdin?.end();
  } catch {
    // The pipe may already be closed.
  }
  if (process.platform === 'win32') {
    await new Promise<void>((resolve) => execFile('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true }, () => resolve()));
    await within(exited, graceMs);
    return;
  }
  const containment = containments.get(child);
  signalGroup(pid, 'SIGTERM');
  containment?.signal('SIGTERM');
  await within(exited, graceMs);
  signalGroup(pid, 'SIGKILL');
  await containment?.killAll();
  await within(exited, 1000);
}
