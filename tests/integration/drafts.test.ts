import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../electron/main/services/host';
import { MemoryKeyValueStore } from '../../electron/main/services/preferences/preferences-service';
import { tempDir } from '../helpers/temp-dir';

let host: Host | undefined;
afterEach(async () => {
  await host?.dispose();
  host = undefined;
});

const open = (dataDir = tempDir()) => (host = createHost({ shell: 'cli', dataDir, preferences: new MemoryKeyValueStore() }));
const call = (method: string, input: unknown) => host!.router.call(method, input, { caller: 'test' });

describe('canvas drafts', () => {
  it('autosaves an unfinished document and gives it back after a restart', async () => {
    const dataDir = tempDir();
    open(dataDir);
    const unfinished = { schemaVersion: 1, name: '', nodes: [{ id: 'a' }], edges: [] };
    expect(await call('drafts.save', { workflowId: 'wf1', document: unfinished, baseVersion: 3 })).toMatchObject({ ok: true });
    await host!.dispose();
    open(dataDir);
    expect(await call('drafts.get', { workflowId: 'wf1' })).toMatchObject({ ok: true, data: { workflowId: 'wf1', document: unfinished, baseVersion: 3 } });
  });

  it('reports the table it wrote so open canvases refresh', async () => {
    open();
    const seen: string[][] = [];
    host!.bus.on('store.changed', ({ tables }) => seen.push(tables));
    await call('drafts.save', { workflowId: 'wf1', document: { name: 'x' }, baseVersion: 0 });
    await Promise.resolve();
    expect(seen).toContainEqual(['workflow_drafts']);
  });

  it('discards a draft, and says when there was none', async () => {
    open();
    await call('drafts.save', { workflowId: 'wf1', document: { name: 'x' }, baseVersion: 0 });
    expect(await call('drafts.discard', { workflowId: 'wf1' })).toEqual({ ok: true, data: { discarded: true } });
    expect(await call('drafts.discard', { workflowId: 'wf1' })).toEqual({ ok: true, data: { discarded: false } });
    expect(await call('drafts.get', { workflowId: 'wf1' })).toEqual({ ok: true, data: null });
  });

  it('refuses oversized drafts with a clear error and keeps the previous one', async () => {
    open();
    await call('drafts.save', { workflowId: 'wf1', document: { name: 'small' }, baseVersion: 0 });
    const result = await call('drafts.save', { workflowId: 'wf1', document: { blob: 'x'.repeat(11 * 1024 * 1024) }, baseVersion: 0 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'document' } });
    expect(await call('drafts.get', { workflowId: 'wf1' })).toMatchObject({ ok: true, data: { document: { name: 'small' } } });
  });
});
