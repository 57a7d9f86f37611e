import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { DEFAULT_POLL, PollSchedule } from '../../../shared/integrations/service-triggers';

export const NotionConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'API URL' }).default('https://api.notion.com'),
});

const Id = (what: string) => z.string().trim().min(1).meta({ description: `The ${what}'s ID, or its notion.so URL.` });
const Simple = z.boolean().default(true).meta({ description: 'n8n\'s simplified output: id, name, url and each property as property_<name> with a plain value; off for Notion\'s full object.' });
/** n8n's version 1 simplified a database page to its properties under their own names, without name and url. */
const PlainNames = z.boolean().default(false).meta({ description: 'Simplified pages as n8n\'s first Notion node gave them: id and the properties under their own names.' });
const Limit = z.number().int().min(1).max(100_000).optional().meta({ description: 'At most this many (all when empty).' });
/** A Notion filter object (https://developers.notion.com/reference/post-database-query-filter), or its JSON text. */
const Filter = z.union([z.record(z.string(), z.unknown()), z.string()]).optional().meta({ description: 'A Notion filter, e.g. {"property":"Status","status":{"equals":"Done"}} (an object or JSON text).' });

export const PropertyType = z.enum(['title', 'rich_text', 'number', 'checkbox', 'select', 'multi_select', 'status', 'date', 'url', 'email', 'phone_number', 'relation', 'people', 'files']);
/** One property to set, by name and type; the value in plain form (text, number, names, IDs), turned into Notion's shape. */
export const PropertyValue = z.object({
  name: z.string().min(1),
  type: PropertyType,
  value: z.unknown().meta({ description: 'Text, a number, true/false, a date, a name or names (select), IDs (relation, people) or URLs (files); a list or comma-separated.' }),
  end: z.string().optional().meta({ description: 'A date range\'s end.' }),
});
export type PropertyValue = z.output<typeof PropertyValue>;
const Properties = z.array(PropertyValue).default([]);

export const BlockType = z.enum(['paragraph', 'heading_1', 'heading_2', 'heading_3', 'bulleted_list_item', 'numbered_list_item', 'to_do', 'toggle', 'quote', 'code', 'image']);
export const Block = z.object({
  type: BlockType.default('paragraph'),
  text: z.string().default('').meta({ 'x-multiline': true, description: 'The text (an image\'s URL for an image).' }),
  checked: z.boolean().optional().meta({ description: 'A to-do\'s state.' }),
});
export type Block = z.output<typeof Block>;
const Blocks = z.array(Block).default([]);

export const DatabaseRef = z.object({ databaseId: Id('database') });
export const PageRef = z.object({ pageId: Id('page') });
export const QueryParams = DatabaseRef.extend({
  filter: Filter,
  sorts: z.array(z.record(z.string(), z.unknown())).default([]).meta({ description: 'Notion sorts, e.g. [{"property":"Due","direction":"ascending"}] or [{"timestamp":"created_time","direction":"descending"}].' }),
  limit: Limit,
  simple: Simple,
  plainNames: PlainNames,
});
export const GetDatabaseParams = DatabaseRef.extend({ simple: Simple });
export const GetPageParams = PageRef.extend({ simple: Simple, plainNames: PlainNames });
export const CreatePageParams = z.object({
  databaseId: Id('database').optional().meta({ description: 'A page in this database (its properties set below)…' }),
  parentPageId: Id('page').optional().meta({ description: '…or a page under this page.' }),
  title: z.string().optional().meta({ description: 'The title (the database\'s title property when in a database).' }),
  properties: Properties,
  blocks: Blocks.meta({ description: 'The page\'s content.' }),
  icon: z.string().optional().meta({ description: 'An emoji, or an image URL.' }),
  simple: Simple,
  plainNames: PlainNames,
});
export const UpdatePageParams = PageRef.extend({ properties: Properties, icon: z.string().optional(), archived: z.boolean().optional(), simple: Simple, plainNames: PlainNames });
export const AppendBlocksParams = z.object({ blockId: Id('page or block'), blocks: Blocks });
export const BlockChildrenParams = z.object({
  blockId: Id('page or block'),
  limit: Limit,
  nested: z.boolean().default(false).meta({ description: 'Also the children of the children, each with its parent_id.' }),
  simple: Simple.meta({ description: 'Each block\'s text as content, its timestamps left out; off for Notion\'s blocks.' }),
});
export const SearchParams = z.object({
  query: z.string().default(''),
  object: z.enum(['page', 'database', 'any']).default('any'),
  sortDirection: z.enum(['ascending', 'descending']).optional().meta({ description: 'By last edit time.' }),
  limit: Limit,
  simple: Simple,
});
export const UserRef = z.object({ userId: z.string().trim().min(1) });
export const ListUsersParams = z.object({ limit: Limit });
export const PageInDatabaseParams = DatabaseRef.extend({
  event: z.enum(['pageAdded', 'pageUpdated']).default('pageAdded'),
  simple: Simple,
  plainNames: PlainNames,
  poll: PollSchedule.default(DEFAULT_POLL),
});

export default definePlugin({
  id: 'notion',
  name: 'Notion',
  version: '1.0.0',
  description: 'Query databases, create, update and archive pages, read and append blocks, search and list users; start workflows when pages are added or updated.',
  category: 'Productivity',
  icon: 'file-text',
  type: 'api',
  auth: [{ type: 'bearer' }],
  connection: NotionConnection,
  // Notion allows an average of three requests per second per integration.
  rateLimit: { requestsPerSecond: 3, burst: 10 },
  healthCheck: { action: 'getMe' },
  actions: [
    { id: 'queryDatabase', name: 'Query a database', description: 'Pages of a database matching a filter, sorted, every page; one item each.', parameters: QueryParams, sideEffects: false, output: 'items' },
    { id: 'getDatabase', name: 'Get a database', description: 'A database: its title and properties.', parameters: GetDatabaseParams, sideEffects: false },
    { id: 'getPage', name: 'Get a page', description: 'One page with its properties.', parameters: GetPageParams, sideEffects: false },
    { id: 'createPage', name: 'Create a page', description: 'A page in a database (with properties) or under a page, with content blocks.', parameters: CreatePageParams, recovery: 'wait' },
    { id: 'updatePage', name: 'Update a page', description: 'Sets these properties (and icon), leaving the others; archives or restores it.', parameters: UpdatePageParams },
    { id: 'archivePage', name: 'Archive a page', description: 'Moves the page to the trash.', parameters: PageRef },
    { id: 'appendBlocks', name: 'Append blocks', description: 'Adds content blocks at the end of a page or block.', parameters: AppendBlocksParams, recovery: 'wait' },
    { id: 'getBlockChildren', name: 'Get child blocks', description: 'The content of a page or block, every page; one item each.', parameters: BlockChildrenParams, sideEffects: false, output: 'items' },
    { id: 'search', name: 'Search', description: 'Pages and databases shared with the integration whose title matches; one item each.', parameters: SearchParams, sideEffects: false, output: 'items' },
    { id: 'listUsers', name: 'List users', description: 'The workspace\'s people and bots; one item each.', parameters: ListUsersParams, sideEffects: false, output: 'items' },
    { id: 'getUser', name: 'Get a user', description: 'One user by ID.', parameters: UserRef, sideEffects: false },
    { id: 'getMe', name: 'Check the token', description: 'The bot user of the integration token.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [{ id: 'pageInDatabase', name: 'On a page added or updated', description: 'Pages of a database created (or edited) since the last check, oldest first.', parameters: PageInDatabaseParams }],
});
