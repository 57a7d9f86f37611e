import { EchelonError } from '../../../shared/contract/errors';
import type { Block, PropertyValue } from './manifest';

/** Notion's objects as Echelon reads and writes them: IDs from URLs, plain values ↔ property values, n8n's simplified form. */

type Json = Record<string, unknown>;
export interface NotionPage {
  object: 'page';
  id: string;
  url?: string;
  created_time: string;
  last_edited_time: string;
  parent: { type: string; database_id?: string; page_id?: string };
  properties: Record<string, Json>;
}

/** A page, database or block ID from an ID or a notion.so URL (`…/Title-<32 hex>?v=…`, `…?p=<id>`, `…#<block id>`). */
export function notionId(value: string): string {
  const text = value.trim();
  if (!/^https?:\/\//i.test(text)) return text;
  const url = new URL(text);
  const fromQuery = url.searchParams.get('p');
  const hash = /^#?([0-9a-f]{32})$/i.exec(url.hash)?.[1];
  const inPath = [...url.pathname.matchAll(/([0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12})/gi)].at(-1)?.[1];
  const id = fromQuery ?? hash ?? inPath;
  if (!id) throw new EchelonError('invalid_input', `"${text}" is not a Notion link with a page, database or block ID in it: give the ID or the link Notion copies ("Copy link").`);
  return id;
}

/** Plain values of a list: an array, or a comma-separated text. */
const entries = (value: unknown): string[] => (Array.isArray(value) ? value.flat().map(String) : value === undefined || value === null ? [] : String(value).split(',')).map((entry) => entry.trim()).filter(Boolean);
const empty = (value: unknown) => value === undefined || value === null || value === '';

/** Rich text of plain text: Notion takes at most 2,000 characters per text object. */
export function richText(content: string): Json[] {
  const chunks: Json[] = [];
  for (let start = 0; start < content.length; start += 2000) chunks.push({ type: 'text', text: { content: content.slice(start, start + 2000) } });
  return chunks;
}

/** A property value in Notion's request shape. */
export function toNotionProperty(property: PropertyValue): Json {
  const { type, value } = property;
  switch (type) {
    case 'title':
    case 'rich_text':
      return { [type]: richText(empty(value) ? '' : typeof value === 'string' ? value : JSON.stringify(value)) };
    case 'number': {
      if (empty(value)) return { number: null };
      const number = Number(value);
      if (Number.isNaN(number)) throw new EchelonError('invalid_input', `Property "${property.name}" is a number, and "${String(value)}" is not one.`, { path: 'params.properties' });
      return { number };
    }
    case 'checkbox':
      return { checkbox: value === true || value === 'true' };
    case 'select':
    case 'status':
      return { [type]: empty(value) ? null : { name: String(value) } };
    case 'multi_select':
      return { multi_select: entries(value).map((name) => ({ name })) };
    case 'date':
      return { date: empty(value) ? null : { start: String(value), ...(property.end ? { end: property.end } : {}) } };
    case 'url':
    case 'email':
    case 'phone_number':
      return { [type]: empty(value) ? null : String(value) };
    case 'relation':
    case 'people':
      return { [type]: entries(value).map((id) => ({ id: notionId(id) })) };
    case 'files':
      return { files: entries(value).map((url) => ({ name: url.split('/').pop()?.slice(0, 100) || url, type: 'external', external: { url } })) };
  }
}

export function toNotionBlock(block: Block): Json {
  if (block.type === 'image') return { object: 'block', type: 'image', image: { type: 'external', external: { url: block.text } } };
  const content: Json = { rich_text: richText(block.text) };
  if (block.type === 'to_do') content.checked = block.checked ?? false;
  if (block.type === 'code') content.language = 'plain text';
  return { object: 'block', type: block.type, [block.type]: content };
}

const plain = (texts: unknown) => (Array.isArray(texts) ? texts.map((text) => String((text as Json).plain_text ?? '')).join('') : '');

/** A property's value as n8n's "simplify" gives it. */
function simplifyProperty(property: Json): unknown {
  const type = String(property.type);
  const value = property[type] as never;
  switch (type) {
    case 'title':
    case 'rich_text':
      return plain(value);
    case 'select':
    case 'status':
    case 'created_by':
    case 'last_edited_by':
      return value ? (value as Json).name ?? null : null;
    case 'multi_select':
      return ((value as Json[] | null) ?? []).map((option) => option.name);
    case 'people':
      return ((value as Json[] | null) ?? []).map((person) => (person.person as Json | undefined)?.email ?? {});
    case 'relation':
      return ((value as Json[] | null) ?? []).map((entry) => entry.id);
    case 'files':
      return ((value as Json[] | null) ?? []).map((file) => (file[String(file.type)] as Json | undefined)?.url);
    case 'formula':
      return value ? (value as Json)[String((value as Json).type)] : null;
    case 'rollup': {
      const rollup = (value ?? {}) as Json;
      return rollup.type === 'array' ? ((rollup.array as Json[]) ?? []).map(simplifyProperty) : rollup[String(rollup.type)];
    }
    case 'unique_id': {
      const unique = (value ?? {}) as Json;
      return unique.prefix ? `${String(unique.prefix)}-${String(unique.number)}` : unique.number;
    }
    default:
      return value;
  }
}

/** A property name as n8n keys it: property_ and the name in snake case ("Due Date" → property_due_date). */
export function propertyKey(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return `property_${words.join('_').toLowerCase()}`;
}

const titleOf = (properties: Record<string, Json>) => plain(Object.values(properties).find((property) => property.type === 'title')?.title);

/** n8n's simplified page or database: id, name, url, and (database pages) each property as property_<name> (or, as n8n's version 1, under its own name). */
export function simplify(object: Json, plainNames = false): Json {
  if (object.object === 'database') return { id: object.id, name: plain(object.title), url: object.url };
  const page = object as unknown as NotionPage;
  if (page.parent?.type !== 'database_id') return { id: page.id, name: titleOf(page.properties), url: page.url };
  const properties = Object.fromEntries(Object.entries(page.properties).map(([name, property]) => [plainNames ? name : propertyKey(name), simplifyProperty(property)]));
  return plainNames ? { id: page.id, ...properties } : { id: page.id, name: titleOf(page.properties), url: page.url, ...properties };
}

/** n8n's simplified block: its text as `content`, its timestamps and author left out, the page it was read from as root_id. */
export function simplifyBlock(block: Json, rootId: string): Json {
  const type = String(block.type);
  const { created_time: _created, last_edited_time: _edited, created_by: _by, [type]: content, ...rest } = block;
  const body = (content ?? {}) as Json;
  if (type === 'child_page' || type === 'child_database') return { ...rest, root_id: rootId, content: body.title };
  const texts = body.rich_text ?? body.text;
  if (Array.isArray(texts)) return { ...rest, root_id: rootId, content: plain(texts) };
  return { ...block, root_id: rootId };
}
