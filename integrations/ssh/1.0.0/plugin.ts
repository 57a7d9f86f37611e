import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import posix from 'node:path/posix';
import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import type { ActionFiles } from '../../../shared/integrations/action-files';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { CommandResult, RemoteEntry, SftpSession, SshConnectionConfig, SshSession, SshSessionOptions } from '../../../shared/integrations/ssh';
import type { CommandParameters, DeleteParameters, DownloadParameters, ListParameters, RenameParameters, UploadParameters } from './manifest';

type Context = ActionContext<SshConnectionConfig>;

const MIME_TYPES: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  yaml: 'application/yaml',
  yml: 'application/yaml',
};

const mimeTypeOf = (name: string) => MIME_TYPES[posix.extname(name).slice(1).toLowerCase()] ?? 'application/octet-stream';

function session(ctx: Context, options?: SshSessionOptions): Promise<SshSession> {
  if (!ctx.ssh) throw new EchelonError('unavailable', 'SSH is not available here.');
  return ctx.ssh(options);
}

async function sftp(ctx: Context): Promise<SftpSession> {
  return (await session(ctx)).sftp();
}

function workflowFiles(ctx: Context, action: string): ActionFiles {
  if (!ctx.files) throw new EchelonError('invalid_input', `${action} reads or writes the binary data of a workflow item: run it in a workflow.`);
  return ctx.files;
}

function lastLines(text: string, count: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-count).join(' / ').slice(-500);
}

function commandOutput(result: CommandResult) {
  const output = { code: result.code, signal: result.signal, stdout: result.stdout, stderr: result.stderr, durationMs: result.durationMs };
  return result.truncated ? { ...output, truncated: true, stdoutBytes: result.stdoutBytes, stderrBytes: result.stderrBytes } : output;
}

/** A local file to upload: the item's payload file, or the text written to a temporary one. */
async function uploadSource(params: z.output<typeof UploadParameters>, ctx: Context): Promise<{ localPath: string; fileName?: string; cleanup(): void }> {
  if (params.content !== undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-upload-'));
    const localPath = path.join(dir, 'content');
    fs.writeFileSync(localPath, params.content, { mode: 0o600 });
    return { localPath, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const files = workflowFiles(ctx, 'SFTP: upload (without a text to upload)');
  const ref = files.input(params.binaryProperty);
  if (!ref) throw new EchelonError('invalid_input', `The item has no binary property "${params.binaryProperty}" to upload: download or create the file in an earlier step, or set the text to upload.`, { path: 'binaryProperty' });
  return { localPath: files.localPath(ref), fileName: ref.fileName, cleanup: () => {} };
}

async function listTree(files: SftpSession, root: string, recursive: boolean, max: number): Promise<{ entries: RemoteEntry[]; truncated: boolean }> {
  const entries: RemoteEntry[] = [];
  const pending = [root];
  while (pending.length > 0) {
    for (const entry of await files.list(pending.shift()!)) {
      if (entries.length >= max) return { entries, truncated: true };
      entries.push(entry);
      if (recursive && entry.type === 'directory') pending.push(entry.path);
    }
  }
  return { entries, truncated: false };
}

export default defineIntegrationCode({
  actions: {
    async command(params: z.output<typeof CommandParameters>, ctx: Context) {
      const ssh = await session(ctx);
      const result = await ssh.exec(params.command, {
        cwd: params.cwd,
        stdin: params.stdin,
        timeoutMs: params.timeoutSeconds * 1000,
        maxOutputBytes: params.maxOutputKiB * 1024,
        signal: ctx.signal,
      });
      if (params.failOnNonZeroExit && result.code !== 0) {
        const how = result.code === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with code ${result.code}`;
        const said = lastLines(result.stderr || result.stdout, 3);
        throw new EchelonError('unavailable', `The command ${how} on ${ssh.address}${said ? `: ${said}` : ''}. Turn off "Fail on a non-zero exit code" to go on with its output.`);
      }
      return commandOutput(result);
    },

    async upload(params: z.output<typeof UploadParameters>, ctx: Context) {
      const source = await uploadSource(params, ctx);
      try {
        const target = params.path.endsWith('/') ? `${params.path}${source.fileName ?? 'upload'}` : params.path;
        const { bytes } = await (await sftp(ctx)).upload(source.localPath, target, { signal: ctx.signal, createDirectories: params.createDirectories, mode: params.mode });
        return { path: target, bytes };
      } finally {
        source.cleanup();
      }
    },

    async download(params: z.output<typeof DownloadParameters>, ctx: Context) {
      const files = workflowFiles(ctx, 'SFTP: download');
      const fileName = posix.basename(params.path);
      const mimeType = mimeTypeOf(fileName);
      const target = files.create(params.binaryProperty, { mimeType, fileName });
      const { bytes } = await (await sftp(ctx)).download(params.path, target.path, { signal: ctx.signal });
      target.done();
      return { path: params.path, fileName, mimeType, bytes };
    },

    async list(params: z.output<typeof ListParameters>, ctx: Context) {
      const { entries, truncated } = await listTree(await sftp(ctx), params.path, params.recursive, params.maxEntries);
      return { path: params.path, count: entries.length, truncated, entries };
    },

    async delete(params: z.output<typeof DeleteParameters>, ctx: Context) {
      try {
        const { removed } = await (await sftp(ctx)).remove(params.path, { recursive: params.recursive });
        return { path: params.path, removed };
      } catch (error) {
        if (params.ignoreMissing && error instanceof EchelonError && error.code === 'not_found') return { path: params.path, removed: 0 };
        throw error;
      }
    },

    async rename(params: z.output<typeof RenameParameters>, ctx: Context) {
      await (await sftp(ctx)).rename(params.from, params.to, { overwrite: params.overwrite, createDirectories: params.createDirectories });
      return { from: params.from, to: params.to };
    },

    /** Connection tests log in afresh rather than reuse a pooled link, so they prove the credentials work now. */
    async ping(_params: Record<string, never>, ctx: Context) {
      const ssh = await session(ctx, { fresh: true });
      const result = await ssh.exec('true', { timeoutMs: 15_000, maxOutputBytes: 4096, signal: ctx.signal });
      if (result.code !== 0) throw new EchelonError('unavailable', `Logged in to ${ssh.address}, but \`true\` exited with code ${result.code}: ${lastLines(result.stderr, 2) || 'check the login shell of the user'}.`);
      return { host: ssh.host, port: ssh.port, durationMs: result.durationMs };
    },
  },
});
