import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLI, CLI_TEST, REPO, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp-dir';
import { leaks, PASSPHRASE } from '../helpers/vault';

const TOKEN = 'ghp_cli-test-token-0123456789';
const PASSWORD = 'db-password-!@#$%^&*()';

function vault(dir: string, args: string[], options: { input?: string; passphrase?: string | null } = {}) {
  const passphrase = options.passphrase === undefined ? PASSPHRASE : options.passphrase;
  return runCli(['vault', ...args, '--data-dir', dir], { input: options.input ?? '', env: { ECHELON_VAULT_PASSPHRASE: passphrase ?? undefined } });
}

function initialized(): string {
  const dir = tempDir();
  expect(vault(dir, ['init'])).toMatchObject({ status: 0 });
  return dir;
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('echelon vault', CLI_TEST, () => {
  it('sets from stdin, lists without values, audits, rotates and removes', () => {
    const dir = initialized();
    const set = vault(dir, ['set', 'GITHUB_TOKEN', '--description', 'CI token', '--tag', 'ci', '--tag', 'github'], { input: `${TOKEN}\n` });
    expect(set).toMatchObject({ status: 0, stderr: '' });
    expect(set.stdout).toContain('Added GITHUB_TOKEN (secret)');
    const basic = vault(dir, ['set', 'DB_LOGIN', '--kind', 'basic'], { input: JSON.stringify({ username: 'alice', password: PASSWORD }) });
    expect(basic.status).toBe(0);

    const list = vault(dir, ['list', '--json'], { passphrase: null });
    expect(list.status).toBe(0);
    const records = JSON.parse(list.stdout);
    expect(records).toMatchObject([
      { name: 'DB_LOGIN', kind: 'basic', summary: 'user alice', masked: '••••••••' },
      { name: 'GITHUB_TOKEN', kind: 'secret', description: 'CI token', tags: ['ci', 'github'] },
    ]);
    expect(leaks(list.stdout, [TOKEN, PASSWORD])).toEqual([]);

    const rotate = vault(dir, ['rotate', '--json']);
    expect(rotate.status).toBe(0);
    expect(JSON.parse(rotate.stdout)).toMatchObject({ records: 2, keyGeneration: 2 });

    const audit = vault(dir, ['audit', '--json'], { passphrase: null });
    expect(audit.status).toBe(0);
    const entries = JSON.parse(audit.stdout) as { action: string; recordName?: string; accessorKind: string; accessorId: string }[];
    expect(entries.map((entry) => entry.action)).toEqual(['rotate', 'unlock', 'write', 'unlock', 'write', 'unlock']);
    expect(entries[0]).toMatchObject({ accessorKind: 'user', accessorId: 'cli' });
    const csv = vault(dir, ['audit', '--csv', '--action', 'write'], { passphrase: null });
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(3);
    expect(vault(dir, ['audit', '--name', 'DB'], { passphrase: null }).stdout).toContain('write    DB_LOGIN');

    expect(vault(dir, ['rm', 'DB_LOGIN'])).toMatchObject({ status: 0, stdout: 'Removed DB_LOGIN.\n' });
    expect(vault(dir, ['rm', 'DB_LOGIN'])).toMatchObject({ status: 1, stderr: expect.stringContaining('No secret named "DB_LOGIN"') });
    expect(JSON.parse(vault(dir, ['list', '--json']).stdout)).toHaveLength(1);
    expect(vault(dir, ['verify'])).toMatchObject({ status: 0, stdout: 'All 1 secrets are intact.\n' });
    expect(JSON.parse(vault(dir, ['status', '--json'], { passphrase: null }).stdout)).toMatchObject({ state: 'locked', recordCount: 1, keyGeneration: 2 });
    expect(leaks(fs.readFileSync(path.join(dir, 'echelon.db')), [TOKEN, PASSWORD])).toEqual([]);
  });

  it('exits 2 with one line when no passphrase is given and there is no terminal', () => {
    const dir = initialized();
    const result = vault(dir, ['set', 'X'], { input: 'value-1234', passphrase: null });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('echelon: No vault passphrase: set ECHELON_VAULT_PASSPHRASE, or run the command in a terminal to be asked for it.\n');
    expect(vault(tempDir(), ['init'], { passphrase: null }).status).toBe(2);
  });

  it('refuses a wrong passphrase with a clear error and leaves the database file unchanged', () => {
    const dir = initialized();
    vault(dir, ['set', 'TOKEN'], { input: TOKEN });
    const file = path.join(dir, 'echelon.db');
    const before = sha256(file);
    for (const args of [['set', 'TOKEN'], ['rm', 'TOKEN'], ['rotate'], ['verify']]) {
      const result = vault(dir, args, { input: 'replacement-value', passphrase: 'not the passphrase' });
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr).toBe('echelon: Wrong passphrase: the vault stays locked and nothing was changed.\n');
    }
    expect(sha256(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('reports one tampered byte of a stored ciphertext as an integrity error naming the record, returning nothing', () => {
    const dir = initialized();
    vault(dir, ['set', 'TOKEN'], { input: TOKEN });
    vault(dir, ['set', 'OTHER'], { input: 'other-value-1234' });
    const file = path.join(dir, 'echelon.db');
    const db = new Database(file, { readonly: true });
    const ciphertext = db.prepare("SELECT ciphertext FROM vault_records WHERE name = 'TOKEN'").pluck().get() as Buffer;
    db.close();
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf(ciphertext);
    expect(at).toBeGreaterThan(0);
    bytes[at + 7]! ^= 0x01;
    fs.writeFileSync(file, bytes);

    const result = vault(dir, ['verify']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('The stored value of "TOKEN" failed its integrity check');
    expect(result.stderr).toContain('1 of 2 secrets failed their integrity check: TOKEN.');
    expect(result.stdout).toBe('');
    expect(leaks(result.stderr, [TOKEN])).toEqual([]);
    // The intact record still works, and the damaged one can be replaced.
    expect(vault(dir, ['set', 'TOKEN'], { input: 'fresh-token-1234' }).status).toBe(0);
    expect(vault(dir, ['verify']).status).toBe(0);
  });

  it('takes multi-field kinds as JSON and never quotes bad input back', () => {
    const dir = initialized();
    const notJson = vault(dir, ['set', 'DB', '--kind', 'basic'], { input: `not json ${PASSWORD}` });
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toBe('echelon: Kind basic takes a JSON object on stdin (its fields: username, password); what was read is not valid JSON.\n');
    const missing = vault(dir, ['set', 'DB', '--kind', 'basic'], { input: JSON.stringify({ username: 'alice' }) });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('password');
    const mismatch = vault(dir, ['set', 'DB', '--kind', 'basic'], { input: JSON.stringify({ kind: 'oauth2', password: PASSWORD }) });
    expect(mismatch).toMatchObject({ status: 2, stderr: expect.stringContaining('--kind is basic') });
    const badKind = vault(dir, ['set', 'DB', '--kind', 'password'], { input: PASSWORD });
    expect(badKind).toMatchObject({ status: 2, stderr: expect.stringContaining('expected one of secret, api_key') });
    const badName = vault(dir, ['set', 'not-a-name'], { input: PASSWORD });
    expect(badName).toMatchObject({ status: 2, stderr: expect.stringContaining('letters, digits and _') });
    const empty = vault(dir, ['set', 'EMPTY'], { input: '' });
    expect(empty).toMatchObject({ status: 2, stderr: expect.stringContaining('No value on stdin') });
    for (const result of [notJson, missing, mismatch, badKind, badName]) expect(leaks(result.stderr, [PASSWORD])).toEqual([]);
    expect(JSON.parse(vault(dir, ['list', '--json']).stdout)).toEqual([]);
  });

  it('has --help for every vault command', () => {
    for (const command of ['init', 'status', 'set', 'list', 'rm', 'rotate', 'audit', 'verify', 'auto-lock']) {
      const result = runCli(['vault', command, '--help']);
      expect(result.status, command).toBe(0);
      expect(result.stdout).toContain(`Usage: echelon vault ${command}`);
    }
  });

  it('asks for the passphrase on a terminal without echoing it', async () => {
    const dir = tempDir();
    // `script` gives the CLI a real pseudo-terminal; what it prints is what a person would see.
    const child = spawn('script', ['-qec', `${process.execPath} ${CLI} vault init --data-dir ${dir}`, '/dev/null'], {
      cwd: REPO,
      env: { ...process.env, ECHELON_VAULT_PASSPHRASE: '' },
    });
    let screen = '';
    const waiters: (() => void)[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      for (const waiter of waiters.splice(0)) waiter();
    });
    const waitFor = async (text: string) => {
      while (!screen.includes(text)) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await waitFor('New vault passphrase: ');
    child.stdin.write('typed-secret-phrase\r');
    await waitFor('Repeat the passphrase: ');
    child.stdin.write('typed-secret-phrase\r');
    expect(await exited).toBe(0);
    expect(screen).toContain('Vault created');
    expect(screen).not.toContain('typed-secret-phrase');
    const check = runCli(['vault', 'verify', '--data-dir', dir], { env: { ECHELON_VAULT_PASSPHRASE: 'typed-secret-phrase' } });
    expect(check.status).toBe(0);
  });
});
