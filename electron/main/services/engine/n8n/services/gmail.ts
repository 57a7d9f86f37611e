import { type Mapper, type Params, action, list, names, obj, pollSchedule, str, version } from './common';

/** n8n's Gmail node and trigger as the gmail integration. */

/** The Gmail search n8n's filters amount to. */
function gmailQuery(filters: Params): string {
  const parts = [str(filters.q)];
  if (filters.sender) parts.push(`from:${str(filters.sender)}`);
  if (filters.receivedAfter) parts.push(`after:${Math.floor(Date.parse(str(filters.receivedAfter)) / 1000)}`);
  if (filters.receivedBefore) parts.push(`before:${Math.floor(Date.parse(str(filters.receivedBefore)) / 1000)}`);
  return parts.filter(Boolean).join(' ');
}

export const gmail: Mapper = (node, params, ctx) => {
  const legacy = version(node) < 2;
  const resource = str(params.resource, 'message');
  const operation = str(params.operation, legacy ? 'getAll' : 'send');
  const gm = (actionId: string, parameters: Params) => action(node, ctx, 'gmail', 'Gmail', actionId, parameters);
  if (resource !== 'message') return otherResource(node.name, resource, operation, params, gm, ctx.notes);
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

/** Drafts, threads and labels (and version 1's message labels). */
function otherResource(name: string, resource: string, operation: string, params: Params, gm: (actionId: string, parameters: Params) => ReturnType<Mapper>, notes: string[]): ReturnType<Mapper> {
  const options = obj(params.options);
  const labels = { labelIds: names(params.labelIds) };
  switch (`${resource}:${str(params.operation, resource === 'draft' || resource === 'label' ? 'create' : resource === 'thread' ? 'getAll' : operation)}`) {
    case 'draft:create': {
      const attachments = list(obj(options.attachmentsUi).attachmentsBinary).flatMap((entry) => names(obj(entry).property));
      return gm('createDraft', {
        subject: str(params.subject),
        [str(params.emailType, 'text') === 'html' ? 'html' : 'text']: str(params.message),
        ...(options.sendTo !== undefined ? { to: str(options.sendTo) } : {}),
        ...(options.ccList !== undefined ? { cc: str(options.ccList) } : {}),
        ...(options.bccList !== undefined ? { bcc: str(options.bccList) } : {}),
        ...(options.replyTo ? { replyTo: str(options.replyTo) } : {}),
        ...(options.threadId ? { threadId: str(options.threadId) } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
      });
    }
    case 'draft:get':
      return gm('getDraft', { draftId: str(params.messageId), simple: str(options.format, 'resolved') !== 'full' });
    case 'draft:delete':
      return gm('deleteDraft', { draftId: str(params.messageId) });
    case 'thread:getAll': {
      const filters = obj(params.filters);
      const readStatus = str(filters.readStatus, 'both');
      const query = [gmailQuery(filters), readStatus === 'unread' ? 'is:unread' : readStatus === 'read' ? 'is:read' : ''].filter(Boolean).join(' ');
      return gm('listThreads', { query, labelIds: names(filters.labelIds), limit: params.returnAll === true ? 500 : Number(params.limit ?? 50), includeSpamTrash: filters.includeSpamTrash === true });
    }
    case 'thread:get':
      return gm('getThread', { threadId: str(params.threadId), simple: params.simple !== false, onlyMessages: options.returnOnlyMessages === true });
    case 'thread:addLabels':
      return gm('modifyThreadLabels', { threadId: str(params.threadId), add: labels.labelIds });
    case 'thread:removeLabels':
      return gm('modifyThreadLabels', { threadId: str(params.threadId), remove: labels.labelIds });
    case 'thread:trash':
    case 'thread:delete':
      if (operation === 'delete') notes.push(`"${name}" deleted the thread for good in n8n; Echelon moves it to the trash.`);
      return gm('trashThread', { threadId: str(params.threadId) });
    case 'label:create':
      return gm('createLabel', { name: str(params.name), showInMessageList: str(options.messageListVisibility, 'show') !== 'hide', showInLabelList: str(options.labelListVisibility, 'labelShow') });
    case 'label:get':
      return gm('getLabel', { labelId: str(params.labelId) });
    case 'label:getAll':
      return gm('listLabels', {});
    case 'label:delete':
      return gm('deleteLabel', { labelId: str(params.labelId) });
    case 'messageLabel:add':
      return gm('modifyLabels', { messageId: str(params.messageId), add: labels.labelIds });
    case 'messageLabel:remove':
      return gm('modifyLabels', { messageId: str(params.messageId), remove: labels.labelIds });
    default:
      return undefined;
  }
}

export const gmailTrigger: Mapper = (node, params, ctx) => {
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
