import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const DISCOVERY_FILE = 'serve.json';

/** What a running `echelon serve` tells other processes on this machine: how to reach it. */
export const ServeDiscovery = z.object({
  pid: z.number().int(),
  port: z.number().int(),
  token: z.string(),
  startedAt: z.string(),
  /** The MCP gateway over streamable HTTP, with its own bearer token. */
  gateway: z
    .object({
      url: z.string(),
      token: z.string(),
      /** The same gateway on a Unix socket (absent on Windows), quicker for `echelon mcp gateway`. */
      socket: z.string().optional(),
    })
    .nullable(),
});
export type ServeDiscovery = z.infer<typeof ServeDiscovery>;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Written readable by the owner only: the token opens the API. */
export function writeDiscovery(dataDir: string, discovery: ServeDiscovery): void {
  const file = path.join(dataDir, DISCOVERY_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(discovery, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** Removes the file if it is still ours (another serve may have replaced it). */
export function removeDiscovery(dataDir: string, pid = process.pid): void {
  const file = path.join(dataDir, DISCOVERY_FILE);
  try {
    const current = ServeDiscovery.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!current.success || current.data.pid === pid) fs.rmSync(file, { force: true });
  } catch {
    // Already gone.
  }
}

/** The running serve of this data dir, if any. A file left by a process that died is removed. */
export function readDiscovery(dataDir: string): ServeDiscovery | undefined {
  const file = path.join(dataDir, DISCOVERY_FILE);
  let parsed;
  try {
    parsed = ServeDiscovery.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
  if (!parsed.success || !isAlive(parsed.data.pid)) {
    fs.rmSync(file, { force: true });
    return undefined;
  }
  return parsed.data;
}
