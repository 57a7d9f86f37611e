import { obj, str, V, type MappedNode, type Mapper, type Params } from './map-helpers';

/** n8n's file nodes (Extract from File, Convert to File, Read/Write Files and their older forms) → the `files` plugin. */

const node = (action: string, parameters: Params): MappedNode => ({ type: `files.${action}`, version: V, parameters, outputs: ['main'] });
const ENCODINGS = new Set(['utf8', 'latin1', 'utf16le', 'ascii']);

const extractFromFile: Mapper = (n8n, params, ctx) => {
  const operation = str(params.operation, 'csv');
  const format = ({ csv: 'csv', fromJson: 'json', text: 'text', binaryToPropery: 'base64' } as Record<string, string>)[operation];
  if (!format) {
    ctx.notes.push(`"${n8n.name}" extracts ${operation} files, which Echelon's Extract from file does not read (CSV, JSON, text, base64): replace it with a Code step or an integration.`);
    return undefined;
  }
  const options = obj(params.options);
  const encoding = str(options.encoding, 'utf8').replace('utf-8', 'utf8');
  return node('extract', {
    format,
    binaryPropertyName: str(params.binaryPropertyName, 'data'),
    destinationKey: str(params.destinationKey, 'data'),
    delimiter: str(options.delimiter, ','),
    headerRow: options.headerRow !== false,
    fromLine: Number(options.fromLine ?? 0),
    maxRowCount: Number(options.maxRowCount ?? -1),
    encoding: ENCODINGS.has(encoding) ? encoding : 'utf8',
  });
};

const convertToFile: Mapper = (n8n, params, ctx) => {
  const operation = str(params.operation, 'csv');
  const format = ({ toBinary: 'base64', toText: 'text', toJson: 'json', csv: 'csv' } as Record<string, string>)[operation];
  if (!format) {
    ctx.notes.push(`"${n8n.name}" makes ${operation} files, which Echelon's Convert to file does not write (JSON, CSV, text, base64).`);
    return undefined;
  }
  const options = obj(params.options);
  return node('convert', {
    format,
    sourceProperty: str(params.sourceProperty, 'data'),
    binaryPropertyName: str(params.binaryPropertyName, 'data'),
    mode: str(params.mode, 'once') === 'each' ? 'each' : 'once',
    fileName: str(options.fileName),
    mimeType: str(options.mimeType),
    delimiter: str(options.delimiter, ','),
    headerRow: options.headerRow !== false,
    format_json: options.format === true,
  });
};

const readWriteFile: Mapper = (_n8n, params) => {
  if (str(params.operation, 'read') === 'write') return node('write', { fileName: str(params.fileName), binaryPropertyName: str(params.dataPropertyName, 'data'), append: obj(params.options).append === true });
  return node('read', { fileSelector: str(params.fileSelector), binaryPropertyName: str(obj(params.options).dataPropertyName, 'data') });
};

const writeBinaryFile: Mapper = (_n8n, params) => node('write', { fileName: str(params.fileName), binaryPropertyName: str(params.dataPropertyName, 'data'), append: obj(params.options).append === true });
const readBinaryFile: Mapper = (_n8n, params) => node('read', { fileSelector: str(params.filePath), binaryPropertyName: str(params.dataPropertyName, 'data') });
const readBinaryFiles: Mapper = (_n8n, params) => node('read', { fileSelector: str(params.fileSelector), binaryPropertyName: str(params.dataPropertyName, 'data') });

export const FILE_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.extractFromFile': extractFromFile,
  'n8n-nodes-base.convertToFile': convertToFile,
  'n8n-nodes-base.readWriteFile': readWriteFile,
  'n8n-nodes-base.writeBinaryFile': writeBinaryFile,
  'n8n-nodes-base.readBinaryFile': readBinaryFile,
  'n8n-nodes-base.readBinaryFiles': readBinaryFiles,
};
