import { simpleParser, type ParsedMail } from 'mailparser';
import type { SearchObject } from 'imapflow';
import { EchelonError } from '../../../shared/contract/errors';

/** Messages as n8n's Email Trigger (IMAP) gives them, and its search rules in imapflow's terms. */

export interface Attachment {
  content: Buffer;
  fileName?: string;
  contentType: string;
}
export interface MailItem {
  json: Record<string, unknown>;
  attachments: Attachment[];
}
export type Format = 'simple' | 'resolved' | 'raw';

/** Headers a simple item carries at the top; the others go under metadata. */
const TOP_LEVEL = ['cc', 'date', 'from', 'subject', 'to'];
const headerValue = (line: string) => line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
const bodyOf = (source: Buffer) => {
  const text = source.toString('utf8');
  const split = /\r?\n\r?\n/.exec(text);
  return split ? text.slice(split.index + split[0].length) : '';
};

/** One message (its full source) in a format, its attachments apart for the caller to store as binary data. */
export async function mailItem(source: Buffer, uid: number, format: Format, withAttachments: boolean): Promise<MailItem> {
  if (format === 'raw') return { json: { raw: bodyOf(source), attributes: { uid } }, attachments: [] };
  const parsed: ParsedMail = await simpleParser(source);
  const attachments = format === 'resolved' || withAttachments ? parsed.attachments.map((file) => ({ content: file.content, fileName: file.filename, contentType: file.contentType })) : [];
  if (format === 'resolved') {
    const { headerLines, attachments: _files, headers: _map, ...rest } = parsed;
    // JSON round trip: dates become ISO text, as n8n's version 2.2 stores them.
    const json = JSON.parse(JSON.stringify({ ...rest, headers: Object.fromEntries(headerLines.map((header) => [header.key, header.line])) })) as Record<string, unknown>;
    return { json: { ...json, attributes: { uid } }, attachments };
  }
  const json: Record<string, unknown> = { textHtml: parsed.html === false ? '' : (parsed.html ?? ''), textPlain: parsed.text ?? '', metadata: {}, attributes: { uid } };
  const decoded: Record<string, string | undefined> = { subject: parsed.subject, from: parsed.from?.text, to: [parsed.to ?? []].flat()[0]?.text, cc: [parsed.cc ?? []].flat()[0]?.text };
  for (const header of parsed.headerLines) {
    if (header.key in json || header.key in (json.metadata as object)) continue;
    if (TOP_LEVEL.includes(header.key)) json[header.key] = decoded[header.key] ?? headerValue(header.line);
    else (json.metadata as Record<string, string>)[header.key] = headerValue(header.line);
  }
  return { json, attachments };
}

const FLAGS: Record<string, SearchObject> = {
  ALL: { all: true },
  ANSWERED: { answered: true },
  UNANSWERED: { answered: false },
  DELETED: { deleted: true },
  UNDELETED: { deleted: false },
  DRAFT: { draft: true },
  UNDRAFT: { draft: false },
  FLAGGED: { flagged: true },
  UNFLAGGED: { flagged: false },
  SEEN: { seen: true },
  UNSEEN: { seen: false },
  NEW: { new: true },
  OLD: { old: true },
  RECENT: { recent: true },
};
const TEXT_KEYS: Record<string, keyof SearchObject> = { FROM: 'from', TO: 'to', CC: 'cc', BCC: 'bcc', SUBJECT: 'subject', BODY: 'body', TEXT: 'text', KEYWORD: 'keyword', UNKEYWORD: 'unKeyword', UID: 'uid' };
const DATE_KEYS: Record<string, keyof SearchObject> = { SINCE: 'since', BEFORE: 'before', ON: 'on', SENTSINCE: 'sentSince', SENTBEFORE: 'sentBefore', SENTON: 'sentOn' };

function date(value: unknown, rule: string): Date {
  const parsed = new Date(String(value));
  if (Number.isNaN(parsed.getTime())) throw new EchelonError('invalid_input', `The search rule ${rule} needs a date, and "${String(value)}" is not one (write e.g. 2024-05-20).`, { path: 'params.criteria' });
  return parsed;
}

/** One rule: "UNSEEN", "!SEEN", ["FROM", "x"], ["OR", a, b], ["NOT", rule]. */
function rule(entry: unknown): SearchObject {
  if (typeof entry === 'string') {
    const negated = entry.startsWith('!');
    const name = entry.replace(/^!/, '').toUpperCase();
    const found = FLAGS[name];
    if (!found) throw new EchelonError('invalid_input', `"${entry}" is not an IMAP search rule: use ALL, SEEN, UNSEEN, FLAGGED, ANSWERED, DELETED, DRAFT… or a list such as ["FROM", "a@b.c"].`, { path: 'params.criteria' });
    return negated ? { not: found } : found;
  }
  if (!Array.isArray(entry) || entry.length === 0) throw new EchelonError('invalid_input', `${JSON.stringify(entry)} is not an IMAP search rule: write "UNSEEN" or a list such as ["SUBJECT", "invoice"].`, { path: 'params.criteria' });
  const [head, ...args] = entry as [unknown, ...unknown[]];
  const name = String(head).replace(/^!/, '').toUpperCase();
  let result: SearchObject;
  if (name === 'OR') result = { or: args.map((part) => (Array.isArray(part) && Array.isArray(part[0]) ? combine(part) : rule(part))) };
  else if (name === 'NOT') result = { not: rule(args[0]) };
  else if (name === 'HEADER') result = { header: { [String(args[0])]: String(args[1] ?? '') } };
  else if (name === 'LARGER' || name === 'SMALLER') result = { [name.toLowerCase()]: Number(args[0]) };
  else if (TEXT_KEYS[name]) result = { [TEXT_KEYS[name]]: String(args[0] ?? '') };
  else if (DATE_KEYS[name]) result = { [DATE_KEYS[name]]: date(args[0], name) };
  else if (FLAGS[name] && args.length === 0) result = FLAGS[name];
  else throw new EchelonError('invalid_input', `"${String(head)}" is not an IMAP search rule this node knows: use FROM, TO, CC, SUBJECT, BODY, TEXT, SINCE, BEFORE, ON, HEADER, LARGER, SMALLER, UID, OR or NOT.`, { path: 'params.criteria' });
  return String(head).startsWith('!') ? { not: result } : result;
}

/** Every rule must match: one search object (IMAP ANDs the keys side by side). */
function combine(rules: unknown[]): SearchObject {
  const all: SearchObject = {};
  for (const entry of rules) {
    for (const [key, value] of Object.entries(rule(entry))) {
      if (key in all) {
        throw new EchelonError('invalid_input', `The search rules name ${key} twice: join the two with ["OR", …] or keep one.`, { path: 'params.criteria' });
      }
      (all as Record<string, unknown>)[key] = value;
    }
  }
  return Object.keys(all).length > 0 ? all : { all: true };
}

/** n8n's custom search rules (a list, or its JSON text) as an imapflow search. */
export function searchOf(criteria: unknown[] | string): SearchObject {
  let rules: unknown = criteria;
  if (typeof criteria === 'string') {
    try {
      rules = criteria.trim() === '' ? [] : JSON.parse(criteria);
    } catch {
      throw new EchelonError('invalid_input', 'The search rules are not valid JSON: write a list such as ["UNSEEN", ["FROM", "billing@example.com"]].', { path: 'params.criteria' });
    }
  }
  return combine(Array.isArray(rules) ? rules : [rules]);
}
