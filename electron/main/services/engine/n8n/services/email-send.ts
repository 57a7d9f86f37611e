import { type Mapper, type Params, action, names, obj, str, version } from './common';

/** n8n's Send Email node as the smtp integration. */

export const emailSend: Mapper = (node, params, ctx) => {
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
