import fs from 'node:fs';

/**
 * Where there is no cgroup to put a server in (Linux without a writable cgroup v2), its
 * processes are found in /proc at stop: the server's descendants by parent chain, everything in
 * its session, and anything carrying its marker variable in its environment, which survives
 * setsid and a double fork (the parent chain does not: an orphan's parent becomes init).
 */

export const TREE_MARKER = 'ECHELON_MCP_TREE';

interface ProcEntry {
  pid: number;
  ppid: number;
  session: number;
}

function readEntry(pid: number): ProcEntry | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields start after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return { pid, ppid: Number(fields[1]), session: Number(fields[3]) };
  } catch {
    return undefined;
  }
}

function carriesMarker(pid: number, marker: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker);
  } catch {
    return false;
  }
}

/** Running, not a zombie waiting to be reaped. */
export function isLive(pid: number): boolean {
  return readEntry(pid) !== undefined;
}

/** Live processes of the tree rooted at `rootPid` (a session leader), including `rootPid` while it lives. */
export function treeMembers(rootPid: number, marker: string): number[] {
  if (process.platform !== 'linux') return [];
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const entries = names.filter((name) => /^\d+$/.test(name)).map((name) => readEntry(Number(name))).filter((entry): entry is ProcEntry => entry !== undefined);
  const excluded = new Set([process.pid, process.ppid, 1]);
  const members = new Set<number>();
  for (const entry of entries) {
    if (excluded.has(entry.pid)) continue;
    if (entry.pid === rootPid || entry.session === rootPid || carriesMarker(entry.pid, marker)) members.add(entry.pid);
  }
  // Descendants by parent chain, until no new one appears.
  for (let grew = true; grew; ) {
    grew = false;
    for (const entry of entries) {
      if (!members.has(entry.pid) && members.has(entry.ppid) && !excluded.has(entry.pid)) {
        members.add(entry.pid);
        grew = true;
      }
    }
  }
  return [...members];
}
