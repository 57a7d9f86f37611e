import type { JsonValue } from '../../../../../shared/workflow/document';
import type { N8nNode } from './import-n8n';
import type { MappedNode } from './map-nodes';

/**
 * n8n's SSH node and the SFTP mode of its FTP node, mapped onto the SSH & SFTP integration's
 * nodes. n8n keeps the server in a credential; Echelon keeps it in a connection, which the
 * person chooses on the node after import (a note says which credential it replaces).
 */

type Params = Record<string, JsonValue>;
type Mapper = (node: N8nNode, params: Params, ctx: { notes: string[] }) => MappedNode | undefined;

const VERSION = '1.0.0';
const text = (value: JsonValue | undefined, fallback = ''): string => (typeof value === 'string' ? value : value === undefined || value === null ? fallback : String(value));
const options = (params: Params): Params => (params.options !== null && typeof params.options === 'object' && !Array.isArray(params.options) ? (params.options as Params) : {});

function mapped(action: string, parameters: Params): MappedNode {
  return { type: `ssh.${action}`, version: VERSION, parameters, outputs: ['main'] };
}

function connectionNote(node: N8nNode, ctx: { notes: string[] }): void {
  const credential = Object.values(node.credentials ?? {})[0];
  const was = credential ? ` (it used the n8n credential "${credential.name ?? credential.id}")` : '';
  ctx.notes.push(`"${node.name}" runs on an SSH server${was}: create an SSH & SFTP connection in Integrations and choose it on the node.`);
}

/** n8n uploads into a directory, naming the file after the binary data unless told otherwise. */
function uploadPath(directory: string, fileName: string): string {
  const dir = directory.endsWith('/') ? directory : `${directory}/`;
  return fileName ? `${dir}${fileName}` : dir;
}

const ssh: Mapper = (node, params, ctx) => {
  const resource = text(params.resource, 'command');
  const operation = text(params.operation, resource === 'command' ? 'execute' : 'upload');
  let result: MappedNode | undefined;
  if (resource === 'command' && operation === 'execute') {
    // n8n's SSH node returns the exit code instead of failing on it.
    result = mapped('command', { command: text(params.command), cwd: text(params.cwd, '/'), failOnNonZeroExit: false });
  } else if (resource === 'file' && operation === 'upload') {
    result = mapped('upload', { path: uploadPath(text(params.path), text(options(params).fileName)), binaryProperty: text(params.binaryPropertyName, 'data') });
  } else if (resource === 'file' && operation === 'download') {
    result = mapped('download', { path: text(params.path), binaryProperty: text(params.binaryPropertyName, 'data') });
  }
  if (result) connectionNote(node, ctx);
  return result;
};

const ftp: Mapper = (node, params, ctx) => {
  if (text(params.protocol, 'ftp') !== 'sftp') {
    ctx.notes.push(`"${node.name}" speaks plain FTP; Echelon moves files over SFTP only.`);
    return undefined;
  }
  const extra = options(params);
  let result: MappedNode | undefined;
  switch (text(params.operation, 'download')) {
    case 'download':
      result = mapped('download', { path: text(params.path), binaryProperty: text(params.binaryPropertyName, 'data') });
      break;
    case 'upload': {
      const parameters: Params = { path: text(params.path), createDirectories: true };
      if (params.binaryData === false) parameters.content = text(params.fileContent);
      else parameters.binaryProperty = text(params.binaryPropertyName, 'data');
      result = mapped('upload', parameters);
      break;
    }
    case 'list':
      result = mapped('list', { path: text(params.path, '/'), recursive: params.recursive === true });
      ctx.notes.push(`"${node.name}" lists files: Echelon returns one item holding them all in "entries", where n8n returned an item per file.`);
      break;
    case 'delete':
      result = mapped('delete', { path: text(params.path), recursive: extra.folder === true && extra.recursive === true });
      break;
    case 'rename':
      result = mapped('rename', { from: text(params.oldPath), to: text(params.newPath), createDirectories: extra.createDirectories === true });
      break;
  }
  if (result) connectionNote(node, ctx);
  return result;
};

export const SSH_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.ssh': ssh,
  'n8n-nodes-base.ftp': ftp,
};
