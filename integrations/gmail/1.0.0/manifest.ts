import { z } from 'zod';
import { googleAuth } from '../../../shared/integrations/google';
import { definePlugin } from '../../../shared/integrations/manifest';
import { DEFAULT_POLL, PollSchedule } from '../../../shared/integrations/service-triggers';

export const GmailConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'API URL' }).default('https://gmail.googleapis.com'),
});

const Addresses = z.union([z.string(), z.array(z.string())]).optional().meta({ description: 'One address, several separated by commas, or a list.' });

export const SendParams = z.object({
  to: Addresses,
  cc: Addresses,
  bcc: Addresses,
  subject: z.string().default(''),
  text: z.string().optional().meta({ 'x-multiline': true }),
  html: z.string().optional().meta({ 'x-multiline': true, description: 'HTML body; sent beside the text when both are given.' }),
  replyTo: z.string().optional(),
  senderName: z.string().optional().meta({ description: 'Shown as the sender\'s name.' }),
  attachments: z.array(z.string()).default([]).meta({ description: 'Binary properties of the item to attach (data, invoice…).' }),
});
export const ReplyParams = SendParams.omit({ subject: true }).extend({
  messageId: z.string().min(1).meta({ description: 'The message to answer: the reply joins its thread.' }),
  replyToAll: z.boolean().default(false),
});
export const ListParams = z.object({
  query: z.string().default('').meta({ description: 'Gmail search, e.g. "from:billing@example.com is:unread newer_than:2d".' }),
  labelIds: z.array(z.string()).default([]),
  includeSpamTrash: z.boolean().default(false),
  limit: z.number().int().min(1).max(500).default(50),
  simple: z.boolean().default(true).meta({ description: 'Headers flattened (From, Subject…) and the text body; off for Gmail\'s full message.' }),
});
export const MessageRef = z.object({ messageId: z.string().min(1) });
export const GetParams = MessageRef.extend({
  simple: z.boolean().default(true),
  downloadAttachments: z.boolean().default(false).meta({ description: 'Attachments as binary data (attachment_0, attachment_1…).' }),
});
export const LabelsParams = MessageRef.extend({ add: z.array(z.string()).default([]), remove: z.array(z.string()).default([]) });
export const DraftParams = SendParams.extend({ threadId: z.string().optional().meta({ description: 'Keep the draft in this thread.' }) });
export const DraftRef = z.object({ draftId: z.string().min(1) });
export const ListThreadsParams = ListParams.omit({ simple: true });
export const ThreadRef = z.object({ threadId: z.string().min(1) });
export const GetThreadParams = ThreadRef.extend({
  simple: z.boolean().default(true),
  onlyMessages: z.boolean().default(false).meta({ description: 'One item per message of the thread, instead of the thread with its messages.' }),
});
export const ThreadLabelsParams = ThreadRef.extend({ add: z.array(z.string()).default([]), remove: z.array(z.string()).default([]) });
export const LabelRef = z.object({ labelId: z.string().min(1) });
export const CreateLabelParams = z.object({
  name: z.string().trim().min(1),
  showInMessageList: z.boolean().default(true),
  showInLabelList: z.enum(['labelShow', 'labelShowIfUnread', 'labelHide']).default('labelShow'),
});
export const NewMailParams = z.object({
  query: z.string().default(''),
  labelIds: z.array(z.string()).default(['INBOX']),
  readStatus: z.enum(['unread', 'read', 'both']).default('unread'),
  simple: z.boolean().default(true),
  poll: PollSchedule.default(DEFAULT_POLL),
});

export default definePlugin({
  id: 'gmail',
  name: 'Gmail',
  version: '1.0.0',
  description: 'Send and reply to mail with attachments, write drafts, search and read messages and threads, manage labels, and start workflows on new mail.',
  category: 'Communication',
  icon: 'mail',
  type: 'api',
  auth: googleAuth(['https://www.googleapis.com/auth/gmail.modify']),
  connection: GmailConnection,
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  healthCheck: { action: 'getProfile' },
  actions: [
    { id: 'send', name: 'Send a message', description: 'Text and/or HTML, with attachments from the item\'s binary data.', parameters: SendParams, recovery: 'wait' },
    { id: 'reply', name: 'Reply to a message', description: 'A reply in the message\'s thread, to its sender (or everyone).', parameters: ReplyParams, recovery: 'wait' },
    { id: 'list', name: 'Search messages', description: 'Messages matching a Gmail search, newest first, one item each.', parameters: ListParams, sideEffects: false, output: 'items' },
    { id: 'get', name: 'Get a message', description: 'One message, its attachments optionally as binary data.', parameters: GetParams, sideEffects: false },
    { id: 'modifyLabels', name: 'Change labels', description: 'Adds and removes labels (remove UNREAD to mark as read).', parameters: LabelsParams },
    { id: 'markAsRead', name: 'Mark as read', description: 'Removes the UNREAD label.', parameters: MessageRef },
    { id: 'trash', name: 'Move to trash', description: 'messages.trash.', parameters: MessageRef },
    { id: 'createDraft', name: 'Create a draft', description: 'A draft with text and/or HTML and attachments, optionally in a thread.', parameters: DraftParams, recovery: 'wait' },
    { id: 'getDraft', name: 'Get a draft', description: 'A draft\'s message.', parameters: DraftRef.extend({ simple: z.boolean().default(true) }), sideEffects: false },
    { id: 'deleteDraft', name: 'Delete a draft', description: 'Deletes a draft for good.', parameters: DraftRef },
    { id: 'listThreads', name: 'Search threads', description: 'Threads matching a Gmail search, newest first: id, snippet; one item each.', parameters: ListThreadsParams, sideEffects: false, output: 'items' },
    { id: 'getThread', name: 'Get a thread', description: 'A thread with its messages (or one item per message).', parameters: GetThreadParams, sideEffects: false, output: 'items' },
    { id: 'modifyThreadLabels', name: 'Change a thread\'s labels', description: 'Adds and removes labels on every message of a thread.', parameters: ThreadLabelsParams },
    { id: 'trashThread', name: 'Move a thread to trash', description: 'threads.trash.', parameters: ThreadRef },
    { id: 'listLabels', name: 'List labels', description: 'The account\'s labels, system and own; one item each.', parameters: z.object({}), sideEffects: false, output: 'items' },
    { id: 'getLabel', name: 'Get a label', description: 'A label with its message counts.', parameters: LabelRef, sideEffects: false },
    { id: 'createLabel', name: 'Create a label', description: 'A label of the user\'s own.', parameters: CreateLabelParams },
    { id: 'deleteLabel', name: 'Delete a label', description: 'Removes a label of the user\'s own from every message.', parameters: LabelRef },
    { id: 'getProfile', name: 'Check the account', description: 'The address and message count of the signed-in account.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [{ id: 'newMail', name: 'On new mail', description: 'Messages that arrived since the last check and match the filters, oldest first.', parameters: NewMailParams }],
});
