import type { JsonValue } from '../../../../../shared/workflow/document';
import type { N8nNode } from './import-n8n';
import type { MappedNode } from './map-nodes';

/**
 * n8n's service nodes (Google Sheets, Postgres...) as Echelon integration actions. The node's
 * n8n credential cannot come along: the import notes which connection to choose.
 */

interface MapContext {
  notes: string[];
}

type Params = Record<string, JsonValue>;
type Mapper = (node: N8nNode, params: Params, ctx: MapContext) => MappedNode | undefined;

const V = '1.0.0';
const obj = (value: JsonValue | undefined): Params => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Params) : {});
const list = (value: JsonValue | undefined): JsonValue[] => (Array.isArray(value) ? value : []);
const str = (value: JsonValue | undefined, fallback = ''): string => (typeof value === 'string' ? value : value === undefined || value === null ? fallback : String(value));
const version = (node: N8nNode) => node.typeVersion ?? 1;

/** A resource locator's value (`{ __rl, value, mode, cachedResultName }`), or the plain value. */
function locator(value: JsonValue | undefined): { value: string; name?: string; mode?: string } {
  const rl = obj(value);
  if (!('__rl' in rl) && !('value' in rl)) return { value: str(value) };
  return { value: str(rl.value), name: typeof rl.cachedResultName === 'string' ? rl.cachedResultName : undefined, mode: str(rl.mode) };
}

function action(node: N8nNode, ctx: MapContext, plugin: string, name: string, actionId: string, parameters: Params, outputs: string[] = ['main']): MappedNode {
  ctx.notes.push(`"${node.name}" needs a ${name} connection: choose one on the node (create it in Integrations).`);
  return { type: `${plugin}.${actionId}`, version: V, parameters, outputs };
}

/** The tab a Google Sheets node works on: by name, or by the name n8n cached for a gid picked from the list. */
function sheetName(node: N8nNode, params: Params, ctx: MapContext): string {
  if (version(node) < 3) return str(params.range, 'Sheet1').split('!')[0]!.replace(/^'|'$/g, '') || 'Sheet1';
  const sheet = locator(params.sheetName);
  if (sheet.mode === 'name' || (sheet.mode !== 'list' && sheet.mode !== 'id' && sheet.mode !== 'url')) return sheet.value || 'Sheet1';
  if (sheet.name) return sheet.name;
  ctx.notes.push(`"${node.name}" names its sheet by id (${sheet.value}): set the sheet's name on the node.`);
  return 'Sheet1';
}

const EXTRA_DATA: Record<string, string> = { insertInNewColumn: 'add', ignoreIt: 'ignore', error: 'error' };

const googleSheets: Mapper = (node, params, ctx) => {
  const options = obj(params.options);
  const legacy = version(node) < 3;
  const resource = str(params.resource, 'sheet');
  const operation = str(params.operation, 'read');
  const spreadsheetId = legacy ? str(params.sheetId) : locator(params.documentId).value;
  if (resource === 'spreadsheet') {
    if (operation !== 'create') return undefined;
    const sheets = list(obj(params.sheetsUi).sheetValues).map((sheet) => str(obj(sheet).title)).filter(Boolean);
    return action(node, ctx, 'google-sheets', 'Google Sheets', 'createSpreadsheet', { title: str(params.title), sheets });
  }
  const location = obj(obj(options.locationDefine).values);
  const base: Params = { spreadsheetId, sheet: sheetName(node, params, ctx) };
  const headerRow = Number(location.headerRow ?? (legacy ? obj(options).headerRow : undefined) ?? 1);
  if (headerRow > 1) base.headerRow = headerRow;
  const columns = obj(params.columns);
  // Mapped automatically (and in v1-v2 always), the whole input item is the row.
  const mapped = obj(columns.value);
  const values: JsonValue = legacy || str(columns.mappingMode) === 'autoMapInputData' || Object.keys(mapped).length === 0 ? '{{ $json }}' : mapped;
  const writing: Params = {
    valueInputOption: str(options.cellFormat ?? (legacy ? (options.valueInputMode as JsonValue) : undefined), 'USER_ENTERED') === 'RAW' ? 'RAW' : 'USER_ENTERED',
    newColumns: EXTRA_DATA[str(options.handlingExtraData, 'insertInNewColumn')] ?? 'add',
  };
  const matchColumn = legacy ? str(params.key, 'id') : str(list(columns.matchingColumns)[0] ?? params.columnToMatchOn);
  switch (operation) {
    case 'read':
    case 'lookup': {
      const filter = legacy ? { lookupColumn: params.lookupColumn, lookupValue: params.lookupValue } : obj(list(obj(params.filtersUI).values)[0]);
      const read: Params = { ...base };
      if (filter.lookupColumn !== undefined && str(filter.lookupColumn)) {
        read.lookupColumn = str(filter.lookupColumn);
        read.lookupValue = filter.lookupValue ?? '';
        read.returnFirstMatch = legacy ? obj(options).returnAllMatches !== true : str(options.returnAllMatches, 'returnFirstMatch') === 'returnFirstMatch';
      }
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'readRows', read);
    }
    case 'append':
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'appendRow', { ...base, values, ...writing });
    case 'update':
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'updateRow', { ...base, matchColumn, values, ...writing });
    case 'appendOrUpdate':
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'appendOrUpdateRow', { ...base, matchColumn, values, ...writing });
    case 'clear': {
      const what = str(params.clear, 'wholeSheet');
      const range = what === 'specificRange' ? str(params.range) : undefined;
      if (what !== 'wholeSheet' && what !== 'specificRange') {
        ctx.notes.push(`"${node.name}" clears ${what}; Echelon clears a range: set it on the node.`);
      }
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'clear', range ? { ...base, range } : base);
    }
    case 'delete': {
      if (str(params.toDelete, 'rows') !== 'rows') return undefined;
      return action(node, ctx, 'google-sheets', 'Google Sheets', 'deleteRows', { ...base, startRow: Number(params.startIndex ?? 2), count: Number(params.numberToDelete ?? 1) });
    }
    default:
      return undefined;
  }
};

/** `a, b` or `={{ $json.a }}, {{ $json.b }}`: n8n's comma-separated query replacements, split outside expressions. */
function splitReplacements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('{{', i)) depth++;
    if (text.startsWith('}}', i)) depth = Math.max(0, depth - 1);
    if (text[i] === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += text[i];
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

const byName = (names: string[]): Params => Object.fromEntries(names.map((name) => [name, `{{ $json[${JSON.stringify(name)}] }}`]));
const names = (value: JsonValue | undefined): string[] => (Array.isArray(value) ? value.map((entry) => str(entry)) : str(value).split(',')).map((name) => name.trim()).filter(Boolean);

const PG_OPERATORS: Record<string, string> = { equal: '=', '=': '=', '!=': '!=', LIKE: 'like', '>': '>', '<': '<', '>=': '>=', '<=': '<=', 'IS NULL': 'is null', 'IS NOT NULL': 'is not null' };

const postgres: Mapper = (node, params, ctx) => {
  const legacy = version(node) < 2;
  const operation = str(params.operation, 'insert');
  const table: Params = { schema: legacy ? str(params.schema, 'public') : locator(params.schema).value || 'public', table: legacy ? str(params.table) : locator(params.table).value };
  const pg = (actionId: string, parameters: Params) => action(node, ctx, 'postgres', 'PostgreSQL', actionId, parameters);
  const columns = obj(params.columns);
  const values: JsonValue = legacy ? byName(names(params.columns)) : str(columns.mappingMode) === 'autoMapInputData' || Object.keys(obj(columns.value)).length === 0 ? '{{ $json }}' : obj(columns.value);
  const where = list(obj(params.where).values).map((entry): Params => {
    const condition = obj(entry);
    const operator = PG_OPERATORS[str(condition.condition, 'equal')] ?? '=';
    return operator.startsWith('is ') ? { column: str(condition.column), operator } : { column: str(condition.column), operator, value: condition.value ?? '' };
  });
  const combine = str(params.combineConditions, 'AND') === 'OR' ? 'or' : 'and';
  switch (operation) {
    case 'executeQuery': {
      const replacement = legacy ? obj(params.additionalFields).queryParams : obj(params.options).queryReplacement;
      // v1 names item fields; v2 lists values (expressions or text).
      const parameters = legacy ? names(replacement).map((name) => `{{ $json[${JSON.stringify(name)}] }}`) : Array.isArray(replacement) ? replacement : splitReplacements(str(replacement));
      return pg('executeQuery', { query: str(params.query), parameters });
    }
    case 'insert':
      return pg('insert', { ...table, values });
    case 'update': {
      const match = legacy ? names(params.updateKey ?? 'id') : names(columns.matchingColumns);
      const updated = legacy ? byName([...match, ...names(params.columns)]) : values;
      return pg('update', { ...table, matchColumns: match, values: updated });
    }
    case 'upsert':
      return pg('upsert', { ...table, conflictColumns: legacy ? names(params.conflictColumns) : names(columns.matchingColumns), values });
    case 'select': {
      const sort = list(obj(params.sort).values).map((entry) => ({ column: str(obj(entry).column), direction: str(obj(entry).direction, 'ASC').toLowerCase() === 'desc' ? 'desc' : 'asc' }));
      const parameters: Params = { ...table, where, combine, orderBy: sort };
      if (params.returnAll !== true) parameters.limit = Number(params.limit ?? 50);
      return pg('select', parameters);
    }
    case 'deleteTable':
      if (str(params.deleteCommand, 'truncate') !== 'delete' || where.length === 0) {
        ctx.notes.push(`"${node.name}" truncates or drops a table; run that as an "Execute a query" node.`);
        return undefined;
      }
      return pg('delete', { ...table, where, combine });
    default:
      return undefined;
  }
};

/** n8n's reply markup form (rows of buttons) as the Bot API's `reply_markup`. */
function telegramMarkup(params: Params): Params | undefined {
  const kind = str(params.replyMarkup, 'none');
  const rows = (key: string) =>
    list(obj(params[key]).rows).map((row) =>
      list(obj(obj(row).row).buttons).map((button) => {
        const fields = obj(button);
        return { text: str(fields.text), ...obj(fields.additionalFields) } as Params;
      }),
    );
  if (kind === 'inlineKeyboard') return { inline_keyboard: rows('inlineKeyboard') };
  if (kind === 'replyKeyboard') return { keyboard: rows('replyKeyboard'), ...obj(params.replyKeyboardOptions) };
  if (kind === 'replyKeyboardRemove') return { remove_keyboard: true, ...obj(params.replyKeyboardRemove) };
  if (kind === 'forceReply') return { force_reply: true, ...obj(params.forceReply) };
  return undefined;
}

const TELEGRAM_FILES: Record<string, string> = { sendPhoto: 'photo', sendDocument: 'document', sendAudio: 'audio', sendVideo: 'video', sendAnimation: 'animation', sendSticker: 'sticker' };

const telegram: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'message');
  const operation = str(params.operation, resource === 'message' ? 'sendMessage' : resource === 'chat' ? 'get' : resource === 'file' ? 'get' : 'answerQuery');
  const extra = obj(params.additionalFields);
  const tg = (actionId: string, parameters: Params) => action(node, ctx, 'telegram', 'Telegram', actionId, parameters);
  const sending: Params = { chatId: str(params.chatId) };
  if (extra.disable_notification === true) sending.disableNotification = true;
  if (extra.reply_to_message_id !== undefined) sending.replyToMessageId = Number(extra.reply_to_message_id);
  if (extra.message_thread_id !== undefined) sending.messageThreadId = Number(extra.message_thread_id);
  const markup = telegramMarkup(params);
  if (markup) sending.replyMarkup = markup;
  const parseMode: Params = extra.parse_mode !== undefined ? { parseMode: str(extra.parse_mode) } : {};
  if (extra.appendAttribution !== false && resource === 'message' && (operation === 'sendMessage' || operation in TELEGRAM_FILES)) {
    ctx.notes.push(`"${node.name}": Echelon does not append n8n's "sent automatically with n8n" line.`);
  }
  if (resource === 'message') {
    if (operation === 'sendMessage') return tg('sendMessage', { ...sending, text: str(params.text), ...parseMode, ...(extra.disable_web_page_preview === true ? { disableWebPagePreview: true } : {}) });
    if (operation in TELEGRAM_FILES) {
      const binary = params.binaryData === true;
      const file: Params = binary ? { binaryProperty: str(params.binaryPropertyName, 'data') } : { file: str(params.file) };
      return tg('sendFile', { ...sending, kind: TELEGRAM_FILES[operation]!, ...file, ...(extra.caption !== undefined ? { caption: str(extra.caption) } : {}), ...parseMode });
    }
    if (operation === 'editMessageText') {
      if (str(params.messageType, 'message') !== 'message') return undefined;
      return tg('editMessageText', { chatId: str(params.chatId), messageId: Number(params.messageId), text: str(params.text), ...parseMode, ...(markup ? { replyMarkup: markup } : {}) });
    }
    if (operation === 'deleteMessage') return tg('deleteMessage', { chatId: str(params.chatId), messageId: Number(params.messageId) });
    if (operation === 'pinChatMessage') return tg('pinMessage', { chatId: str(params.chatId), messageId: Number(params.messageId) });
    if (operation === 'sendChatAction') return tg('sendChatAction', { chatId: str(params.chatId), action: str(params.action, 'typing') });
    return undefined;
  }
  if (resource === 'chat' && operation === 'get') return tg('getChat', { chatId: str(params.chatId) });
  if (resource === 'callback' && operation === 'answerQuery') {
    return tg('answerCallbackQuery', { callbackQueryId: str(params.queryId), ...(extra.text !== undefined ? { text: str(extra.text) } : {}), ...(extra.show_alert === true ? { showAlert: true } : {}) });
  }
  if (resource === 'file' && operation === 'get') return tg('getFile', { fileId: str(params.fileId), download: params.download !== false });
  return undefined;
};

const telegramTrigger: Mapper = (node, params, ctx) => {
  const updates = names(params.updates);
  ctx.notes.push(`"${node.name}" polls Telegram for updates (no public webhook URL needed): the bot must have no webhook set.`);
  return action(node, ctx, 'telegram', 'Telegram', 'updates', { updates: updates.length > 0 ? updates : ['*'] });
};

/** n8n's polling times (`pollTimes.item[0]`) as a trigger's poll schedule. */
function pollSchedule(params: Params): Params {
  const time = obj(list(obj(params.pollTimes).item)[0]);
  switch (str(time.mode, 'everyMinute')) {
    case 'everyHour':
      return { every: 1, unit: 'hours' };
    case 'everyX':
      return { every: Math.max(1, Number(time.value ?? 1)), unit: str(time.unit, 'minutes') === 'hours' ? 'hours' : 'minutes' };
    case 'custom':
      return { cron: str(time.cronExpression, '0 * * * * *') };
    case 'everyDay':
      return { cron: `0 ${Number(time.minute ?? 0)} ${Number(time.hour ?? 14)} * * *` };
    default:
      return { every: 1, unit: 'minutes' };
  }
}

/** The Gmail search n8n's filters amount to. */
function gmailQuery(filters: Params): string {
  const parts = [str(filters.q)];
  if (filters.sender) parts.push(`from:${str(filters.sender)}`);
  if (filters.receivedAfter) parts.push(`after:${Math.floor(Date.parse(str(filters.receivedAfter)) / 1000)}`);
  if (filters.receivedBefore) parts.push(`before:${Math.floor(Date.parse(str(filters.receivedBefore)) / 1000)}`);
  return parts.filter(Boolean).join(' ');
}

const gmail: Mapper = (node, params, ctx) => {
  const legacy = version(node) < 2;
  const resource = str(params.resource, 'message');
  const operation = str(params.operation, legacy ? 'getAll' : 'send');
  if (resource !== 'message') return undefined;
  const gm = (actionId: string, parameters: Params) => action(node, ctx, 'gmail', 'Gmail', actionId, parameters);
  const options = obj(legacy ? params.additionalFields : params.options);
  const attachments = list(obj(options.attachmentsUi).attachmentsBinary).flatMap((entry) => names(obj(entry).property));
  const body: Params = legacy
    ? { ...(params.message !== undefined ? { text: str(params.message) } : {}), ...(params.htmlMessage !== undefined ? { html: str(params.htmlMessage) } : {}) }
    : { [str(params.emailType, version(node) >= 2.1 ? 'html' : 'text') === 'html' ? 'html' : 'text']: str(params.message) };
  const extras: Params = {
    ...(options.ccList !== undefined ? { cc: options.ccList } : {}),
    ...(options.bccList !== undefined ? { bcc: options.bccList } : {}),
    ...(options.senderName ? { senderName: str(options.senderName) } : {}),
    ...(options.replyTo ? { replyTo: str(options.replyTo) } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
  if (options.appendAttribution !== false && !legacy && (operation === 'send' || operation === 'reply')) ctx.notes.push(`"${node.name}": Echelon does not append n8n's "sent automatically with n8n" line.`);
  switch (operation) {
    case 'send':
      return gm('send', { to: legacy ? list(params.toList) : str(params.sendTo), subject: str(params.subject), ...body, ...extras });
    case 'reply':
      return gm('reply', { messageId: str(params.messageId), ...body, ...extras, ...(options.replyToSenderOnly === false ? { replyToAll: true } : {}) });
    case 'get':
      return gm('get', { messageId: str(params.messageId), simple: params.simple !== false, ...(obj(params.options).downloadAttachments === true ? { downloadAttachments: true } : {}) });
    case 'getAll': {
      const filters = obj(legacy ? params.additionalFields : params.filters);
      const readStatus = str(filters.readStatus, 'both');
      const query = [gmailQuery(filters), readStatus === 'unread' ? 'is:unread' : readStatus === 'read' ? 'is:read' : ''].filter(Boolean).join(' ');
      return gm('list', { query, labelIds: names(filters.labelIds), limit: params.returnAll === true ? 500 : Number(params.limit ?? 50), simple: params.simple !== false && str(filters.format, 'resolved') !== 'full', includeSpamTrash: filters.includeSpamTrash === true });
    }
    case 'markAsRead':
      return gm('markAsRead', { messageId: str(params.messageId) });
    case 'markAsUnread':
      return gm('modifyLabels', { messageId: str(params.messageId), add: ['UNREAD'] });
    case 'addLabels':
      return gm('modifyLabels', { messageId: str(params.messageId), add: names(params.labelIds) });
    case 'removeLabels':
      return gm('modifyLabels', { messageId: str(params.messageId), remove: names(params.labelIds) });
    case 'delete':
      ctx.notes.push(`"${node.name}" deleted the message for good in n8n; Echelon moves it to the trash.`);
      return gm('trash', { messageId: str(params.messageId) });
    default:
      return undefined;
  }
};

const gmailTrigger: Mapper = (node, params, ctx) => {
  const filters = obj(params.filters);
  const readStatus = str(filters.readStatus, 'unread');
  return action(node, ctx, 'gmail', 'Gmail', 'newMail', {
    query: gmailQuery(filters),
    labelIds: names(filters.labelIds),
    readStatus: readStatus === 'read' || readStatus === 'unread' ? readStatus : 'both',
    simple: params.simple !== false,
    poll: pollSchedule(params),
  });
};

const emailSend: Mapper = (node, params, ctx) => {
  if (str(params.operation, 'send') !== 'send') return undefined;
  const options = obj(params.options);
  const legacy = version(node) < 2;
  const format = legacy ? 'both' : str(params.emailFormat, version(node) >= 2.1 ? 'html' : 'text');
  const parameters: Params = { from: str(params.fromEmail), to: str(params.toEmail), subject: str(params.subject) };
  if ((format === 'text' || format === 'both') && params.text !== undefined) parameters.text = str(params.text);
  if ((format === 'html' || format === 'both') && params.html !== undefined) parameters.html = str(params.html);
  const cc = legacy ? params.ccEmail : options.ccEmail;
  const bcc = legacy ? params.bccEmail : options.bccEmail;
  if (cc) parameters.cc = str(cc);
  if (bcc) parameters.bcc = str(bcc);
  if (options.replyTo) parameters.replyTo = str(options.replyTo);
  const attachments = names(legacy ? params.attachments : options.attachments);
  if (attachments.length > 0) parameters.attachments = attachments;
  if (options.allowUnauthorizedCerts === true) ctx.notes.push(`"${node.name}" accepted any server certificate: in Echelon that is the connection's "Check the server certificate" setting.`);
  if (!legacy && options.appendAttribution !== false) ctx.notes.push(`"${node.name}": Echelon does not append n8n's "sent automatically with n8n" line.`);
  return action(node, ctx, 'smtp', 'Email (SMTP)', 'send', parameters);
};

/** JSON written as text in an n8n field, parsed; undefined when it is an expression or not JSON. */
function jsonText(value: JsonValue): JsonValue | undefined {
  if (typeof value !== 'string') return value;
  if (value.includes('{{')) return undefined;
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return undefined;
  }
}

/** The channel or person a Slack node posts to: an ID, a #name, or a user (a DM). */
function slackTarget(params: Params): string {
  if (str(params.select, 'channel') === 'user') {
    const user = locator(params.user);
    return user.mode === 'username' && !user.value.startsWith('@') && !user.value.includes('{{') ? `@${user.value}` : user.value;
  }
  return locator(params.channelId ?? params.channel).value;
}

const slack: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'message');
  const v1 = version(node) < 2;
  const operation = str(params.operation, 'post');
  const sl = (actionId: string, parameters: Params) => action(node, ctx, 'slack', 'Slack', actionId, parameters);
  const options = obj(params.otherOptions);
  if (resource === 'message') {
    if (operation === 'post' || operation === 'send') {
      const parameters: Params = { channel: slackTarget(params), text: str(params.text) };
      if (str(params.messageType) === 'block' && params.blocksUi !== undefined) {
        const blocks = jsonText(params.blocksUi);
        if (blocks === undefined) ctx.notes.push(`"${node.name}" builds its blocks with an expression: check that it gives a list of blocks.`);
        else parameters.blocks = Array.isArray(blocks) ? blocks : (obj(blocks).blocks ?? []);
        if (!parameters.text) parameters.text = ' ';
      }
      const thread = obj(obj(options.thread_ts).replyValues).thread_ts ?? (v1 ? options.thread_ts : undefined);
      if (thread !== undefined && str(thread)) parameters.threadTs = str(thread);
      if (!v1 && version(node) >= 2.1 && options.includeLinkToWorkflow !== false) ctx.notes.push(`"${node.name}": Echelon does not append n8n's link to the workflow.`);
      return sl('postMessage', parameters);
    }
    if (operation === 'update') return sl('updateMessage', { channel: slackTarget(params), ts: str(params.ts), text: str(params.text) });
    if (operation === 'delete') return sl('deleteMessage', { channel: slackTarget(params), ts: str(params.timestamp ?? params.ts) });
    return undefined;
  }
  if (resource === 'reaction' && operation === 'add') return sl('addReaction', { channel: slackTarget(params), ts: str(params.timestamp), name: str(params.name) });
  if (resource === 'channel' && operation === 'history') {
    const parameters: Params = { channel: slackTarget(params) };
    if (params.returnAll !== true) parameters.limit = Number(params.limit ?? 100);
    return sl('getHistory', parameters);
  }
  if (resource === 'channel' && operation === 'getAll') return sl('listChannels', {});
  if (resource === 'user' && operation === 'info') return sl('getUser', { user: locator(params.user).value });
  return undefined;
};

/** Mappers of n8n service nodes, by n8n type. */
export const SERVICE_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.googleSheets': googleSheets,
  'n8n-nodes-base.postgres': postgres,
  'n8n-nodes-base.telegram': telegram,
  'n8n-nodes-base.telegramTrigger': telegramTrigger,
  'n8n-nodes-base.gmail': gmail,
  'n8n-nodes-base.gmailTrigger': gmailTrigger,
  'n8n-nodes-base.emailSend': emailSend,
  'n8n-nodes-base.slack': slack,
};
