import { spawn, type ChildProcess } from 'node:child_process';
import type { Disposable } from '../../../../shared/lifecycle/disposable';

/**
 * Reads "+PGID" / "-PGID" lines; when its stdin closes (Echelon exited, even by SIGKILL) it
 * kills the groups still listed. POSIX sh, so it costs a megabyte, not a second Node.
 */
const REAPER_SCRIPT = `
trap '' INT HUP
groups=""
while IFS= read -r line; do
  case "$line" in
    +*) groups="$groups \${line#+}" ;;
    -*) kept=""; for g in $groups; do [ "$g" = "\${line#-}" ] || kept="$kept $g"; done; groups="$kept" ;;
  esac
done
[ -z "$groups" ] && exit 0
for g in $groups; do kill -TERM -"$g" 2>/dev/null; done
sleep 1
for g in $groups; do kill -KILL -"$g" 2>/dev/null; done
`;

/**
 * Guarantees no server outlives Echelon. A clean quit stops every server itself; this watcher
 * covers the rest (a crash, `kill -9`, a debugger stop), where no code of ours runs at exit.
 * Windows has no process groups to hand over; there `dispose` relies on taskkill /T.
 */
export class OrphanReaper implements Disposable {
  private process: ChildProcess | undefined;

  watch(pid: number): void {
    this.write(`+${pid}`);
  }

  unwatch(pid: number): void {
    this.write(`-${pid}`);
  }

  private write(line: string): void {
    if (process.platform === 'win32') return;
    if (!this.process) {
      // Its own group, so a Ctrl-C aimed at Echelon's terminal group leaves it to do its job.
      this.process = spawn('/bin/sh', ['-c', REAPER_SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      this.process.on('error', () => (this.process = undefined));
      // If the reaper died, writes fail with EPIPE: nothing to do but carry on without it.
      this.process.stdin?.on('error', () => (this.process = undefined));
      this.process.unref();
      (this.process.stdin as unknown as { unref?: () => void }).unref?.();
    }
    this.process.stdin?.write(`${line}\n`);
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  dispose(): void {
    this.process?.stdin?.end();
    this.process = undefined;
  }
}
