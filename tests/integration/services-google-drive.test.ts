import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startDriveApi, type DriveApi } from '../fixtures/google-drive-api';
import { waitUntil } from '../helpers/api';
import { chain, manualStart, node } from '../helpers/engine';
import { approvingBrowser, authorizedGoogleConnection } from '../helpers/google-connection';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: DriveApi;
let env: IntegrationsHost;
let visits: Promise<unknown>[];

beforeAll(async () => (api = await startDriveApi()));
afterAll(() => api.close());
beforeEach(async () => {
  visits = [];
  api.files.clear();
  env = await integrationsHost({ browser: approvingBrowser(visits) });
});
afterEach(() => env.host.dispose());

const connect = () => authorizedGoogleConnection(env, 'google-drive', api, visits);
const { run, fail } = pluginActions(() => env, 'google-drive');
const FOLDER = 'application/vnd.google-apps.folder';

describe('Google Drive', () => {
  it('creates folders and text files, searches them, copies, moves, shares and deletes', async () => {
    const id = await connect();
    expect(api.oauth.authorizations.at(-1)).toMatchObject({ scope: 'https://www.googleapis.com/auth/drive', access_type: 'offline' });
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const reports = (await run('createFolder', { name: 'Reports' }, id)) as { id: string; parents: string[] };
    expect(reports.parents).toEqual([api.rootId]);
    const note = (await run('createFromText', { name: "Ada's notes.txt", content: 'première ligne\n', folderId: `https://drive.google.com/drive/folders/${reports.id}` }, id)) as { id: string; mimeType: string };
    expect(api.files.get(note.id)).toMatchObject({ name: "Ada's notes.txt", mimeType: 'text/plain', parents: [reports.id], bytes: Buffer.from('première ligne\n') });
    const doc = (await run('createFromText', { name: 'Plan', content: 'Plan', convertToGoogleDocument: true }, id)) as { mimeType: string };
    expect(doc.mimeType).toBe('application/vnd.google-apps.document');

    expect(((await run('list', { folderId: reports.id }, id)) as { name: string }[]).map((file) => file.name)).toEqual(["Ada's notes.txt"]);
    expect(((await run('list', { name: "ada's" }, id)) as { id: string }[]).map((file) => file.id)).toEqual([note.id]);
    expect(((await run('list', { whatToSearch: 'folders' }, id)) as { mimeType: string }[]).map((file) => file.mimeType)).toEqual([FOLDER]);
    expect(((await run('list', { query: "mimeType = 'application/vnd.google-apps.document'" }, id)) as { name: string }[]).map((file) => file.name)).toEqual(['Plan']);

    const copy = (await run('copy', { fileId: note.id, name: 'Copy.txt', folderId: 'root' }, id)) as { id: string };
    expect(api.files.get(copy.id)).toMatchObject({ name: 'Copy.txt', parents: [api.rootId], bytes: Buffer.from('première ligne\n') });
    expect(await run('move', { fileId: copy.id, folderId: reports.id }, id)).toMatchObject({ id: copy.id, parents: [reports.id] });
    expect(await run('share', { fileId: note.id, role: 'writer', type: 'user', emailAddress: 'grace@example.com', sendNotificationEmail: false }, id)).toMatchObject({ role: 'writer', type: 'user', emailAddress: 'grace@example.com' });
    expect(api.files.get(note.id)!.permissions).toEqual([expect.objectContaining({ emailAddress: 'grace@example.com', notified: false })]);
    expect(await fail('share', { fileId: note.id, type: 'user' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Sharing with a user needs its email address.' } });

    await run('delete', { fileId: copy.id }, id);
    expect(api.files.get(copy.id)!.trashed).toBe(true);
    expect(((await run('list', { folderId: reports.id }, id)) as unknown[]).length).toBe(1);
    expect(((await run('list', { folderId: reports.id, includeTrashed: true }, id)) as unknown[]).length).toBe(2);
    await run('delete', { fileId: copy.id, permanently: true }, id);
    expect(api.files.has(copy.id)).toBe(false);
    expect(await fail('move', { fileId: 'gone', folderId: 'root' }, id)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Google Drive files.get failed: File not found: gone.' } });
  });

  it('downloads files (Google files exported) and uploads binary data in a workflow', async () => {
    const id = await connect();
    const pdf = Buffer.from('%PDF-1.7 \u00ff\u0000 stand-in', 'latin1');
    const source = api.add({ name: 'invoice.pdf', mimeType: 'application/pdf', bytes: pdf });
    const archive = api.add({ name: 'Archive', mimeType: FOLDER });
    const doc = api.add({ name: 'Minutes', mimeType: 'application/vnd.google-apps.document', bytes: Buffer.from('exported text') });
    await env.host.engine.start({ owner: 'test', recover: true });
    const saved = env.host.engine.workflows.save({
      document: chain('Archive the invoice', [
        manualStart(),
        node('google-drive.download', { fileId: `https://drive.google.com/file/d/${source.id}/view` }, { id: 'down', name: 'Download', connection: id }),
        node('google-drive.upload', { name: '2024 {{ $json.name }}', folderId: archive.id }, { id: 'up', name: 'Upload', connection: id }),
        node('google-drive.download', { fileId: doc.id, binaryProperty: 'minutes', exportAs: { docs: 'text/plain' } }, { id: 'doc', name: 'Export', connection: id }),
      ]),
    });
    const { row } = await env.host.engine.run({ workflowId: saved.id });
    await env.host.engine.waitFor(row.id);
    const detail = env.host.engine.detail(row.id);
    expect(detail.status).toBe('succeeded');
    const uploaded = [...api.files.values()].find((file) => file.parents.includes(archive.id))!;
    expect(uploaded).toMatchObject({ name: '2024 invoice.pdf', mimeType: 'application/pdf', bytes: pdf });
    const exported = api.requests.find((request) => request.path.endsWith('/export'))!;
    expect(exported.url.searchParams.get('mimeType')).toBe('text/plain');
    expect(JSON.stringify(detail.steps.find((step) => step.nodeId === 'doc'))).toContain('"mimeType":"text/plain"');
    expect(await fail('upload', { name: 'x' }, id)).toMatchObject({ ok: false, error: { message: 'The item has no binary data "data" to upload.' } });
  });

  it('starts runs for files created in a folder after the trigger is on, from the changes feed', async () => {
    const id = await connect();
    const inbox = api.add({ name: 'Inbox', mimeType: FOLDER });
    api.add({ name: 'old.pdf', mimeType: 'application/pdf', parents: [inbox.id] });
    await env.host.engine.start({ owner: 'test', recover: true, schedules: true });
    const saved = env.host.engine.workflows.save({
      document: chain('Filed', [
        node('google-drive.changes', { event: 'fileCreated', folderId: inbox.id, poll: { every: 1, unit: 'seconds' } }, { id: 'changes', name: 'New file', connection: id }),
        node('google-drive.copy', { fileId: '{{ $json.id }}', name: 'seen {{ $json.name }}', folderId: 'root' }, { id: 'copy', name: 'Copy', connection: id }),
      ]),
    });
    await waitUntil(() => (api.requests.some((request) => request.path === '/drive/v3/changes/startPageToken') ? true : undefined), 10_000, 'a start token');
    const first = api.add({ name: 'a.pdf', mimeType: 'application/pdf', parents: [inbox.id] });
    api.add({ name: 'elsewhere.pdf', mimeType: 'application/pdf' });
    api.add({ name: 'Sub', mimeType: FOLDER, parents: [inbox.id] });
    api.add({ name: 'b.pdf', mimeType: 'application/pdf', parents: [inbox.id] });
    await waitUntil(() => ([...api.files.values()].filter((file) => file.name.startsWith('seen ')).length === 2 ? true : undefined), 10_000, 'two copies');
    api.edit(first.id, Buffer.from('edited'));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect([...api.files.values()].filter((file) => file.name.startsWith('seen ')).map((file) => file.name)).toEqual(['seen a.pdf', 'seen b.pdf']);
    const runs = await Promise.all(env.host.engine.list({ workflowId: saved.id, limit: 10 }).items.map((item) => env.host.engine.waitFor(item.id)));
    expect(runs.map((item) => item.status)).toEqual(runs.map(() => 'succeeded'));
  });

  it('maps n8n Google Drive nodes (v1–v3) and the Drive trigger', () => {
    const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });
    const imported = importN8nWorkflow(
      {
        name: 'Drive',
        nodes: [
          { name: 'Trigger', type: 'n8n-nodes-base.googleDriveTrigger', typeVersion: 1, parameters: { event: 'fileCreated', options: { fileType: 'application/pdf' }, pollTimes: { item: [{ mode: 'everyMinute' }] }, triggerOn: 'specificFolder', folderToWatch: rl('F1', 'list') } },
          { name: 'Download', type: 'n8n-nodes-base.googleDrive', typeVersion: 3, parameters: { fileId: rl('={{ $json.id }}'), options: { fileName: '={{ $json.name }}', googleFileConversion: { conversion: { docsToFormat: 'text/plain' } } }, operation: 'download' } },
          { name: 'Upload', type: 'n8n-nodes-base.googleDrive', typeVersion: 3, parameters: { name: 'x.pdf', driveId: rl('My Drive', 'list'), folderId: rl('root', 'list'), options: {}, inputDataFieldName: 'file' } },
          { name: 'Search', type: 'n8n-nodes-base.googleDrive', typeVersion: 3, parameters: { resource: 'fileFolder', queryString: 'report', filter: { folderId: rl('https://drive.google.com/drive/folders/F2', 'url'), whatToSearch: 'files' }, options: {} } },
          { name: 'Legacy list', type: 'n8n-nodes-base.googleDrive', typeVersion: 1, parameters: { operation: 'list', queryFilters: { name: [{ value: 'Q1', operation: 'is' }], mimeType: [{ mimeType: 'application/vnd.google-apps.folder' }] } } },
          { name: 'Delete', type: 'n8n-nodes-base.googleDrive', typeVersion: 3, parameters: { fileId: rl('={{ $json.id }}'), options: { deletePermanently: true }, operation: 'deleteFile' } },
          { name: 'Folder', type: 'n8n-nodes-base.googleDrive', typeVersion: 3, parameters: { resource: 'folder', name: 'Out', folderId: rl('={{ $json.id }}'), options: {} } },
        ],
        connections: {},
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.map(({ type, parameters }) => ({ type, parameters }))).toEqual([
      { type: 'google-drive.changes', parameters: { event: 'fileCreated', folderId: 'F1', mimeType: 'application/pdf', poll: { every: 1, unit: 'minutes' } } },
      { type: 'google-drive.download', parameters: { fileId: '{{ $json.id }}', binaryProperty: 'data', fileName: '{{ $json.name }}', exportAs: { docs: 'text/plain' } } },
      { type: 'google-drive.upload', parameters: { binaryProperty: 'file', name: 'x.pdf', folderId: 'root' } },
      { type: 'google-drive.list', parameters: { name: 'report', folderId: 'https://drive.google.com/drive/folders/F2', whatToSearch: 'files', includeTrashed: false, limit: 50 } },
      { type: 'google-drive.list', parameters: { query: "name = 'Q1' and (mimeType = 'application/vnd.google-apps.folder')", whatToSearch: 'all', includeTrashed: false, limit: 50 } },
      { type: 'google-drive.delete', parameters: { fileId: '{{ $json.id }}', permanently: true } },
      { type: 'google-drive.createFolder', parameters: { name: 'Out', parentId: '{{ $json.id }}' } },
    ]);
  });
});
