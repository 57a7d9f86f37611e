import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectGoogleOk, googleIdOf, googleJson } from '../../../shared/integrations/google';
import type { HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { CreateParams, DocsConnection, Edit, GetParams, UpdateParams } from './manifest';

type Context = ActionContext<z.output<typeof DocsConnection>>;
interface StructuralElement {
  paragraph?: { elements: { textRun?: { content: string } }[] };
  table?: { tableRows: { tableCells: { content: StructuralElement[] }[] }[] };
}
interface Document {
  documentId: string;
  title: string;
  revisionId?: string;
  body: { content: StructuralElement[] };
}

const call = <T = Document>(ctx: Context, what: string, request: HttpRequest) => googleJson<T>(ctx.request, `Google Docs ${what}`, request);
const documentUrl = (id: string) => `v1/documents/${encodeURIComponent(googleIdOf(id))}`;

/** The document's text, paragraphs and table cells in reading order. */
function textOf(content: StructuralElement[]): string {
  return content
    .map((element) => {
      if (element.paragraph) return element.paragraph.elements.map((run) => run.textRun?.content ?? '').join('');
      if (element.table) return element.table.tableRows.flatMap((row) => row.tableCells.map((cell) => textOf(cell.content))).join('');
      return '';
    })
    .join('');
}

const simple = (document: Document) => ({ documentId: document.documentId, title: document.title, revisionId: document.revisionId, content: textOf(document.body.content) });

/** One edit as the Docs batchUpdate request it is; without an index, at the end of the body. */
function request(edit: z.output<typeof Edit>): Record<string, unknown> {
  const where = (index: number | undefined) => (index === undefined ? { endOfSegmentLocation: { segmentId: '' } } : { location: { index } });
  switch (edit.action) {
    case 'insertText':
      return { insertText: { text: edit.text, ...where(edit.index) } };
    case 'replaceAll':
      return { replaceAllText: { containsText: { text: edit.find, matchCase: edit.matchCase }, replaceText: edit.replaceWith } };
    case 'deleteRange':
      if (edit.endIndex <= edit.startIndex) throw new EchelonError('invalid_input', `A range to delete ends after it starts: ${edit.startIndex}–${edit.endIndex} does not.`);
      return { deleteContentRange: { range: { startIndex: edit.startIndex, endIndex: edit.endIndex } } };
    case 'insertPageBreak':
      return { insertPageBreak: where(edit.index) };
  }
}

export default defineIntegrationCode({
  actions: {
    async create(params: z.output<typeof CreateParams>, ctx: Context) {
      return simple(await call(ctx, 'documents.create', { method: 'POST', url: 'v1/documents', body: { type: 'json', value: { title: params.title } } }));
    },
    async get(params: z.output<typeof GetParams>, ctx: Context) {
      const document = await call(ctx, 'documents.get', { url: documentUrl(params.documentId) });
      return params.simple ? simple(document) : document;
    },
    async update(params: z.output<typeof UpdateParams>, ctx: Context) {
      const answer = await call<{ documentId: string; replies: Record<string, unknown>[]; writeControl?: { requiredRevisionId: string } }>(ctx, 'documents.batchUpdate', {
        method: 'POST',
        url: `${documentUrl(params.documentId)}:batchUpdate`,
        body: { type: 'json', value: { requests: params.edits.map(request), ...(params.requiredRevisionId ? { writeControl: { requiredRevisionId: params.requiredRevisionId } } : {}) } },
      });
      if (!params.simple) return answer;
      const replaced = answer.replies.reduce((sum, reply) => sum + Number((reply.replaceAllText as { occurrencesChanged?: number } | undefined)?.occurrencesChanged ?? 0), 0);
      return { documentId: answer.documentId, revisionId: answer.writeControl?.requiredRevisionId, replaced };
    },
    async check(_params: Record<string, never>, ctx: Context) {
      const response = await ctx.request({ url: 'v1/documents/echelon-connection-check' });
      if (response.status !== 404) expectGoogleOk(response, 'Google Docs');
      return { ok: true };
    },
  },
});
