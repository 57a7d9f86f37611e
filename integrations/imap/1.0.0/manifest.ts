import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { DEFAULT_POLL, PollSchedule } from '../../../shared/integrations/service-triggers';

export const ImapConnection = z.object({
  host: z.string().trim().min(1).meta({ title: 'IMAP server', description: 'imap.example.com' }),
  port: z.number().int().min(1).max(65_535).default(993),
  security: z.enum(['tls', 'starttls', 'none']).default('tls').meta({ title: 'Security', description: 'tls (port 993) encrypts from the start; starttls (port 143) upgrades the connection and refuses to go on without it; none reads in clear text.' }),
  verifyCertificate: z.boolean().default(true).meta({ title: 'Check the server certificate' }),
});

const Mailbox = z.string().trim().min(1).default('INBOX').meta({ description: 'The folder, e.g. INBOX or Archive/2024.' });
/** Search rules as n8n and node-imap write them: ["UNSEEN", ["SINCE", "May 20, 2024"], ["FROM", "billing@"]], or that list as JSON text. */
const Criteria = (fallback: string) =>
  z
    .union([z.array(z.unknown()), z.string()])
    .default([fallback])
    .meta({ description: `IMAP search rules, all to match: "UNSEEN", "FLAGGED", ["FROM", "a@b.c"], ["SUBJECT", "invoice"], ["SINCE", "2024-05-20"], ["HEADER", "X-Tag", "x"], ["OR", rule, rule], "!SEEN"… (a list or its JSON text; default ${fallback}).` });
export const Format = z.enum(['simple', 'resolved', 'raw']).default('simple').meta({ description: 'simple: headers, text and HTML; resolved: the parsed message (addresses, dates, every header) with attachments as binary data; raw: the message body as sent.' });
const Attachments = {
  downloadAttachments: z.boolean().default(false).meta({ description: 'With the simple format: attachments as binary data too (resolved always has them).' }),
  attachmentPrefix: z.string().min(1).default('attachment_').meta({ description: 'Binary properties are this and a number: attachment_0, attachment_1…' }),
};

export const NewMailParams = z.object({
  mailbox: Mailbox,
  criteria: Criteria('UNSEEN'),
  format: Format,
  ...Attachments,
  markAsRead: z.boolean().default(true).meta({ description: 'Mark each message read once it started a run.' }),
  poll: PollSchedule.default(DEFAULT_POLL),
});
export const SearchParams = z.object({
  mailbox: Mailbox,
  criteria: Criteria('ALL'),
  format: Format,
  limit: z.number().int().min(1).max(1000).default(50).meta({ description: 'The newest this many.' }),
});
export const MessageRef = z.object({ mailbox: Mailbox, uid: z.number().int().min(1).meta({ description: 'The message\'s UID in that folder (attributes.uid).' }) });
export const GetParams = MessageRef.extend({ format: Format, ...Attachments });
export const FlagsParams = MessageRef.extend({
  add: z.array(z.string()).default([]).meta({ description: 'Flags to set, e.g. \\Seen, \\Flagged.' }),
  remove: z.array(z.string()).default([]),
});
export const MoveParams = MessageRef.extend({ to: z.string().trim().min(1).meta({ description: 'The folder to move it to.' }) });

export default definePlugin({
  id: 'imap',
  name: 'Email (IMAP)',
  version: '1.0.0',
  description: 'Start workflows on new mail in any IMAP mailbox (simple, resolved with attachments, or raw), search, read, flag and move messages.',
  category: 'Communication',
  icon: 'mail',
  type: 'api',
  auth: [{ type: 'basic' }],
  connection: ImapConnection,
  healthCheck: { action: 'check' },
  actions: [
    { id: 'search', name: 'Search messages', description: 'Messages of a folder matching the rules, newest last; one item each.', parameters: SearchParams, sideEffects: false, output: 'items' },
    { id: 'get', name: 'Get a message', description: 'One message by UID, its attachments optionally as binary data.', parameters: GetParams, sideEffects: false },
    { id: 'setFlags', name: 'Change flags', description: 'Adds and removes flags (\\Seen marks it read).', parameters: FlagsParams },
    { id: 'move', name: 'Move a message', description: 'Moves a message to another folder.', parameters: MoveParams },
    { id: 'check', name: 'Check the connection', description: 'Connects, signs in and lists the folders.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [{ id: 'newMail', name: 'On new mail', description: 'Messages that arrived in a folder and match the rules, oldest first, as n8n\'s Email Trigger (IMAP) gives them.', parameters: NewMailParams }],
});
