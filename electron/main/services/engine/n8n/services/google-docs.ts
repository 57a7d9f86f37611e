import { type Mapper, type Params, action, list, locator, obj, str } from './common';

/** n8n's Google Docs node as the google-docs integration. */

/** One of n8n's update actions as an edit, or undefined for the kinds Echelon has no edit for (tables, bullets, named ranges…). */
function edit(field: Params): Params | undefined {
  const where: Params = str(field.locationChoice, 'endOfSegmentLocation') === 'location' ? { index: Number(field.index ?? 1) } : {};
  const kind = str(field.action, 'insert');
  const object = str(field.object, 'text');
  if (kind === 'insert' && object === 'text') return { action: 'insertText', text: str(field.text), ...where };
  if (kind === 'insert' && object === 'pageBreak') return { action: 'insertPageBreak', ...where };
  if (kind === 'replaceAll') return { action: 'replaceAll', find: str(field.text), replaceWith: str(field.replaceText), matchCase: field.matchCase === true };
  return undefined;
}

export const googleDocs: Mapper = (node, params, ctx) => {
  const docs = (actionId: string, parameters: Params) => action(node, ctx, 'google-docs', 'Google Docs', actionId, parameters);
  const documentId = locator(params.documentURL).value;
  switch (str(params.operation, 'create')) {
    case 'create': {
      const folder = locator(params.folderId).value;
      if (folder && folder !== 'default') ctx.notes.push(`"${node.name}": the document is created in My Drive; move it to the folder with a Google Drive "Move a file" step.`);
      return docs('create', { title: str(params.title) });
    }
    case 'get':
      return docs('get', { documentId, simple: params.simple !== false });
    case 'update': {
      const edits = list(obj(params.actionsUi).actionFields).map((field) => edit(obj(field)));
      if (edits.length === 0 || edits.some((entry) => entry === undefined)) return undefined;
      const revision = str(obj(obj(params.updateFields).writeControlObject).value);
      return docs('update', { documentId, edits: edits as Params[], ...(revision ? { requiredRevisionId: revision } : {}), simple: params.simple !== false });
    }
    default:
      return undefined;
  }
};
