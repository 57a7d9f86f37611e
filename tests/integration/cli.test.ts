import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLI_TEST, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp-dir';

describe('echelon CLI', CLI_TEST, () => {
  it('prints status as JSON with version, data dir, schema version and row counts', () => {
    const dir = tempDir();
    const result = runCli(['status', '--json', '--data-dir', dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({ version: expect.any(String), dataDir: dir, schemaVersion: expect.any(Number), shell: 'cli' });
    expect(status.counts).toHaveProperty('activity_log', 0);
  });

  it('takes the data dir from ECHELON_DATA_DIR when no flag is given', () => {
    const dir = tempDir();
    const result = runCli(['status', '--json'], { env: { ECHELON_DATA_DIR: dir } });
    expect(JSON.parse(result.stdout).dataDir).toBe(dir);
    expect(fs.existsSync(path.join(dir, 'echelon.db'))).toBe(true);
  });

  it('exits 2 with a one-line reason for an unknown command', () => {
    const result = runCli(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it('exits 2 for an unknown option and for a bad port', () => {
    expect(runCli(['status', '--bogus']).status).toBe(2);
    const badPort = runCli(['serve', '--port', 'abc', '--data-dir', tempDir()]);
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('port');
  });

  it('has --help for every command', () => {
    for (const args of [['--help'], ['status', '--help'], ['serve', '--help']]) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: echelon');
    }
  });

  it('exits 1 with a clear message when the data dir is not writable', () => {
    const file = path.join(tempDir(), 'not-a-dir');
    fs.writeFileSync(file, '');
    const result = runCli(['status', '--data-dir', path.join(file, 'sub')]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^echelon: Cannot use data dir .* not writable/);
  });

  it('refuses a database from a newer schema without changing it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'echelon.db');
    const db = new Database(file);
    db.pragma('user_version = 500');
    db.close();
    const before = fs.readFileSync(file);
    const result = runCli(['status', '--data-dir', dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('newer Echelon');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reports a corrupt database file without changing it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'echelon.db');
    fs.writeFileSync(file, Buffer.alloc(8192, 7));
    const result = runCli(['status', '--data-dir', dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('damaged');
    expect(fs.readFileSync(file).equals(Buffer.alloc(8192, 7))).toBe(true);
  });

  it('names a SQLite driver from ECHELON_SQLITE_BINDING that cannot load, instead of blaming the database', () => {
    const dir = tempDir();
    expect(runCli(['status', '--data-dir', dir]).status).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'echelon.db'));
    const missing = path.join(dir, 'nowhere', 'better_sqlite3.node');
    const result = runCli(['status', '--data-dir', dir], { env: { ECHELON_SQLITE_BINDING: missing } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`The SQLite driver at ${missing} (ECHELON_SQLITE_BINDING) cannot be loaded`);
    expect(result.stderr).not.toContain('damaged');
    expect(fs.readFileSync(path.join(dir, 'echelon.db')).equals(before)).toBe(true);
  });
});
