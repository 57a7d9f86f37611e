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

/** Drafts belong to a saved workflow: save an empty one and return its id. */
async function workflow(): Promise<string> {
  const saved = await call('workflows.save', { document: { schemaVersion: 1, name: 'Draft test', nodes: [], edges: [] } });
  if (!saved.ok) throw new Error(saved.error.message);
  return (saved.data as { id: string }).id;
}

describe('canvas drafts', () => {
  it('autosaves an unfinished document and gives it back after a restart', async () => {
    const dataDir = tempDir();
    open(dataDir);
    const id = await workflow();
    const unfinished = { schemaVersion: 1, name: '', nodes: [{ id: 'a' }], edges: [] };
    expect(await call('drafts.save', { workflowId: id, document: unfinished, baseVersion: 1 })).toMatchObject({ ok: true });
    await host!.dispose();
    open(dataDir);
    expect(await call('drafts.get', { workflowId: id })).toMatchObject({ ok: true, data: { workflowId: id, document: unfinished, baseVersion: 1 } });
  });

  it('reports the table it wrote so open canvases refresh', async () => {
    open();
    const id = await workflow();
    const seen: string[][] = [];
    host!.bus.on('store.changed', ({ tables }) => seen.push(tables));
    await call('drafts.save', { workflowId: id, document: { name: 'x' }, baseVersion: 0 });
    await Promise.resolve();
    expect(seen).toContainEqual(['workflow_drafts']);
  });

  it('discards a draft, and says when there was none', async () => {
    open();
    const id = await workflow();
    await call('drafts.save', { workflowId: id, document: { name: 'x' }, baseVersion: 0 });
    expect(await call('drafts.discard', { workflowId: id })).toEqual({ ok: true, data: { discarded: true } });
    expect(await call('drafts.discard', { workflowId: id })).toEqual({ ok: true, data: { discarded: false } });
    expect(await call('drafts.get', { workflowId: id })).toEqual({ ok: true, data: null });
  });

  it('refuses a draft of a workflow that does not exist, and drops drafts with their workflow', async () => {
    open();
    expect(await call('drafts.save', { workflowId: 'nope', document: {}, baseVersion: 0 })).toMatchObject({ ok: false, error: { code: 'not_found', path: 'workflowId' } });
    const id = await workflow();
    await call('drafts.save', { workflowId: id, document: { name: 'x' }, baseVersion: 1 });
    await call('workflows.delete', { id });
    expect(await call('drafts.get', { workflowId: id })).toEqual({ ok: true, data: null });
  });

  it('refuses oversized drafts with a clear error and keeps the previous one', async () => {
    open();
    const id = await workflow();
    await call('drafts.save', { workflowId: id, document: { name: 'small' }, baseVersion: 0 });
    const result = await call('drafts.save', { workflowId: id, document: { blob: 'x'.repeat(11 * 1024 * 1024) }, baseVersion: 0 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', path: 'document' } });
    expect(await call('drafts.get', { workflowId: id })).toMatchObject({ ok: true, data: { document: { name: 'small' } } });
  });
});
