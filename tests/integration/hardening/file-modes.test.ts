import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO } from '../../helpers/cli';
import { chain, manualStart, node } from '../../helpers/engine';
import { tempDir } from '../../helpers/temp-dir';

/** The real CLI under `umask 000`, the most permissive a user could have set. */
function cliWithOpenUmask(args: string[]) {
  return spawnSync('/bin/sh', ['-c', 'umask 000; exec "$0" "$@"', process.execPath, CLI, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ECHELON_DATA_DIR: undefined } });
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe.runIf(process.platform !== 'win32')('files in the data dir', () => {
  it('are owner-only (0600, folders 0700) whatever the umask, in a data dir the user made beforehand', () => {
    const dataDir = tempDir();
    fs.chmodSync(dataDir, 0o777);
    const flow = path.join(tempDir(), 'big.json');
    // An output over 256 KB goes to a payload file.
    fs.writeFileSync(flow, JSON.stringify(chain('Big', [manualStart(), node('transform.edit', { fields: [{ name: 'blob', value: "{{ 'x'.repeat(300000) }}" }] })])));
    const ran = cliWithOpenUmask(['--data-dir', dataDir, 'workflow', 'run', flow]);
    expect(ran.status, ran.stderr).toBe(0);

    const files = ['echelon.db', 'logs/echelon.log'].map((name) => path.join(dataDir, name));
    for (const name of ['echelon.db-wal', 'echelon.db-shm', 'preferences.json']) if (fs.existsSync(path.join(dataDir, name))) files.push(path.join(dataDir, name));
    const payloads = path.join(dataDir, 'payloads');
    const payloadFiles = fs.readdirSync(payloads, { recursive: true, withFileTypes: true });
    expect(payloadFiles.some((entry) => entry.isFile())).toBe(true);
    for (const entry of payloadFiles) (entry.isFile() ? files : []).push(path.join(entry.parentPath, entry.name));
    for (const file of files) expect(mode(file).toString(8), file).toBe('600');
    const dirs = [path.join(dataDir, 'logs'), payloads, ...payloadFiles.filter((entry) => entry.isDirectory()).map((entry) => path.join(entry.parentPath, entry.name))];
    for (const dir of dirs) expect(mode(dir).toString(8), dir).toBe('700');
  });
});
