import { type Mapper, type Params, action, list, locator, obj, pollSchedule, str, version } from './common';

/** n8n's Google Drive node (v1–v3) and its trigger as the google-drive integration. */

const FOLDER = 'application/vnd.google-apps.folder';

/** A folder locator as the integration takes it: an ID, a URL, or "root" (n8n's "My Drive" root). */
const folder = (value: Params[string] | undefined, fallback = 'root') => locator(value).value || fallback;

/** n8n's v1/v2 query filters (name is/contains, mime types) as a Drive query. */
function legacyQuery(params: Params): string {
  if (params.useQueryString === true) return str(params.queryString);
  const filters = obj(params.queryFilters);
  const quote = (text: string) => `'${text.replace(/'/g, "\\'")}'`;
  const nameTerms = list(filters.name).map((entry) => obj(entry)).map((entry) => (str(entry.operation, 'contains') === 'is' ? `name = ${quote(str(entry.value))}` : `name contains ${quote(str(entry.value))}`));
  const types = list(filters.mimeType).map((entry) => str(obj(entry).mimeType === 'custom' ? obj(entry).customMimeType : obj(entry).mimeType));
  const typeTerm = types.length > 0 ? `(${types.map((type) => `mimeType = ${quote(type)}`).join(' or ')})` : '';
  return [...nameTerms, typeTerm].filter(Boolean).join(' and ');
}

/** n8n's export formats for Google files (`googleFileConversion`) as the integration's `exportAs`. */
function exportAs(options: Params): Params | undefined {
  const conversion = obj(obj(options.googleFileConversion).conversion);
  const formats: Params = {};
  for (const [key, kind] of [['docsToFormat', 'docs'], ['sheetsToFormat', 'sheets'], ['slidesToFormat', 'slides'], ['drawingsToFormat', 'drawings']] as const) if (conversion[key]) formats[kind] = str(conversion[key]);
  return Object.keys(formats).length > 0 ? formats : undefined;
}

export const googleDrive: Mapper = (node, params, ctx) => {
  const v3 = version(node) >= 3;
  const resource = str(params.resource, 'file');
  const options = obj(params.options);
  const drive = (actionId: string, parameters: Params) => action(node, ctx, 'google-drive', 'Google Drive', actionId, parameters);
  if (resource === 'fileFolder' || (!v3 && str(params.operation) === 'list')) {
    const filter = obj(params.filter);
    const query: Params = v3 ? (str(params.searchMethod, 'name') === 'query' ? { query: str(params.queryString) } : params.queryString ? { name: str(params.queryString) } : {}) : { query: legacyQuery(params) };
    const what = str(filter.whatToSearch, 'all');
    const folderId = locator(filter.folderId).value;
    return drive('list', {
      ...query,
      ...(folderId && folderId !== 'root' ? { folderId } : {}),
      whatToSearch: what === 'files' || what === 'folders' ? what : 'all',
      includeTrashed: filter.includeTrashed === true,
      limit: params.returnAll === true ? 10_000 : Number(params.limit ?? options.limit ?? 50),
    });
  }
  if (resource === 'folder') {
    const operation = str(params.operation, 'create');
    const folderId = locator(params.folderNoRootId).value;
    if (operation === 'create') return drive('createFolder', { name: str(params.name), parentId: folder(params.folderId) });
    if (operation === 'deleteFolder') return drive('delete', { fileId: folderId, permanently: options.deletePermanently === true });
    if (operation === 'share') return share(params, folderId, drive);
    return undefined;
  }
  if (resource !== 'file') return undefined;
  const operation = str(params.operation, 'upload');
  const fileId = locator(params.fileId).value;
  switch (operation) {
    case 'upload':
      if (!v3 && params.binaryData !== true) return drive('createFromText', { name: str(params.name), content: str(params.fileContent), folderId: str(list(params.parents)[0], 'root') });
      return drive('upload', {
        binaryProperty: str(v3 ? params.inputDataFieldName : params.binaryPropertyName, 'data'),
        ...(params.name ? { name: str(params.name) } : {}),
        folderId: v3 ? folder(params.folderId) : str(list(params.parents)[0], 'root'),
      });
    case 'createFromText':
      return drive('createFromText', { name: str(params.name), content: str(params.content), folderId: folder(params.folderId), convertToGoogleDocument: options.convertToGoogleDocument === true });
    case 'download': {
      const formats = exportAs(options);
      return drive('download', {
        fileId,
        binaryProperty: str(v3 ? options.binaryPropertyName : params.binaryPropertyName, 'data'),
        ...(options.fileName ? { fileName: str(options.fileName) } : {}),
        ...(formats ? { exportAs: formats } : {}),
      });
    }
    case 'deleteFile':
    case 'delete':
      return drive('delete', { fileId, permanently: options.deletePermanently === true });
    case 'move':
      return drive('move', { fileId, folderId: folder(params.folderId) });
    case 'copy':
      return drive('copy', { fileId, ...(params.name ? { name: str(params.name) } : {}), ...(params.sameFolder === false ? { folderId: folder(params.folderId) } : {}) });
    case 'share':
      return share(params, fileId, drive);
    default:
      return undefined;
  }
};

function share(params: Params, fileId: string, drive: (actionId: string, parameters: Params) => ReturnType<Mapper>) {
  const permission = obj(obj(params.permissionsUi).permissionsValues);
  const options = obj(params.options);
  return drive('share', {
    fileId,
    role: str(permission.role, 'reader'),
    type: str(permission.type, 'user'),
    ...(permission.emailAddress ? { emailAddress: str(permission.emailAddress) } : {}),
    ...(permission.domain ? { domain: str(permission.domain) } : {}),
    ...(options.sendNotificationEmail === false ? { sendNotificationEmail: false } : {}),
    ...(options.emailMessage ? { emailMessage: str(options.emailMessage) } : {}),
  });
}

export const googleDriveTrigger: Mapper = (node, params, ctx) => {
  const triggerOn = str(params.triggerOn, 'specificFolder');
  const event = str(params.event, triggerOn === 'specificFile' ? 'fileUpdated' : 'fileCreated');
  const fileType = str(obj(params.options).fileType, 'all');
  return action(node, ctx, 'google-drive', 'Google Drive', 'changes', {
    // n8n's "watch folder updated" is any change in the folder.
    event: triggerOn === 'specificFile' ? 'fileUpdated' : event === 'watchFolderUpdated' ? 'anyChange' : event,
    ...(triggerOn === 'specificFolder' ? { folderId: locator(params.folderToWatch).value } : {}),
    ...(triggerOn === 'specificFile' ? { fileId: locator(params.fileToWatch).value } : {}),
    ...(fileType !== 'all' && fileType !== FOLDER ? { mimeType: fileType } : {}),
    poll: pollSchedule(params),
  });
};
