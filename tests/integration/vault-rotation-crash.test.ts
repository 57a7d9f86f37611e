import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLI, REPO } from '../helpers/cli';
import { tempDir } from '../helpers/temp-dir';
import { filledVault, openHost, PASSPHRASE } from '../helpers/vault';

const CHILD = fileURLToPath(new URL('../fixtures/vault/rotation-child.ts', import.meta.url));
const RECORDS = 2000;
const valueOf = (i: number) => `secret-value-${i}-${'x'.repeat(i % 40)}`;

async function vaultWithRecords(): Promise<string> {
  const dir = tempDir();
  await filledVault(dir, RECORDS, valueOf);
  return dir;
}

/** Opens the vault as a fresh process would and checks that every value reads back intact. */
async function expectIntact(dir: string): Promise<number> {
  const host = openHost(dir);
  try {
    await host.vault.unlock(PASSPHRASE);
    for (let i = 0; i < RECORDS; i++) expect(host.vault.reveal(`S_${i}`, undefined, { kind: 'test', id: 'check' })).toBe(valueOf(i));
    return host.vault.status().keyGeneration;
  } finally {
    await host.dispose();
  }
}

/** Runs a child until it prints `signal`, then kills it with SIGKILL. */
function killWhen(command: string, args: string[], signal: RegExp, stream: 'stdout' | 'stderr' = 'stdout'): Promise<NodeJS.Signals | null> {
  const child = spawn(command, args, { cwd: REPO, env: { ...process.env, ECHELON_VAULT_PASSPHRASE: PASSPHRASE }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child[stream].on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (signal.test(output)) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code, killed) => (killed === 'SIGKILL' ? resolve(killed) : reject(new Error(`child exited with ${code} before ${signal}: ${output}`))));
  });
}

describe('master-key rotation killed half-way', () => {
  it('SIGKILL inside the rotation transaction leaves every record readable with the old key', async () => {
    const dir = await vaultWithRecords();
    expect(await killWhen(process.execPath, ['--import', 'tsx', CHILD, dir, 'mid-write'], /MID-WRITE/)).toBe('SIGKILL');
    // Half the rewritten pages had reached the WAL, uncommitted (far more than the unlock's own audit write).
    expect(fs.statSync(path.join(dir, 'echelon.db-wal')).size).toBeGreaterThan(100_000);
    expect(await expectIntact(dir)).toBe(1);
  });

  it('SIGKILL just after the commit leaves every record readable with the new key', async () => {
    const dir = await vaultWithRecords();
    await killWhen(process.execPath, ['--import', 'tsx', CHILD, dir, 'committed'], /COMMITTED/);
    expect(await expectIntact(dir)).toBe(2);
    const db = new Database(path.join(dir, 'echelon.db'), { readonly: true });
    expect(db.prepare('SELECT DISTINCT key_generation FROM vault_records').pluck().all()).toEqual([2]);
    db.close();
  });

  it('`echelon vault rotate` killed while re-encrypting leaves the vault readable', async () => {
    const dir = await vaultWithRecords();
    await killWhen(process.execPath, [CLI, 'vault', 'rotate', '--data-dir', dir], /Re-encrypting/, 'stderr');
    expect([1, 2]).toContain(await expectIntact(dir));
  });
});
