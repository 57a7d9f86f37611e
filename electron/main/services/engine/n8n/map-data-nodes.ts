import type { JsonValue } from '../../../../../shared/workflow/document';
import { list, obj, str, V, version, type MappedNode, type Mapper, type Params } from './map-helpers';

/** n8n's data-shaping nodes (HTML, Markdown, XML, Crypto, Date & Time, Summarize, Compare Datasets) → Echelon's plugins of the same names. */

const node = (type: string, parameters: Params, extra: Partial<MappedNode> = {}): MappedNode => ({ type, version: V, parameters, outputs: ['main'], ...extra });
const csv = (value: JsonValue | undefined) =>
  str(value)
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

const html: Mapper = (n8n, params, ctx) => {
  const operation = str(params.operation, 'generateHtmlTemplate');
  const options = obj(params.options);
  if (operation === 'generateHtmlTemplate') return node('html.generate', { html: str(params.html) });
  if (operation === 'convertToHtmlTable') {
    const keep = ['capitalize', 'customStyling', 'caption', 'tableAttributes', 'headerAttributes', 'rowAttributes', 'cellAttributes'];
    return node('html.table', Object.fromEntries(Object.entries(options).filter(([key]) => keep.includes(key))));
  }
  if (operation !== 'extractHtmlContent') {
    ctx.notes.push(`"${n8n.name}" runs the HTML operation "${operation}", which Echelon's HTML node does not have.`);
    return undefined;
  }
  const values = list(obj(params.extractionValues).values).map((entry) => {
    const row = obj(entry);
    return { key: str(row.key), cssSelector: str(row.cssSelector), returnValue: str(row.returnValue, 'text'), attribute: str(row.attribute), returnArray: row.returnArray === true, skipSelectors: str(row.skipSelectors) };
  });
  return node('html.extract', {
    sourceData: str(params.sourceData, 'json') === 'binary' ? 'binary' : 'json',
    dataPropertyName: str(params.dataPropertyName, 'data'),
    values: values.filter((value) => value.key && value.cssSelector),
    trimValues: options.trimValues === true,
    cleanUpText: options.cleanUpText === true,
    textMode: version(n8n) >= 1.2 ? 'rendered' : 'plain',
  });
};

const markdown: Mapper = (_n8n, params) => {
  const destinationKey = str(params.destinationKey, 'data');
  if (str(params.mode, 'htmlToMarkdown') === 'markdownToHtml') return node('markdown.toHtml', { markdown: str(params.markdown), destinationKey, options: obj(params.options) });
  return node('markdown.toMarkdown', { html: str(params.html), destinationKey, options: obj(params.options) });
};

const xml: Mapper = (_n8n, params) => {
  const parameters = { dataPropertyName: str(params.dataPropertyName, 'data'), options: obj(params.options) };
  return node(str(params.mode, 'xmlToJson') === 'jsonToxml' ? 'xml.toXml' : 'xml.toJson', parameters);
};

const crypto: Mapper = (n8n, params, ctx) => {
  const action = str(params.action, 'hash');
  const dataPropertyName = str(params.dataPropertyName, 'data');
  const binary = { binaryData: params.binaryData === true, binaryPropertyName: str(params.binaryPropertyName, 'data') };
  switch (action) {
    case 'hash':
      return node('crypto.hash', { type: str(params.type, 'MD5'), value: params.value ?? '', encoding: str(params.encoding, 'hex'), dataPropertyName, ...binary });
    case 'hmac':
      return node('crypto.hmac', { type: str(params.type, 'MD5'), value: params.value ?? '', secret: params.secret ?? '', encoding: str(params.encoding, 'hex'), dataPropertyName, ...binary });
    case 'sign':
      return node('crypto.sign', { value: params.value ?? '', algorithm: str(params.algorithm, 'RSA-SHA256'), privateKey: params.privateKey ?? '', encoding: str(params.encoding, 'hex'), dataPropertyName });
    case 'generate':
      return node('crypto.generate', { encodingType: str(params.encodingType, 'uuid'), stringLength: Number(params.stringLength ?? 32), dataPropertyName });
    default:
      ctx.notes.push(`"${n8n.name}" runs the Crypto action "${action}", which Echelon's Crypto node does not have.`);
      return undefined;
  }
};

/** Date & Time version 2 (Luxon); version 1 used Moment's formats, which differ, so it stays unmapped. */
const dateTime: Mapper = (n8n, params, ctx) => {
  if (version(n8n) < 2) {
    ctx.notes.push(`"${n8n.name}" is a Date & Time node version 1 (Moment formats): replace it with a Date & time node (Luxon formats) or an expression such as {{ $now.toFormat('yyyy-MM-dd') }}.`);
    return undefined;
  }
  const options = obj(params.options);
  const operation = str(params.operation, 'getCurrentDate');
  const field = (fallback: string) => str(params.outputFieldName, fallback);
  switch (operation) {
    case 'getCurrentDate':
      return node('date-time.current', { includeTime: params.includeTime !== false, outputFieldName: field('currentDate'), timezone: str(options.timezone) });
    case 'addToDate':
    case 'subtractFromDate':
      return node(operation === 'addToDate' ? 'date-time.add' : 'date-time.subtract', { magnitude: params.magnitude ?? '', timeUnit: str(params.timeUnit, 'days'), duration: params.duration ?? 0, outputFieldName: field('newDate') });
    case 'formatDate': {
      const format = str(params.format, 'MM/dd/yyyy');
      return node('date-time.format', { date: params.date ?? '', format: format === 'custom' ? str(params.customFormat, 'yyyy-MM-dd') : format, fromFormat: str(options.fromFormat), outputFieldName: field('formattedDate'), timezone: str(options.timezone) });
    }
    case 'roundDate':
      return node('date-time.round', { date: params.date ?? '', mode: str(params.mode, 'roundDown'), toNearest: str(params.mode) === 'roundUp' ? str(params.to, 'month') : str(params.toNearest, 'month'), outputFieldName: field('roundedDate') });
    case 'getTimeBetweenDates':
      return node('date-time.between', { startDate: params.startDate ?? '', endDate: params.endDate ?? '', units: list(params.units).length > 0 ? list(params.units) : ['day'], isoString: options.isoString === true, outputFieldName: field('timeDifference') });
    case 'extractDate':
      return node('date-time.extract', { date: params.date ?? '', part: str(params.part, 'month'), outputFieldName: field('datePart') });
    default:
      ctx.notes.push(`"${n8n.name}" runs the Date & Time operation "${operation}", which Echelon's Date & time node does not have.`);
      return undefined;
  }
};

const summarize: Mapper = (n8n, params) => {
  const options = obj(params.options);
  const fields = list(obj(params.fieldsToSummarize).values).map((entry) => {
    const row = obj(entry);
    const separator = str(row.separateBy, ',');
    return { aggregation: str(row.aggregation, 'count'), field: str(row.field), includeEmpty: row.includeEmpty === true, separator: separator === 'other' ? str(row.customSeparator) : separator };
  });
  return node('summarize.summarize', {
    fields,
    splitBy: csv(params.fieldsToSplitBy),
    outputFormat: str(options.outputFormat, 'separateItems') === 'singleItem' ? 'singleItem' : 'separateItems',
    continueIfFieldNotFound: options.continueIfFieldNotFound === true,
    skipEmptySplitFields: options.skipEmptySplitFields === true,
    dotNotation: options.disableDotNotation !== true,
    originalTypes: version(n8n) > 1,
  });
};

const compareDatasets: Mapper = (n8n, params) => {
  const options = obj(params.options);
  const fields = list(obj(params.mergeByFields).values).map((entry) => ({ field1: str(obj(entry).field1), field2: str(obj(entry).field2) }));
  return node(
    'compare-datasets.compare',
    {
      fields: fields.filter((pair) => pair.field1 && pair.field2),
      resolve: str(params.resolve, 'includeBoth'),
      preferWhenMix: str(params.preferWhenMix, 'input1'),
      exceptWhenMix: str(params.exceptWhenMix),
      skipFields: str(options.skipFields),
      fuzzyCompare: (options.fuzzyCompare ?? params.fuzzyCompare) === true,
      multipleMatches: str(options.multipleMatches, 'first') === 'all' ? 'all' : 'first',
      dotNotation: options.disableDotNotation !== true,
      sideNames: version(n8n) >= 2.1 ? 'inputA' : 'input1',
    },
    { outputs: ['inAOnly', 'same', 'different', 'inBOnly'], inputs: ['inputA', 'inputB'] },
  );
};

export const DATA_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.html': html,
  'n8n-nodes-base.markdown': markdown,
  'n8n-nodes-base.xml': xml,
  'n8n-nodes-base.crypto': crypto,
  'n8n-nodes-base.dateTime': dateTime,
  'n8n-nodes-base.summarize': summarize,
  'n8n-nodes-base.compareDatasets': compareDatasets,
};
