import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chain, manualStart, node, runToEnd } from '../helpers/engine';
import { sshServerForFile, type TrustedSshHost } from '../helpers/ssh-host';
import { sshdAvailable, type TestSshd } from '../helpers/sshd';
import { leaks } from '../helpers/vault';

let sshd: TestSshd;
let t: TrustedSshHost;
const MB = 2 ** 20;

const sha256 = (file: string) => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];

/** A file on the server, owned by its login user: given bytes, or random ones written by `head` (never in this process's memory). */
function remoteFile(name: string, bytes: Buffer | string | number): string {
  const file = path.join(sshd.files, name);
  if (typeof bytes === 'number') execFileSync('sh', ['-c', `head -c ${bytes} /dev/urandom > "$1"`, 'sh', file]);
  else fs.writeFileSync(file, bytes);
  if (process.getuid?.() === 0) fs.chownSync(file, sshd.user.uid, sshd.user.gid);
  return file;
}

function ssh(action: string, parameters: Record<string, unknown>, name: string) {
  return node(`ssh.${action}`, parameters, { name, connection: t.connection.id });
}

/** Runs a workflow while sampling this process's RSS: the host runs in it. */
async function runMeasured(document: Parameters<typeof runToEnd>[1]) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    const detail = await runToEnd(t.host, document);
    return { detail, growth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

describe.skipIf(!sshdAvailable)('SFTP nodes in workflows', () => {
  sshServerForFile({ engine: true }, (server) => ({ sshd, t } = server));

  it('moves a 50 MB file down into a payload file and back up, streamed, in bounded memory', async () => {
    const roundTrip = (from: string, to: string) =>
      chain('round trip', [manualStart(), ssh('download', { path: path.join(sshd.files, from) }, 'Download'), ssh('upload', { path: path.join(sshd.files, to) }, 'Upload')]);
    // A first small transfer grows the heap once: measure the one after.
    remoteFile('warm.bin', 4 * MB);
    expect((await runToEnd(t.host, roundTrip('warm.bin', 'warm-copy.bin'))).status).toBe('succeeded');

    const original = remoteFile('big.bin', 50 * MB);
    const { detail, growth } = await runMeasured(roundTrip('big.bin', 'copy.bin'));
    expect(detail.status).toBe('succeeded');
    expect(sha256(path.join(sshd.files, 'copy.bin'))).toBe(sha256(original));
    // Below the file's own size, so a transfer that buffers the file fails; the process's RSS also moves with GC timing by a few MB.
    expect(growth).toBeLessThan(40 * MB);

    const download = detail.steps.find((step) => step.nodeName === 'Download')!;
    const item = (download.output.value as { main: Array<{ json: Record<string, unknown>; binary: { data: { file: string; fileSize: number; fileName: string; mimeType: string } } }> }).main[0]!;
    expect(item.json).toEqual({ path: original, fileName: 'big.bin', mimeType: 'application/octet-stream', bytes: 50 * MB });
    expect(item.binary.data).toMatchObject({ fileSize: 50 * MB, fileName: 'big.bin', mimeType: 'application/octet-stream' });
    // The step keeps a reference; the bytes are in the payload file, not in SQLite.
    expect(download.output.bytes).toBeLessThan(2048);
    const payload = path.join(t.dataDir, 'payloads', item.binary.data.file);
    expect(sha256(payload)).toBe(sha256(original));
    // For its owner alone, like everything in the data dir.
    expect([fs.statSync(payload).mode & 0o777, fs.statSync(path.dirname(payload)).mode & 0o777]).toEqual([0o600, 0o700]);
    const upload = detail.steps.find((step) => step.nodeName === 'Upload')!;
    expect((upload.output.value as { main: Array<{ json: unknown }> }).main[0]!.json).toEqual({ path: path.join(sshd.files, 'copy.bin'), bytes: 50 * MB });
  }, 120_000);

  it('lists, renames and deletes files, and uploads text', async () => {
    const dir = path.join(sshd.files, 'tree');
    const document = chain('files', [
      manualStart(),
      ssh('upload', { path: `${dir}/a/notes.txt`, content: 'hello from a workflow\n', createDirectories: true, mode: '0640' }, 'Write'),
      ssh('rename', { from: `${dir}/a/notes.txt`, to: `${dir}/b/renamed.txt`, createDirectories: true }, 'Move'),
      ssh('list', { path: dir, recursive: true }, 'List'),
      ssh('delete', { path: `${dir}/a`, recursive: true }, 'Clean'),
      ssh('delete', { path: `${dir}/missing`, ignoreMissing: true }, 'Clean again'),
    ]);
    const detail = await runToEnd(t.host, document);
    expect(detail.status).toBe('succeeded');
    const output = (name: string) => (detail.steps.find((step) => step.nodeName === name)!.output.value as { main: Array<{ json: Record<string, unknown> }> }).main[0]!.json;
    expect(fs.readFileSync(path.join(dir, 'b', 'renamed.txt'), 'utf8')).toBe('hello from a workflow\n');
    expect(fs.statSync(path.join(dir, 'b', 'renamed.txt')).mode & 0o777).toBe(0o640);
    expect(output('List')).toMatchObject({ path: dir, count: 3, truncated: false });
    expect((output('List').entries as Array<{ path: string; type: string; size: number; mode: string }>).map(({ path: where, type, size, mode }) => [where.slice(dir.length), type, type === 'file' ? size : 0, type === 'file' ? mode : ''])).toEqual([
      ['/a', 'directory', 0, ''],
      ['/b', 'directory', 0, ''],
      ['/b/renamed.txt', 'file', 22, '0640'],
    ]);
    expect(output('Clean')).toEqual({ path: `${dir}/a`, removed: 1 });
    expect(output('Clean again')).toEqual({ path: `${dir}/missing`, removed: 0 });
    expect(fs.existsSync(path.join(dir, 'a'))).toBe(false);
  });

  it('fails with what to do: a missing file, a directory without "recursive", a rename onto an existing file', async () => {
    remoteFile('exists.txt', 'x');
    const failing = async (action: string, parameters: Record<string, unknown>) => {
      const detail = await runToEnd(t.host, chain('failing', [manualStart(), ssh(action, parameters, 'Step')]));
      expect(detail.status).toBe('failed');
      return detail.steps.at(-1)!.error!;
    };
    expect(await failing('download', { path: path.join(sshd.files, 'nope.bin') })).toMatchObject({ code: 'not_found', message: `Cannot download ${path.join(sshd.files, 'nope.bin')} on 127.0.0.1:${sshd.port}: no such file or directory.` });
    const full = path.join(sshd.files, 'full');
    fs.mkdirSync(full);
    if (process.getuid?.() === 0) fs.chownSync(full, sshd.user.uid, sshd.user.gid);
    remoteFile('full/a.txt', 'x');
    expect((await failing('delete', { path: full })).message).toBe(`${full} on 127.0.0.1:${sshd.port} is a directory with files in it: set "recursive" to delete it with everything in it.`);
    expect((await failing('rename', { from: path.join(sshd.files, 'exists.txt'), to: path.join(sshd.files, 'exists.txt') })).message).toBe(
      `${path.join(sshd.files, 'exists.txt')} already exists on 127.0.0.1:${sshd.port}: set "overwrite" to replace it.`,
    );
    expect((await failing('upload', { path: path.join(sshd.files, 'x.bin') })).message).toMatch(/^The item has no binary property "data" to upload/);
  });

  it('keeps secrets out of logs, step data and errors', async () => {
    const marker = 'echo-marker-9f2d';
    const detail = await runToEnd(t.host, chain('leaky?', [manualStart(), ssh('command', { command: `echo ${marker}; exit 4` }, 'Fails')]));
    expect(detail.status).toBe('failed');
    expect(detail.steps.at(-1)!.error!.message).toContain(marker);
    await t.host.engine.persisted();
    const secrets = [sshd.clientKey.privateKey, sshd.clientKey.privateKey.split('\n')[1]!];
    const scanned: string[] = [];
    const scan = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) scan(full);
        else {
          scanned.push(full);
          expect(leaks(fs.readFileSync(full), secrets), full).toEqual([]);
        }
      }
    };
    scan(t.dataDir);
    expect(scanned.some((file) => file.endsWith('echelon.db'))).toBe(true);
  });
});
