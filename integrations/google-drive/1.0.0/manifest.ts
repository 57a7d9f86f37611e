import { z } from 'zod';
import { googleAuth } from '../../../shared/integrations/google';
import { definePlugin } from '../../../shared/integrations/manifest';
import { DEFAULT_POLL, PollSchedule } from '../../../shared/integrations/service-triggers';

export const DriveConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'API URL' }).default('https://www.googleapis.com'),
});

const FileId = z.string().trim().min(1).meta({ description: 'The file ID, or its Drive URL.' });
const FolderId = z.string().trim().min(1).default('root').meta({ description: 'The folder ID or URL ("root" for My Drive).' });
const BinaryProperty = z.string().min(1).default('data').meta({ description: 'The item\'s binary property holding the file.' });

export const ListParams = z.object({
  folderId: z.string().trim().optional().meta({ description: 'Only in this folder (ID or URL).' }),
  name: z.string().optional().meta({ description: 'Names containing this text.' }),
  query: z.string().optional().meta({ description: 'A Drive search, e.g. "mimeType = \'application/pdf\' and modifiedTime > \'2024-01-01\'".' }),
  whatToSearch: z.enum(['all', 'files', 'folders']).default('all'),
  includeTrashed: z.boolean().default(false),
  limit: z.number().int().min(1).max(10_000).default(50),
});
export const UploadParams = z.object({
  binaryProperty: BinaryProperty,
  name: z.string().optional().meta({ description: 'The file\'s name in Drive (the binary data\'s name when empty).' }),
  folderId: FolderId,
});
export const CreateFromTextParams = z.object({
  name: z.string().min(1),
  content: z.string().default('').meta({ 'x-multiline': true }),
  folderId: FolderId,
  convertToGoogleDocument: z.boolean().default(false).meta({ description: 'A Google Doc rather than a text file.' }),
});
export const DownloadParams = z.object({
  fileId: FileId,
  binaryProperty: BinaryProperty,
  fileName: z.string().optional().meta({ description: 'Overrides the downloaded file\'s name.' }),
  exportAs: z
    .object({
      docs: z.string().default('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
      sheets: z.string().default('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
      slides: z.string().default('application/vnd.openxmlformats-officedocument.presentationml.presentation'),
      drawings: z.string().default('image/jpeg'),
    })
    .default({
      docs: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      sheets: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      slides: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      drawings: 'image/jpeg',
    })
    .meta({ description: 'Google Docs, Sheets, Slides and Drawings have no bytes of their own: they are exported as these types.' }),
});
export const DeleteParams = z.object({ fileId: FileId, permanently: z.boolean().default(false).meta({ description: 'Delete for good rather than move to the trash.' }) });
export const CreateFolderParams = z.object({ name: z.string().min(1), parentId: FolderId });
export const MoveParams = z.object({ fileId: FileId, folderId: FolderId });
export const CopyParams = z.object({ fileId: FileId, name: z.string().optional(), folderId: z.string().trim().optional().meta({ description: 'The copy\'s folder (the original\'s when empty).' }) });
export const ShareParams = z.object({
  fileId: FileId,
  role: z.enum(['owner', 'organizer', 'fileOrganizer', 'writer', 'commenter', 'reader']).default('reader'),
  type: z.enum(['user', 'group', 'domain', 'anyone']).default('user'),
  emailAddress: z.string().optional(),
  domain: z.string().optional(),
  sendNotificationEmail: z.boolean().default(true),
  emailMessage: z.string().optional(),
});
export const ChangesParams = z.object({
  event: z.enum(['fileCreated', 'fileUpdated', 'folderCreated', 'folderUpdated', 'anyChange']).default('fileCreated'),
  folderId: z.string().trim().optional().meta({ description: 'Only in this folder (ID or URL); anywhere when empty.' }),
  fileId: z.string().trim().optional().meta({ description: 'Only this file (ID or URL).' }),
  mimeType: z.string().optional().meta({ description: 'Only files of this type, e.g. application/pdf.' }),
  poll: PollSchedule.default(DEFAULT_POLL),
});

export default definePlugin({
  id: 'google-drive',
  name: 'Google Drive',
  version: '1.0.0',
  description: 'List, upload, download, copy, move, share and delete files and folders, and start workflows when files change.',
  category: 'Productivity',
  icon: 'hard-drive',
  type: 'api',
  auth: googleAuth(['https://www.googleapis.com/auth/drive']),
  connection: DriveConnection,
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  healthCheck: { action: 'about' },
  actions: [
    { id: 'list', name: 'Search files and folders', description: 'Files and folders by folder, name or a Drive query, one item each.', parameters: ListParams, sideEffects: false, output: 'items' },
    { id: 'upload', name: 'Upload a file', description: 'The item\'s binary data as a new file.', parameters: UploadParams, recovery: 'wait' },
    { id: 'createFromText', name: 'Create a file from text', description: 'A text file, or a Google Doc, with the given content.', parameters: CreateFromTextParams, recovery: 'wait' },
    { id: 'download', name: 'Download a file', description: 'A file as binary data (Google files exported).', parameters: DownloadParams, sideEffects: false },
    { id: 'delete', name: 'Delete a file or folder', description: 'To the trash, or for good.', parameters: DeleteParams },
    { id: 'createFolder', name: 'Create a folder', description: 'A folder in the given parent.', parameters: CreateFolderParams, recovery: 'wait' },
    { id: 'move', name: 'Move a file', description: 'Into another folder.', parameters: MoveParams },
    { id: 'copy', name: 'Copy a file', description: 'A copy, optionally renamed or in another folder.', parameters: CopyParams, recovery: 'wait' },
    { id: 'share', name: 'Share a file', description: 'Gives a person, group, domain or anyone a role on it.', parameters: ShareParams },
    { id: 'about', name: 'Check the account', description: 'The signed-in user and storage quota.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [{ id: 'changes', name: 'On file changes', description: 'Files and folders created or changed since the last check (Drive\'s changes feed), oldest first.', parameters: ChangesParams }],
});
