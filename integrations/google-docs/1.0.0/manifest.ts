import { z } from 'zod';
import { googleAuth } from '../../../shared/integrations/google';
import { definePlugin } from '../../../shared/integrations/manifest';

export const DocsConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'API URL' }).default('https://docs.googleapis.com'),
});

const DocumentId = z.string().trim().min(1).meta({ description: 'The document ID, or its URL (https://docs.google.com/document/d/ID/edit).' });
const Simple = z.boolean().default(true).meta({ description: 'The document\'s ID and plain text; off for Google\'s full structure.' });

export const Edit = z.discriminatedUnion('action', [
  z.object({ action: z.literal('insertText'), text: z.string(), index: z.number().int().min(1).optional().meta({ description: 'Where to insert (1 is the start); the end of the body when empty.' }) }),
  z.object({ action: z.literal('replaceAll'), find: z.string().min(1), replaceWith: z.string().default(''), matchCase: z.boolean().default(false) }),
  z.object({ action: z.literal('deleteRange'), startIndex: z.number().int().min(1), endIndex: z.number().int().min(2) }),
  z.object({ action: z.literal('insertPageBreak'), index: z.number().int().min(1).optional() }),
]);

export const CreateParams = z.object({ title: z.string().min(1) });
export const GetParams = z.object({ documentId: DocumentId, simple: Simple });
export const UpdateParams = z.object({
  documentId: DocumentId,
  edits: z.array(Edit).min(1).meta({ description: 'Applied in order, in one batch: all or none.' }),
  requiredRevisionId: z.string().optional().meta({ description: 'Refuse the edit if the document changed since this revision.' }),
  simple: Simple,
});

export default definePlugin({
  id: 'google-docs',
  name: 'Google Docs',
  version: '1.0.0',
  description: 'Create documents, read their text, and insert, replace or delete text in one atomic batch.',
  category: 'Productivity',
  icon: 'file-text',
  type: 'api',
  auth: googleAuth(['https://www.googleapis.com/auth/documents']),
  connection: DocsConnection,
  rateLimit: { requestsPerSecond: 5, burst: 10 },
  healthCheck: { action: 'check' },
  actions: [
    { id: 'create', name: 'Create a document', description: 'An empty document with a title, in My Drive.', parameters: CreateParams, recovery: 'wait' },
    { id: 'get', name: 'Get a document', description: 'Its text, or Google\'s full structure.', parameters: GetParams, sideEffects: false },
    { id: 'update', name: 'Edit a document', description: 'Inserts, replaces and deletes text.', parameters: UpdateParams },
    { id: 'check', name: 'Check the connection', description: 'Asks Docs for a document that does not exist: a 404 means signed in.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});
