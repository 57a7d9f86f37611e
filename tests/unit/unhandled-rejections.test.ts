import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';

const FIXTURE = fileURLToPath(new URL('../fixtures/unhandled-rejection.ts', import.meta.url));
const run = (dir: string, mode: string) => spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, dir, mode], { encoding: 'utf8', timeout: 20_000 });

describe('an unhandled rejection in a long-running shell', () => {
  it('is logged and the process keeps running, where Node alone would exit', () => {
    const dir = tempDir();
    const bare = run(dir, 'bare');
    expect(bare.status).not.toBe(0);
    expect(bare.stdout).not.toContain('still running');

    const guarded = run(dir, 'guarded');
    expect(guarded.status).toBe(0);
    expect(guarded.stdout).toContain('still running');
    expect(fs.readFileSync(path.join(dir, 'echelon.log'), 'utf8')).toMatch(/not handled; Echelon keeps running.*handler blew up/);
  });
});
