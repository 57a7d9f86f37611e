import fs from 'node:fs';
import path from 'node:path';
import { isLive } from './proc-scan';

/**
 * Linux cgroup v2: each server in a cgroup of its own below Echelon's, so stopping it reaches
 * every process it started, whatever they did to leave its process group or session (setsid,
 * double fork). Used where the cgroup2 hierarchy is mounted and Echelon may write its own
 * cgroup (root, or a delegated subtree as systemd gives user services); otherwise undefined.
 */

/** Echelon's own cgroup directory, if cgroup v2 is mounted and that directory is writable. */
function ownCgroupDir(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const line = fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((entry) => entry.startsWith('0::'));
    if (!line) return undefined;
    const relative = line.slice(3).trim();
    const mount = fs
      .readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((entry) => entry.split(' '))
      .find((fields) => fields[fields.indexOf('-') + 1] === 'cgroup2');
    if (!mount) return undefined;
    const dir = path.join(mount[4]!, relative);
    fs.accessSync(dir, fs.constants.W_OK);
    return dir;
  } catch {
    return undefined;
  }
}

let base: string | undefined | null = null;
let sequence = 0;

function baseDir(): string | undefined {
  if (base === null) {
    base = ownCgroupDir();
    if (base) sweepStale(base);
  }
  return base;
}

/** Empty cgroups left by an Echelon that was killed before it could remove them. */
function sweepStale(dir: string): void {
  try {
    for (const name of fs.readdirSync(dir)) {
      const owner = /^echelon-(\d+)-\d+$/.exec(name)?.[1];
      if (!owner || Number(owner) === process.pid || isLive(Number(owner))) continue;
      try {
        fs.rmdirSync(path.join(dir, name));
      } catch {
        // Still has processes: the orphan reaper's business, not ours.
      }
    }
  } catch {
    // Not listable: nothing to sweep.
  }
}

export class Cgroup {
  private constructor(readonly dir: string) {}

  /** Whether servers get cgroups of their own on this machine. */
  static get available(): boolean {
    return baseDir() !== undefined;
  }

  /** A fresh cgroup for one server, or undefined where cgroups cannot be used. */
  static create(): Cgroup | undefined {
    const parent = baseDir();
    if (!parent) return undefined;
    const dir = path.join(parent, `echelon-${process.pid}-${++sequence}`);
    try {
      fs.mkdirSync(dir);
      return new Cgroup(dir);
    } catch {
      return undefined;
    }
  }

  /** Where a process writes its pid to join. */
  get procsFile(): string {
    return path.join(this.dir, 'cgroup.procs');
  }

  /**
   * The command run through `/bin/sh`, which joins the cgroup and then execs the server (same
   * pid): nothing the server starts, not even at once, can begin outside it.
   */
  wrap(file: string, args: readonly string[]): { file: string; args: string[] } {
    return { file: '/bin/sh', args: ['-c', 'echo $$ > "$1" 2>/dev/null; shift; exec "$@"', 'echelon-cgroup', this.procsFile, file, ...args] };
  }

  members(): number[] {
    try {
      return fs.readFileSync(this.procsFile, 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /** SIGKILL to every member at once (cgroup.kill, Linux 5.14+), else one by one. */
  killAll(): void {
    try {
      fs.writeFileSync(path.join(this.dir, 'cgroup.kill'), '1');
      return;
    } catch {
      // Older kernels: below.
    }
    for (const pid of this.members()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }

  /** Removes the (empty) cgroup; a non-empty one stays and is reported by the caller. */
  remove(): boolean {
    try {
      fs.rmdirSync(this.dir);
      return true;
    } catch {
      return false;
    }
  }
}
