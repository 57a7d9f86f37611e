import { randomBytes } from 'node:crypto';
import { Cgroup } from './cgroup';
import { isLive, TREE_MARKER, treeMembers } from './proc-scan';

/**
 * Everything one server started, so that stopping it leaves nothing behind: its cgroup where
 * one can be made, and always (on Linux) a scan of /proc by session, parent chain and marker.
 * macOS and Windows have neither; there the process group (POSIX) or taskkill /T is what holds.
 */
export class TreeContainment {
  private readonly marker = `${TREE_MARKER}=${randomBytes(12).toString('hex')}`;
  private readonly cgroup = Cgroup.create();
  private rootPid: number | undefined;

  /** The server's environment, carrying the marker its descendants inherit. */
  environment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    if (process.platform === 'win32') return env;
    const [name, value] = this.marker.split('=') as [string, string];
    return { ...env, [name]: value };
  }

  /** The command to spawn: joining the cgroup first where there is one. */
  command(file: string, args: readonly string[]): { file: string; args: string[] } {
    return this.cgroup ? this.cgroup.wrap(file, args) : { file, args: [...args] };
  }

  spawned(pid: number): void {
    this.rootPid = pid;
  }

  /** Whether servers get cgroups of their own on this machine. */
  static get cgroupsAvailable(): boolean {
    return Cgroup.available;
  }

  /** The spawn failed: nothing to contain. */
  abandon(): void {
    this.cgroup?.remove();
  }

  members(): number[] {
    const found = new Set((this.cgroup?.members() ?? []).filter(isLive));
    if (this.rootPid !== undefined) for (const pid of treeMembers(this.rootPid, this.marker)) found.add(pid);
    return [...found];
  }

  signal(signal: NodeJS.Signals): void {
    for (const pid of this.members()) {
      try {
        process.kill(pid, signal);
      } catch {
        // Gone meanwhile.
      }
    }
  }

  /** SIGKILL to every member until none is left (bounded), then the cgroup is removed. */
  async killAll(timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.cgroup?.killAll();
      this.signal('SIGKILL');
      if (this.members().length === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Zombies not yet reaped keep a cgroup busy for a moment.
    if (this.cgroup && !this.cgroup.remove()) setTimeout(() => this.cgroup?.remove(), 1000).unref();
  }
}
