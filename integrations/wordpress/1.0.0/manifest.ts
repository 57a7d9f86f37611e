import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const WordpressConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'Site URL', description: 'https://blog.example.com (its REST API is under /wp-json).' }),
});

const Id = z.number().int().min(1);
/** A post's or page's fields by the REST API's names: title, content, excerpt, status, slug, author, categories, tags, date… */
const Fields = z.record(z.string(), z.unknown()).meta({ description: 'Fields by their REST API names: title, content, excerpt, status (publish, draft, pending, private, future), slug, author, categories and tags (IDs), date, comment_status, sticky, template…' });
export const ListParams = z.object({
  search: z.string().optional(),
  status: z.string().optional().meta({ description: 'publish (default), draft, pending, private, future, or several separated by commas.' }),
  filters: z.record(z.string(), z.unknown()).default({}).meta({ description: 'More of the API\'s list arguments: orderby, order, author, categories, tags, after, before…' }),
  context: z.enum(['view', 'edit', 'embed']).default('view'),
  limit: z.number().int().min(1).optional().meta({ description: 'At most this many (all when empty).' }),
});
export const ItemRef = z.object({ id: Id, context: z.enum(['view', 'edit', 'embed']).default('view') });
export const CreateParams = z.object({ fields: Fields });
export const UpdateParams = z.object({ id: Id, fields: Fields });
export const DeleteParams = z.object({ id: Id, force: z.boolean().default(false).meta({ description: 'Delete for good instead of moving to the trash.' }) });
export const UserRef = z.object({ id: Id, context: z.enum(['view', 'edit', 'embed']).default('view') });
export const ListUsersParams = z.object({ search: z.string().optional(), context: z.enum(['view', 'edit', 'embed']).default('view'), limit: z.number().int().min(1).optional() });

const crud = (kind: 'Post' | 'Page', plural: string) =>
  [
    { id: `list${kind}s`, name: `List ${plural}`, description: `${kind}s matching a search and filters, every page; one item each.`, parameters: ListParams, sideEffects: false, output: 'items' as const },
    { id: `get${kind}`, name: `Get a ${kind.toLowerCase()}`, description: `One ${kind.toLowerCase()} by ID.`, parameters: ItemRef, sideEffects: false },
    { id: `create${kind}`, name: `Create a ${kind.toLowerCase()}`, description: `A new ${kind.toLowerCase()} (a draft unless the status says otherwise).`, parameters: CreateParams, recovery: 'wait' as const },
    { id: `update${kind}`, name: `Update a ${kind.toLowerCase()}`, description: 'Sets these fields, leaving the others.', parameters: UpdateParams },
    { id: `delete${kind}`, name: `Delete a ${kind.toLowerCase()}`, description: 'Moves it to the trash, or deletes it for good.', parameters: DeleteParams, recovery: 'wait' as const },
  ];

export default definePlugin({
  id: 'wordpress',
  name: 'WordPress',
  version: '1.0.0',
  description: 'Posts, pages and users of a WordPress site through its REST API, signed in with an application password.',
  category: 'Productivity',
  icon: 'file-text',
  type: 'api',
  auth: [{ type: 'basic' }],
  connection: WordpressConnection,
  healthCheck: { action: 'getMe' },
  actions: [
    ...crud('Post', 'posts'),
    ...crud('Page', 'pages'),
    { id: 'listUsers', name: 'List users', description: 'The site\'s users; one item each.', parameters: ListUsersParams, sideEffects: false, output: 'items' },
    { id: 'getUser', name: 'Get a user', description: 'One user by ID.', parameters: UserRef, sideEffects: false },
    { id: 'getMe', name: 'Check the sign-in', description: 'The user the application password belongs to.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});
