import { type Mapper, action, obj, str } from './common';

/** n8n's Email Trigger (IMAP), v1 and v2, as the imap integration's trigger. */

export const emailReadImap: Mapper = (node, params, ctx) => {
  const options = obj(params.options);
  const format = str(params.format, 'simple');
  if (options.allowUnauthorizedCerts === true) ctx.notes.push(`"${node.name}" accepted any server certificate: in Echelon that is the connection's "Check the server certificate" setting.`);
  ctx.notes.push(`"${node.name}" heard of new mail at once in n8n (IMAP IDLE); Echelon checks the mailbox every minute: change the node's schedule if that is too slow.`);
  return action(node, ctx, 'imap', 'Email (IMAP)', 'newMail', {
    mailbox: str(params.mailbox, 'INBOX'),
    criteria: str(options.customEmailConfig, '["UNSEEN"]'),
    format: format === 'resolved' || format === 'raw' ? format : 'simple',
    downloadAttachments: params.downloadAttachments === true,
    attachmentPrefix: str(params.dataPropertyAttachmentsPrefixName, 'attachment_'),
    markAsRead: str(params.postProcessAction, 'read') === 'read',
    poll: { every: 1, unit: 'minutes' },
  });
};
