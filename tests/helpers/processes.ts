import fs from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  cmdline: string;
}

/** Every process on the machine, read from /proc (Linux). */
export function listProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: split after its closing one.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      found.push({ pid: Number(entry), state: fields[0]!, ppid: Number(fields[1]), pgid: Number(fields[2]), cmdline });
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}

/** Running (not a zombie waiting to be reaped). */
export function isRunning(pid: number): boolean {
  return listProcesses().some((proc) => proc.pid === pid && proc.state !== 'Z');
}

/** Live processes whose command line contains the text (a temp dir, a fixture name). */
export function runningWith(text: string): ProcessInfo[] {
  return listProcesses().filter((proc) => proc.state !== 'Z' && proc.cmdline.includes(text) && proc.pid !== process.pid);
}

/** Polls until the condition holds: no fixed sleeps in tests. */
type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export async function waitFor<T>(condition: () => T | Promise<T>, { timeoutMs = 10_000, what = 'condition' } = {}): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
