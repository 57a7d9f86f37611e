import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Host } from '../../electron/main/services/host';
import type { TeamBackend } from './team-backend';
import { openUnlockedHost } from './vault';

export { startTeamBackend, type TeamBackend } from './team-backend';

const dataDirs: string[] = [];

/** A data dir that lives until `removeTeamDataDirs` (instances outlive single tests). */
export function teamDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-team-'));
  dataDirs.push(dir);
  return dir;
}

export function removeTeamDataDirs(): void {
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** An Echelon instance (its own data dir, vault unlocked) pointed at the stand-in, signed in. */
export async function teamInstance(backend: TeamBackend, email: string, password = 'correct horse', dataDir = teamDataDir()): Promise<Host> {
  const host = await openUnlockedHost(dataDir, { team: { pollMs: 100, heartbeatIntervalMs: 1000 } });
  await host.team.configure({ projectUrl: backend.standIn.url, anonKey: backend.standIn.anonKey });
  await host.team.signIn({ method: 'password', email, password });
  return host;
}

export async function waitUntil<T>(read: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
