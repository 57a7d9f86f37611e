import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { SshConnectionConfig } from '../../../shared/integrations/ssh';

const RemotePath = (title: string, description?: string) => z.string().trim().min(1, `${title} is required`).max(4096).meta({ title, description });
const BinaryProperty = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Letters, digits and "_".')
  .default('data')
  .meta({ title: 'Binary property', description: 'The item\'s binary data to use (n8n calls it "binary property").' });

export const CommandParameters = z.object({
  command: z.string().min(1, 'The command is empty.').max(100_000).meta({ title: 'Command', description: 'Run by the login shell of the user, as `ssh host \'command\'` would.', 'x-multiline': true }),
  cwd: z.string().trim().max(4096).optional().meta({ title: 'Working directory', description: 'Default: the user\'s home. `~/` works.' }),
  stdin: z.string().max(10_000_000).optional().meta({ title: 'Standard input', description: 'Sent to the command, then closed.', 'x-multiline': true }),
  failOnNonZeroExit: z.boolean().default(true).meta({ title: 'Fail on a non-zero exit code', description: 'Off: the step succeeds and `code` tells how the command ended.' }),
  timeoutSeconds: z.number().int().min(1).max(86_400).default(300).meta({ title: 'Timeout (s)', description: 'Past it, every process the command started on the server is killed.' }),
  maxOutputKiB: z.number().int().min(1).max(65_536).default(1024).meta({ title: 'Output kept (KiB)', description: 'Per stream; the rest is counted, not kept.' }),
});

export const UploadParameters = z.object({
  path: RemotePath('Remote path', 'The file to write; ending in "/", the input file keeps its name in that directory.'),
  binaryProperty: BinaryProperty,
  content: z.string().max(10_000_000).optional().meta({ title: 'Text to upload', description: 'Uploads this text instead of the item\'s binary data.', 'x-multiline': true }),
  createDirectories: z.boolean().default(false).meta({ title: 'Create missing directories' }),
  mode: z
    .string()
    .regex(/^0?[0-7]{3,4}$/, 'Octal permissions, such as 0644.')
    .optional()
    .meta({ title: 'Permissions', description: 'Octal, such as 0600.' }),
});

export const DownloadParameters = z.object({
  path: RemotePath('Remote path'),
  binaryProperty: BinaryProperty,
});

export const ListParameters = z.object({
  path: RemotePath('Remote directory').default('.'),
  recursive: z.boolean().default(false).meta({ title: 'Include subdirectories' }),
  maxEntries: z.number().int().min(1).max(100_000).default(10_000).meta({ title: 'At most this many entries' }),
});

export const DeleteParameters = z.object({
  path: RemotePath('Remote path'),
  recursive: z.boolean().default(false).meta({ title: 'Delete a directory with everything in it' }),
  ignoreMissing: z.boolean().default(false).meta({ title: 'Succeed when it does not exist' }),
});

export const RenameParameters = z.object({
  from: RemotePath('From'),
  to: RemotePath('To'),
  overwrite: z.boolean().default(false).meta({ title: 'Replace an existing target' }),
  createDirectories: z.boolean().default(false).meta({ title: 'Create missing directories' }),
});

export default definePlugin({
  id: 'ssh',
  name: 'SSH & SFTP',
  version: '1.0.0',
  description: 'Run commands and move files on your servers over SSH, with keys from the vault and host keys you confirmed.',
  category: 'Infrastructure',
  icon: 'terminal',
  type: 'api',
  auth: [{ type: 'ssh_key' }, { type: 'basic' }],
  connection: SshConnectionConfig,
  healthCheck: { action: 'ping' },
  actions: [
    {
      id: 'command',
      name: 'SSH: run command',
      description: 'Runs a command on the server: its stdout, stderr and exit code; a non-zero exit fails the step unless told otherwise.',
      parameters: CommandParameters,
      // A command interrupted by a crash may have done part of its work: a person decides.
      recovery: 'fail',
    },
    { id: 'upload', name: 'SFTP: upload', description: 'Writes the item\'s binary data (or a text) to a file on the server, streamed.', parameters: UploadParameters, recovery: 'retry' },
    { id: 'download', name: 'SFTP: download', description: 'Reads a file from the server into the item\'s binary data, streamed.', parameters: DownloadParameters, sideEffects: false },
    { id: 'list', name: 'SFTP: list', description: 'Lists a directory on the server: names, types, sizes, dates and permissions.', parameters: ListParameters, sideEffects: false },
    { id: 'delete', name: 'SFTP: delete', description: 'Deletes a file, or a directory with everything in it.', parameters: DeleteParameters, recovery: 'retry' },
    { id: 'rename', name: 'SFTP: rename', description: 'Renames or moves a file or directory on the server.', parameters: RenameParameters, recovery: 'fail' },
    { id: 'ping', name: 'Test connection', description: 'Connects, logs in and runs `true`.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});
