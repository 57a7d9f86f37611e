import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectGoogleOk, googleIdOf, googleJson } from '../../../shared/integrations/google';
import { isSuccess, type HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { PollRequest, PollResult } from '../../../shared/integrations/service-triggers';
import type { ChangesParams, CopyParams, CreateFolderParams, CreateFromTextParams, DeleteParams, DownloadParams, DriveConnection, ListParams, MoveParams, ShareParams, UploadParams } from './manifest';

type Context = ActionContext<z.output<typeof DriveConnection>>;
interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  parents?: string[];
  createdTime?: string;
  modifiedTime?: string;
  trashed?: boolean;
}
interface Change {
  fileId: string;
  removed?: boolean;
  time: string;
  file?: DriveFile;
}

const FILES = 'drive/v3/files';
const FOLDER = 'application/vnd.google-apps.folder';
const FIELDS = 'id, name, mimeType, parents, size, createdTime, modifiedTime, webViewLink, trashed';
// Shared drives are searched and written like My Drive.
const ALL_DRIVES = { supportsAllDrives: true };
const EXPORTS: Record<string, keyof z.output<typeof DownloadParams>['exportAs']> = {
  'application/vnd.google-apps.document': 'docs',
  'application/vnd.google-apps.spreadsheet': 'sheets',
  'application/vnd.google-apps.presentation': 'slides',
  'application/vnd.google-apps.drawing': 'drawings',
};

const call = <T = DriveFile>(ctx: Context, what: string, request: HttpRequest) => googleJson<T>(ctx.request, `Google Drive ${what}`, request);
const fileUrl = (id: string) => `${FILES}/${encodeURIComponent(googleIdOf(id))}`;
const folderOf = (id: string) => (id === 'root' ? 'root' : googleIdOf(id));
const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const jsonOrText = (bytes: Uint8Array): unknown => {
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** A multipart/related upload: the metadata as JSON, then the bytes, as Drive's `uploadType=multipart` takes them. */
function uploadBody(metadata: Record<string, unknown>, bytes: Buffer, mimeType: string): HttpRequest['body'] {
  const boundary = `echelon-${randomBytes(12).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n--${boundary}\r\nContent-Type: ${mimeType}\r\n\r\n`;
  return { type: 'bytes', value: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--`)]), contentType: `multipart/related; boundary=${boundary}` };
}

const upload = (ctx: Context, metadata: Record<string, unknown>, bytes: Buffer, mimeType: string) =>
  call(ctx, 'upload', { method: 'POST', url: `upload/${FILES}`, query: { uploadType: 'multipart', fields: FIELDS, ...ALL_DRIVES }, body: uploadBody(metadata, bytes, mimeType) });

async function listFiles(ctx: Context, q: string, limit: number): Promise<DriveFile[]> {
  const files: DriveFile[] = [];
  let pageToken: string | undefined;
  do {
    const page = await call<{ files: DriveFile[]; nextPageToken?: string }>(ctx, 'files.list', {
      url: FILES,
      query: { q, pageSize: Math.min(1000, limit - files.length), fields: `nextPageToken, files(${FIELDS})`, includeItemsFromAllDrives: true, ...ALL_DRIVES, ...(pageToken ? { pageToken } : {}) },
    });
    files.push(...page.files);
    pageToken = page.nextPageToken;
  } while (pageToken && files.length < limit);
  return files.slice(0, limit);
}

/** Whether a change is the event the trigger waits for, created meaning born after the previous check. */
function matches(params: z.output<typeof ChangesParams>, change: Change, since: string): boolean {
  const file = change.file;
  if (change.removed || !file || file.trashed) return false;
  if (params.fileId && file.id !== googleIdOf(params.fileId)) return false;
  if (params.folderId && !(file.parents ?? []).includes(folderOf(params.folderId))) return false;
  if (params.mimeType && file.mimeType !== params.mimeType) return false;
  const isFolder = file.mimeType === FOLDER;
  const created = (file.createdTime ?? '') > since;
  switch (params.event) {
    case 'fileCreated':
      return !isFolder && created;
    case 'fileUpdated':
      return !isFolder && !created;
    case 'folderCreated':
      return isFolder && created;
    case 'folderUpdated':
      return isFolder && !created;
    default:
      return true;
  }
}

export default defineIntegrationCode({
  actions: {
    async list(params: z.output<typeof ListParams>, ctx: Context) {
      const terms = [params.includeTrashed ? '' : 'trashed = false'];
      if (params.folderId) terms.push(`${quoted(folderOf(params.folderId))} in parents`);
      if (params.name) terms.push(`name contains ${quoted(params.name)}`);
      if (params.whatToSearch === 'files') terms.push(`mimeType != '${FOLDER}'`);
      if (params.whatToSearch === 'folders') terms.push(`mimeType = '${FOLDER}'`);
      if (params.query) terms.push(`(${params.query})`);
      return listFiles(ctx, terms.filter(Boolean).join(' and '), params.limit);
    },
    async upload(params: z.output<typeof UploadParams>, ctx: Context) {
      const ref = ctx.files?.input(params.binaryProperty);
      if (!ref || !ctx.files) throw new EchelonError('invalid_input', `The item has no binary data "${params.binaryProperty}" to upload.`, { path: 'params.binaryProperty' });
      const bytes = await fs.promises.readFile(ctx.files.localPath(ref));
      return upload(ctx, { name: params.name || ref.fileName || params.binaryProperty, mimeType: ref.mimeType, parents: [folderOf(params.folderId)] }, bytes, ref.mimeType);
    },
    async createFromText(params: z.output<typeof CreateFromTextParams>, ctx: Context) {
      const metadata = { name: params.name, parents: [folderOf(params.folderId)], ...(params.convertToGoogleDocument ? { mimeType: 'application/vnd.google-apps.document' } : { mimeType: 'text/plain' }) };
      return upload(ctx, metadata, Buffer.from(params.content, 'utf8'), 'text/plain; charset=UTF-8');
    },
    async download(params: z.output<typeof DownloadParams>, ctx: Context) {
      if (!ctx.files) throw new EchelonError('invalid_input', 'Downloading a file gives binary data: run it in a workflow.');
      const file = await call(ctx, 'files.get', { url: fileUrl(params.fileId), query: { fields: FIELDS, ...ALL_DRIVES } });
      const exportKind = EXPORTS[file.mimeType];
      const mimeType = exportKind ? params.exportAs[exportKind] : file.mimeType;
      const response = await ctx.request(
        exportKind ? { url: `${fileUrl(file.id)}/export`, query: { mimeType }, responseType: 'bytes' } : { url: fileUrl(file.id), query: { alt: 'media', ...ALL_DRIVES }, responseType: 'bytes', maxResponseBytes: 1024 * 1024 * 1024 },
      );
      if (!isSuccess(response)) expectGoogleOk({ ...response, body: jsonOrText(response.body as Uint8Array) }, 'Google Drive download');
      const target = ctx.files.create(params.binaryProperty, { mimeType, fileName: params.fileName || file.name });
      await fs.promises.writeFile(target.path, response.body as Uint8Array);
      target.done();
      return file;
    },
    async delete(params: z.output<typeof DeleteParams>, ctx: Context) {
      const id = googleIdOf(params.fileId);
      if (params.permanently) await call(ctx, 'files.delete', { method: 'DELETE', url: fileUrl(id), query: ALL_DRIVES });
      else await call(ctx, 'files.update', { method: 'PATCH', url: fileUrl(id), query: ALL_DRIVES, body: { type: 'json', value: { trashed: true } } });
      return { id, deleted: true, permanently: params.permanently };
    },
    async createFolder(params: z.output<typeof CreateFolderParams>, ctx: Context) {
      return call(ctx, 'files.create', { method: 'POST', url: FILES, query: { fields: FIELDS, ...ALL_DRIVES }, body: { type: 'json', value: { name: params.name, mimeType: FOLDER, parents: [folderOf(params.parentId)] } } });
    },
    async move(params: z.output<typeof MoveParams>, ctx: Context) {
      const file = await call(ctx, 'files.get', { url: fileUrl(params.fileId), query: { fields: 'id, parents', ...ALL_DRIVES } });
      return call(ctx, 'files.update', {
        method: 'PATCH',
        url: fileUrl(file.id),
        query: { addParents: folderOf(params.folderId), removeParents: (file.parents ?? []).join(','), fields: FIELDS, ...ALL_DRIVES },
        body: { type: 'json', value: {} },
      });
    },
    async copy(params: z.output<typeof CopyParams>, ctx: Context) {
      const metadata = { ...(params.name ? { name: params.name } : {}), ...(params.folderId ? { parents: [folderOf(params.folderId)] } : {}) };
      return call(ctx, 'files.copy', { method: 'POST', url: `${fileUrl(params.fileId)}/copy`, query: { fields: FIELDS, ...ALL_DRIVES }, body: { type: 'json', value: metadata } });
    },
    async share(params: z.output<typeof ShareParams>, ctx: Context) {
      if ((params.type === 'user' || params.type === 'group') && !params.emailAddress) throw new EchelonError('invalid_input', `Sharing with a ${params.type} needs its email address.`, { path: 'params.emailAddress' });
      if (params.type === 'domain' && !params.domain) throw new EchelonError('invalid_input', 'Sharing with a domain needs the domain.', { path: 'params.domain' });
      const permission = { role: params.role, type: params.type, ...(params.emailAddress ? { emailAddress: params.emailAddress } : {}), ...(params.domain ? { domain: params.domain } : {}) };
      const query = { sendNotificationEmail: params.sendNotificationEmail, ...(params.emailMessage ? { emailMessage: params.emailMessage } : {}), ...(params.role === 'owner' ? { transferOwnership: true } : {}), ...ALL_DRIVES };
      return call(ctx, 'permissions.create', { method: 'POST', url: `${fileUrl(params.fileId)}/permissions`, query, body: { type: 'json', value: permission } });
    },
    async about(_params: Record<string, never>, ctx: Context) {
      return call(ctx, 'about', { url: 'drive/v3/about', query: { fields: 'user, storageQuota' } });
    },
  },
  triggers: {
    changes: {
      /**
       * Drive's changes feed from the page token of the last check: each changed file once, as it
       * is now. The first check only takes a start token; a sample is the most recent match.
       */
      async poll(params: z.output<typeof ChangesParams>, ctx: Context, request: PollRequest): Promise<PollResult> {
        const cursor = request.cursor as { pageToken: string; since: string } | undefined;
        if (request.sample) {
          const terms = ['trashed = false', params.folderId ? `${quoted(folderOf(params.folderId))} in parents` : '', params.mimeType ? `mimeType = ${quoted(params.mimeType)}` : ''].filter(Boolean);
          const files = await call<{ files: DriveFile[] }>(ctx, 'files.list', { url: FILES, query: { q: terms.join(' and '), orderBy: 'modifiedTime desc', pageSize: 1, fields: `files(${FIELDS})`, includeItemsFromAllDrives: true, ...ALL_DRIVES } });
          return { items: files.files as unknown as Record<string, unknown>[], cursor: request.cursor };
        }
        const now = new Date().toISOString();
        if (!cursor) {
          const start = await call<{ startPageToken: string }>(ctx, 'changes.getStartPageToken', { url: 'drive/v3/changes/startPageToken', query: ALL_DRIVES });
          return { items: [], cursor: { pageToken: start.startPageToken, since: now } };
        }
        const changes: Change[] = [];
        let pageToken = cursor.pageToken;
        for (;;) {
          const page = await call<{ changes: Change[]; nextPageToken?: string; newStartPageToken?: string }>(ctx, 'changes.list', {
            url: 'drive/v3/changes',
            query: { pageToken, pageSize: 1000, fields: `nextPageToken, newStartPageToken, changes(fileId, removed, time, file(${FIELDS}))`, includeItemsFromAllDrives: true, ...ALL_DRIVES },
          });
          changes.push(...page.changes);
          if (!page.nextPageToken) {
            pageToken = page.newStartPageToken ?? pageToken;
            break;
          }
          pageToken = page.nextPageToken;
        }
        // The feed lists a file once, at its latest change: keep that one.
        const latest = new Map(changes.map((change) => [change.fileId, change]));
        const items = [...latest.values()].filter((change) => matches(params, change, cursor.since)).map((change) => change.file as unknown as Record<string, unknown>);
        return { items, cursor: { pageToken, since: now } };
      },
    },
  },
});
