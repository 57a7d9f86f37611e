import fs from 'node:fs';
import path from 'node:path/posix';
import type { Attributes, Client, SFTPWrapper, TransferOptions as SshTransferOptions } from 'ssh2';
import { EchelonError } from '../../../../shared/contract/errors';
import type { RemoteEntry, RemoteEntryType, SftpSession, TransferOptions } from '../../../../shared/integrations/ssh';

const S_IFMT = 0o170000;
const TYPES: Record<number, RemoteEntryType> = { 0o040000: 'directory', 0o100000: 'file', 0o120000: 'symlink' };
/** SFTP status codes (draft-ietf-secsh-filexfer-02). */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;
/** Parallel 32 KB requests in flight: about 2 MB of buffer per transfer, whatever the file size. */
const TRANSFER: SshTransferOptions = { concurrency: 64, chunkSize: 32_768 };

function entry(name: string, fullPath: string, attrs: Attributes): RemoteEntry {
  return {
    name,
    path: fullPath,
    type: TYPES[attrs.mode & S_IFMT] ?? 'other',
    size: attrs.size,
    modifiedAt: new Date(attrs.mtime * 1000).toISOString(),
    mode: `0${(attrs.mode & 0o7777).toString(8).padStart(3, '0')}`,
    uid: attrs.uid,
    gid: attrs.gid,
  };
}

/** An SFTP failure as an error naming the path and what to do. */
function sftpError(error: Error & { code?: unknown }, action: string, target: string, where: string): EchelonError {
  if (error instanceof EchelonError) return error;
  if (error.code === NO_SUCH_FILE) return new EchelonError('not_found', `Cannot ${action} ${target} on ${where}: no such file or directory.`, { path: 'path' });
  if (error.code === PERMISSION_DENIED) return new EchelonError('forbidden', `Cannot ${action} ${target} on ${where}: permission denied for this user.`, { path: 'path' });
  return new EchelonError('unavailable', `Cannot ${action} ${target} on ${where}: ${error.message}.`, { path: 'path' });
}

export function openSftp(client: Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => client.sftp((error, sftp) => (error ? reject(new EchelonError('unavailable', `The server refused SFTP: ${error.message}. Is its SFTP subsystem enabled?`)) : resolve(sftp))));
}

/**
 * Files over one SFTP channel. Transfers stream between a local file and the server with
 * ssh2's parallel reads and writes, so memory stays at about 2 MB per transfer.
 */
export class SftpFiles implements SftpSession {
  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly where: string,
  ) {}

  private call<T>(action: string, target: string, run: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => run((error, value) => (error ? reject(sftpError(error, action, target, this.where)) : resolve(value as T))));
  }

  private lstat(target: string): Promise<Attributes> {
    return this.call('read', target, (done) => this.sftp.lstat(target, done));
  }

  private exists(target: string): Promise<boolean> {
    return this.lstat(target).then(
      () => true,
      (error: EchelonError) => (error.code === 'not_found' ? false : Promise.reject(error)),
    );
  }

  async list(dir: string): Promise<RemoteEntry[]> {
    const entries = await this.call<Array<{ filename: string; attrs: Attributes }>>('list', dir, (done) => this.sftp.readdir(dir, done));
    return entries.map((item) => entry(item.filename, path.join(dir, item.filename), item.attrs)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async stat(target: string): Promise<RemoteEntry> {
    return entry(path.basename(target), target, await this.call('read', target, (done) => this.sftp.stat(target, done)));
  }

  async mkdir(dir: string, options: { recursive?: boolean } = {}): Promise<void> {
    if (!options.recursive) return this.call('create the directory', dir, (done) => this.sftp.mkdir(dir, done));
    const parts = dir.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (!prefix || prefix === '.' || prefix === '~') continue;
      if (!(await this.exists(prefix))) await this.call('create the directory', prefix, (done) => this.sftp.mkdir(prefix, done));
    }
  }

  async remove(target: string, options: { recursive?: boolean } = {}): Promise<{ removed: number }> {
    const attrs = await this.call<Attributes>('delete', target, (done) => this.sftp.lstat(target, done));
    if ((attrs.mode & S_IFMT) !== 0o040000) {
      await this.call('delete', target, (done) => this.sftp.unlink(target, done));
      return { removed: 1 };
    }
    if (!options.recursive) {
      // Like `rm -d`: an empty directory goes; one with something in it needs "recursive".
      await this.call('delete', target, (done) => this.sftp.rmdir(target, done)).catch((error: EchelonError) =>
        Promise.reject(error.code === 'unavailable' ? new EchelonError('invalid_input', `${target} on ${this.where} is a directory with files in it: set "recursive" to delete it with everything in it.`, { path: 'recursive' }) : error),
      );
      return { removed: 1 };
    }
    let removed = 0;
    for (const child of await this.list(target)) removed += (await this.remove(child.path, options)).removed;
    await this.call('delete', target, (done) => this.sftp.rmdir(target, done));
    return { removed: removed + 1 };
  }

  async rename(from: string, to: string, options: { overwrite?: boolean; createDirectories?: boolean } = {}): Promise<void> {
    if (options.createDirectories) await this.mkdir(path.dirname(to), { recursive: true });
    // Plain SFTP rename refuses an existing target; OpenSSH's posix-rename replaces it atomically.
    if (options.overwrite) return this.call('rename', `${from} to ${to}`, (done) => this.sftp.ext_openssh_rename(from, to, done));
    if (await this.exists(to)) throw new EchelonError('conflict', `${to} already exists on ${this.where}: set "overwrite" to replace it.`, { path: 'to' });
    return this.call('rename', `${from} to ${to}`, (done) => this.sftp.rename(from, to, done));
  }

  /** Ends the channel when the signal fires: ssh2's transfers have no cancel of their own. */
  private cancellable<T>(signal: AbortSignal | undefined, what: string, run: () => Promise<T>): Promise<T> {
    if (!signal) return run();
    if (signal.aborted) return Promise.reject(new EchelonError('cancelled', `The ${what} was cancelled.`));
    const onAbort = () => this.sftp.end();
    signal.addEventListener('abort', onAbort, { once: true });
    return run()
      .catch((error: unknown) => Promise.reject(signal.aborted ? new EchelonError('cancelled', `The ${what} was cancelled.`) : error))
      .finally(() => signal.removeEventListener('abort', onAbort));
  }

  async upload(localPath: string, remotePath: string, options: TransferOptions = {}): Promise<{ bytes: number }> {
    if (options.createDirectories) await this.mkdir(path.dirname(remotePath), { recursive: true });
    const bytes = (await fs.promises.stat(localPath)).size;
    const transfer: SshTransferOptions = { ...TRANSFER, ...(options.mode ? { mode: options.mode } : {}) };
    await this.cancellable(options.signal, `upload to ${remotePath}`, () => this.call('upload to', remotePath, (done) => this.sftp.fastPut(localPath, remotePath, transfer, done)));
    return { bytes };
  }

  async download(remotePath: string, localPath: string, options: Pick<TransferOptions, 'signal'> = {}): Promise<{ bytes: number }> {
    await this.cancellable(options.signal, `download of ${remotePath}`, () => this.call('download', remotePath, (done) => this.sftp.fastGet(remotePath, localPath, TRANSFER, done)));
    return { bytes: (await fs.promises.stat(localPath)).size };
  }
}
