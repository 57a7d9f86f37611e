import { obj, str, V, version, type MappedNode, type Mapper, type Params } from './map-helpers';

/** n8n's file nodes (Extract from File, Convert to File, Spreadsheet File, Read/Write Files and their older forms) → the `files` plugin. */

const node = (action: string, parameters: Params): MappedNode => ({ type: `files.${action}`, version: V, parameters, outputs: ['main'] });
const ENCODINGS = new Set(['utf8', 'latin1', 'utf16le', 'ascii']);

const SHEETS = new Set(['xlsx', 'xls', 'ods', 'rtf', 'html']);

/** Extract from file's settings for a spreadsheet, from n8n's options of the same names. */
const sheetOptions = (options: Params) => ({
  sheetName: str(options.sheetName),
  range: str(options.range),
  headerRow: options.headerRow !== false,
  includeEmptyCells: options.includeEmptyCells === true,
  rawData: options.rawData === true,
  readAsString: options.readAsString === true,
});

const extractFromFile: Mapper = (n8n, params, ctx) => {
  const operation = str(params.operation, 'csv');
  const options = obj(params.options);
  const binaryPropertyName = str(params.binaryPropertyName, 'data');
  if (operation === 'pdf') {
    const maxPages = options.maxPages;
    return node('extract', {
      format: 'pdf',
      binaryPropertyName,
      password: str(options.password),
      joinPages: options.joinPages !== false,
      maxPages: typeof maxPages === 'number' ? maxPages : -1,
      keepSource: ['json', 'binary', 'both'].includes(str(options.keepSource)) ? str(options.keepSource) : 'none',
    });
  }
  if (SHEETS.has(operation)) return node('extract', { format: operation, binaryPropertyName, ...sheetOptions(options) });
  const format = ({ csv: 'csv', fromJson: 'json', text: 'text', binaryToPropery: 'base64' } as Record<string, string>)[operation];
  if (!format) {
    ctx.notes.push(`"${n8n.name}" extracts ${operation} files, which Echelon's Extract from file does not read (CSV, JSON, text, PDF, XLSX, XLS, ODS, RTF, HTML tables, base64): convert the file to one of those first, or replace the node with a Code step.`);
    return undefined;
  }
  const encoding = str(options.encoding, 'utf8').replace('utf-8', 'utf8');
  return node('extract', {
    format,
    binaryPropertyName,
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
  const options = obj(params.options);
  if (SHEETS.has(operation)) {
    return node('convert', {
      format: operation,
      binaryPropertyName: str(params.binaryPropertyName, 'data'),
      fileName: str(options.fileName, `File.${operation}`),
      headerRow: options.headerRow !== false,
      sheetName: str(options.sheetName, 'Sheet'),
      compression: options.compression === true,
    });
  }
  const format = ({ toBinary: 'base64', toText: 'text', toJson: 'json', csv: 'csv' } as Record<string, string>)[operation];
  if (!format) {
    ctx.notes.push(`"${n8n.name}" makes ${operation} files, which Echelon's Convert to file does not write (JSON, CSV, XLSX, XLS, ODS, RTF, HTML, text, base64): pick one of those, or make the file in a Code step.`);
    return undefined;
  }
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

/**
 * Spreadsheet File (v1, v2): read rows from a spreadsheet (SheetJS detects the format; v2's
 * autodetect reads a file typed as CSV as CSV) or write all items as one spreadsheet.
 */
const spreadsheetFile: Mapper = (n8n, params) => {
  const options = obj(params.options);
  const binaryPropertyName = str(params.binaryPropertyName, 'data');
  const fileFormat = str(params.fileFormat, str(params.operation, 'fromFile') === 'toFile' ? 'xls' : 'autodetect');
  if (str(params.operation, 'fromFile') === 'toFile') {
    const fileName = str(options.fileName, `spreadsheet.${fileFormat}`);
    if (fileFormat === 'csv') return node('convert', { format: 'csv', binaryPropertyName, mode: 'once', fileName, headerRow: options.headerRow !== false });
    return node('convert', { format: fileFormat, binaryPropertyName, fileName, headerRow: options.headerRow !== false, sheetName: str(options.sheetName, 'Sheet'), compression: options.compression === true });
  }
  const v2Csv = version(n8n) >= 2 && fileFormat === 'csv';
  if (v2Csv) return node('extract', { format: 'csv', binaryPropertyName, delimiter: str(options.delimiter, ','), headerRow: options.headerRow !== false, fromLine: Number(options.fromLine ?? 0), maxRowCount: Number(options.maxRowCount ?? -1) });
  const format = version(n8n) >= 2 && fileFormat === 'autodetect' ? 'spreadsheet' : SHEETS.has(fileFormat) ? fileFormat : 'xlsx';
  return node('extract', { format, binaryPropertyName, ...sheetOptions(options) });
};

const readWriteFile: Mapper = (_n8n, params) => {
  if (str(params.operation, 'read') === 'write') return node('write', { fileName: str(params.fileName), binaryPropertyName: str(params.dataPropertyName, 'data'), append: obj(params.options).append === true });
  return node('read', { fileSelector: str(params.fileSelector), binaryPropertyName: str(obj(params.options).dataPropertyName, 'data') });
};

const writeBinaryFile: Mapper = (_n8n, params) => node('write', { fileName: str(params.fileName), binaryPropertyName: str(params.dataPropertyName, 'data'), append: obj(params.options).append === true });
const readBinaryFile: Mapper = (_n8n, params) => node('read', { fileSelector: str(params.filePath), binaryPropertyName: str(params.dataPropertyName, 'data') });
const readBinaryFiles: Mapper = (_n8n, params) => node('read', { fileSelector: str(params.fileSelector), binaryPropertyName: str(params.dataPropertyName, 'data') });

/** The retired Read PDF node: the PDF's text and information, the file kept on the item. */
const readPdf: Mapper = (_n8n, params) =>
  node('extract', { format: 'pdf', binaryPropertyName: str(params.binaryPropertyName, 'data'), password: params.encrypted === true ? str(params.password) : '', keepSource: 'binary' });

/** Move Binary Data (v1, v1.1): its options sit beside the mode's own settings. */
const moveBinaryData: Mapper = (n8n, params) => {
  const options = obj(params.options);
  const encoding = str(options.encoding, 'utf8').replace('utf-8', 'utf8');
  return node('move', {
    mode: str(params.mode, 'binaryToJson') === 'jsonToBinary' ? 'jsonToBinary' : 'binaryToJson',
    setAllData: params.setAllData !== false,
    convertAllData: params.convertAllData !== false,
    sourceKey: str(params.sourceKey, 'data'),
    destinationKey: str(params.destinationKey, 'data'),
    encoding: ENCODINGS.has(encoding) ? encoding : 'utf8',
    stripBOM: options.stripBOM !== false,
    jsonParse: options.jsonParse === true,
    keepAsBase64: options.keepAsBase64 === true,
    keepSource: options.keepSource === true,
    useRawData: options.useRawData === true,
    dataIsBase64: options.dataIsBase64 === true,
    addBOM: options.addBOM === true,
    mimeType: str(options.mimeType),
    fileName: str(options.fileName),
    nameFile: version(n8n) > 1,
  });
};

const compression: Mapper = (_n8n, params) => {
  const binaryPropertyName = str(params.binaryPropertyName, 'data');
  if (str(params.operation, 'decompress') === 'decompress') return node('decompress', { binaryPropertyName, outputPrefix: str(params.outputPrefix, 'file_') });
  const outputFormat = str(params.outputFormat, 'zip') === 'gzip' ? 'gzip' : 'zip';
  return node('compress', { binaryPropertyName, outputFormat, fileName: str(params.fileName, 'data.zip'), binaryPropertyOutput: str(params.binaryPropertyOutput, 'data'), outputPrefix: str(params.outputPrefix, 'data') });
};

export const FILE_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.extractFromFile': extractFromFile,
  'n8n-nodes-base.convertToFile': convertToFile,
  'n8n-nodes-base.readWriteFile': readWriteFile,
  'n8n-nodes-base.writeBinaryFile': writeBinaryFile,
  'n8n-nodes-base.readBinaryFile': readBinaryFile,
  'n8n-nodes-base.readBinaryFiles': readBinaryFiles,
  'n8n-nodes-base.spreadsheetFile': spreadsheetFile,
  'n8n-nodes-base.readPDF': readPdf,
  'n8n-nodes-base.moveBinaryData': moveBinaryData,
  'n8n-nodes-base.compression': compression,
};
