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
  description: 'Send and reply to mail with attachments, search and read messages, label them, and start workflows on new mail.',
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
    { id: 'getProfile', name: 'Check the account', description: 'The address and message count of the signed-in account.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [{ id: 'newMail', name: 'On new mail', description: 'Messages that arrived since the last check and match the filters, oldest first.', parameters: NewMailParams }],
});
