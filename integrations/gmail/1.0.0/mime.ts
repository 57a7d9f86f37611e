import { randomBytes } from 'node:crypto';

/** An RFC 5322 message as Gmail's `raw` field takes it: headers, text and HTML, attachments. */

export interface Attachment {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface Message {
  from?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text?: string;
  html?: string;
  replyTo?: string;
  inReplyTo?: string;
  references?: string;
  attachments: Attachment[];
}

/** A header value with non-ASCII text as an RFC 2047 encoded word. */
function encodeHeader(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

const wrap = (base64: string) => base64.replace(/.{1,76}/g, '$&\r\n').trimEnd();
const boundary = () => `echelon-${randomBytes(12).toString('hex')}`;

function textPart(contentType: string, body: string): string {
  return `Content-Type: ${contentType}; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap(Buffer.from(body, 'utf8').toString('base64'))}`;
}

function multipart(kind: string, parts: string[]): string {
  const mark = boundary();
  return `Content-Type: multipart/${kind}; boundary="${mark}"\r\n\r\n${parts.map((part) => `--${mark}\r\n${part}\r\n`).join('')}--${mark}--`;
}

export function buildMessage(message: Message): string {
  const headers: string[] = [];
  if (message.from) headers.push(`From: ${encodeHeader(message.from)}`);
  if (message.to.length > 0) headers.push(`To: ${message.to.map(encodeHeader).join(', ')}`);
  if (message.cc.length > 0) headers.push(`Cc: ${message.cc.map(encodeHeader).join(', ')}`);
  if (message.bcc.length > 0) headers.push(`Bcc: ${message.bcc.map(encodeHeader).join(', ')}`);
  if (message.replyTo) headers.push(`Reply-To: ${encodeHeader(message.replyTo)}`);
  if (message.inReplyTo) headers.push(`In-Reply-To: ${message.inReplyTo}`);
  if (message.references) headers.push(`References: ${message.references}`);
  headers.push(`Subject: ${encodeHeader(message.subject)}`, 'MIME-Version: 1.0');

  const bodies: string[] = [];
  if (message.text !== undefined) bodies.push(textPart('text/plain', message.text));
  if (message.html !== undefined) bodies.push(textPart('text/html', message.html));
  if (bodies.length === 0) bodies.push(textPart('text/plain', ''));
  let body = bodies.length === 1 ? bodies[0]! : multipart('alternative', bodies);
  if (message.attachments.length > 0) {
    const files = message.attachments.map((file) => {
      const name = encodeHeader(file.fileName).replace(/"/g, '');
      return `Content-Type: ${file.contentType}; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap(file.bytes.toString('base64'))}`;
    });
    body = multipart('mixed', [body, ...files]);
  }
  return `${headers.join('\r\n')}\r\n${body}`;
}
