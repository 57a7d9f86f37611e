import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startDocsApi, type DocsApi } from '../fixtures/google-docs-api';
import { approvingBrowser, authorizedGoogleConnection } from '../helpers/google-connection';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: DocsApi;
let env: IntegrationsHost;
let visits: Promise<unknown>[];

beforeAll(async () => (api = await startDocsApi()));
afterAll(() => api.close());
beforeEach(async () => {
  visits = [];
  api.documents.clear();
  env = await integrationsHost({ browser: approvingBrowser(visits) });
});
afterEach(() => env.host.dispose());

const connect = () => authorizedGoogleConnection(env, 'google-docs', api, visits);
const { run, fail } = pluginActions(() => env, 'google-docs');

describe('Google Docs', () => {
  it('creates a document, appends, inserts, replaces and deletes text, and reads it back', async () => {
    const id = await connect();
    expect(api.oauth.authorizations.at(-1)).toMatchObject({ scope: 'https://www.googleapis.com/auth/documents', access_type: 'offline' });
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const created = (await run('create', { title: 'Journal' }, id)) as { documentId: string; content: string };
    expect(created).toMatchObject({ title: 'Journal', content: '\n' });
    const url = `https://docs.google.com/document/d/${created.documentId}/edit`;
    await run('update', { documentId: url, edits: [{ action: 'insertText', text: 'Day one: café.\n' }, { action: 'insertText', text: 'Day two.\n' }] }, id);
    await run('update', { documentId: created.documentId, edits: [{ action: 'insertText', text: 'Title\n', index: 1 }] }, id);
    const replaced = (await run('update', { documentId: created.documentId, edits: [{ action: 'replaceAll', find: 'DAY', replaceWith: 'Jour' }] }, id)) as { replaced: number; revisionId: string };
    expect(replaced.replaced).toBe(2);
    expect(await run('get', { documentId: url }, id)).toMatchObject({ title: 'Journal', content: 'Title\nJour one: café.\nJour two.\n\n' });
    await run('update', { documentId: created.documentId, edits: [{ action: 'deleteRange', startIndex: 1, endIndex: 7 }], requiredRevisionId: replaced.revisionId }, id);
    expect(api.documents.get(created.documentId)!.text).toBe('Jour one: café.\nJour two.\n\n');
    const full = (await run('get', { documentId: created.documentId, simple: false }, id)) as { body: { content: { startIndex?: number; endIndex: number }[] } };
    expect(full.body.content.map((element) => [element.startIndex ?? 0, element.endIndex])).toEqual([[0, 1], [1, 17], [17, 27], [27, 28]]);
  });

  it('refuses what Docs refuses, changing nothing', async () => {
    const id = await connect();
    const { documentId } = (await run('create', { title: 'Short' }, id)) as { documentId: string };
    await run('update', { documentId, edits: [{ action: 'insertText', text: 'abc\n' }] }, id);
    expect(await fail('update', { documentId, edits: [{ action: 'insertText', text: 'ok' }, { action: 'insertText', text: 'x', index: 99 }] }, id)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'Google Docs documents.batchUpdate failed: Invalid requests[1].insertText: Index 99 must be less than the end index of the referenced segment, 8. (INVALID_ARGUMENT).' },
    });
    expect(api.documents.get(documentId)!.text).toBe('abc\n\n');
    expect(await fail('update', { documentId, edits: [{ action: 'insertText', text: 'x' }], requiredRevisionId: 'ALm37B1' }, id)).toMatchObject({ ok: false, error: { message: expect.stringContaining('revision ID does not match') } });
    expect(await fail('update', { documentId, edits: [{ action: 'deleteRange', startIndex: 4, endIndex: 2 }] }, id)).toMatchObject({ ok: false, error: { message: 'A range to delete ends after it starts: 4–2 does not.' } });
    expect(await fail('get', { documentId: 'missing' }, id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('maps n8n Google Docs nodes', () => {
    const imported = importN8nWorkflow(
      {
        name: 'Docs',
        nodes: [
          { name: 'Append', type: 'n8n-nodes-base.googleDocs', typeVersion: 2, parameters: { actionsUi: { actionFields: [{ text: '={{ $json.output }}', action: 'insert' }, { action: 'replaceAll', text: 'TODO', replaceText: 'DONE', matchCase: true }] }, operation: 'update', documentURL: '14X5gcow' } },
          { name: 'Read', type: 'n8n-nodes-base.googleDocs', typeVersion: 2, parameters: { operation: 'get', documentURL: '={{ $json.id }}' } },
          { name: 'New', type: 'n8n-nodes-base.googleDocs', typeVersion: 2, parameters: { folderId: 'default', title: '={{ $json.title }}' } },
        ],
        connections: {},
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.map(({ type, parameters }) => ({ type, parameters }))).toEqual([
      { type: 'google-docs.update', parameters: { documentId: '14X5gcow', edits: [{ action: 'insertText', text: '{{ $json.output }}' }, { action: 'replaceAll', find: 'TODO', replaceWith: 'DONE', matchCase: true }], simple: true } },
      { type: 'google-docs.get', parameters: { documentId: '{{ $json.id }}', simple: true } },
      { type: 'google-docs.create', parameters: { title: '{{ $json.title }}' } },
    ]);
  });
});
