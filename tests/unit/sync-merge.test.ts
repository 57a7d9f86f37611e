import { describe, expect, it } from 'vitest';
import { workflowKind } from '../../electron/main/services/sync/kinds/workflow-kind';
import { mergeJson, valueAt, withValueAt, type Json } from '../../electron/main/services/sync/merge/three-way';

const { arrayKey } = workflowKind({} as never, () => {});
const node = (id: string, parameters: Record<string, Json> = {}, extra: Record<string, Json> = {}) => ({ id, type: 'no-op.noop', typeVersion: '1.0.0', name: id, position: { x: 0, y: 0 }, parameters, ...extra });
const edge = (from: string, to: string) => ({ from: { node: from, output: 'main' }, to: { node: to, input: 'main' } });
const row = (nodes: Json[], edges: Json[] = [], extra: Record<string, Json> = {}) => ({ name: 'Flow', document: { schemaVersion: 1, name: 'Flow', nodes, edges, ...extra } });

describe('three-way merge of workflows', () => {
  const base = row([node('a', { url: 'https://a' }), node('b', { n: 1 })], [edge('a', 'b')]);

  it('keeps both sides when they edit different nodes, add nodes and connect them', () => {
    const local = row([node('a', { url: 'https://local' }), node('b', { n: 1 })], [edge('a', 'b')]);
    const remote = row([node('a', { url: 'https://a' }), node('b', { n: 2 }), node('c')], [edge('a', 'b'), edge('b', 'c')]);
    const { merged, conflicts } = mergeJson(base, local, remote, arrayKey);
    expect(conflicts).toEqual([]);
    expect(merged).toEqual(row([node('a', { url: 'https://local' }), node('b', { n: 2 }), node('c')], [edge('a', 'b'), edge('b', 'c')]));
  });

  it('merges different fields of the same node', () => {
    const local = row([node('a', { url: 'https://a' }, { notes: 'mine' }), node('b', { n: 1 })], [edge('a', 'b')]);
    const remote = row([node('a', { url: 'https://remote' }), node('b', { n: 1 })], [edge('a', 'b')]);
    const { merged, conflicts } = mergeJson(base, local, remote, arrayKey);
    expect(conflicts).toEqual([]);
    expect(valueAt(merged, ['document', 'nodes', 'a'], arrayKey)).toEqual(node('a', { url: 'https://remote' }, { notes: 'mine' }));
  });

  it('reports the same field changed differently, with both values, and keeps the local one meanwhile', () => {
    const local = row([node('a', { url: 'https://local' }), node('b', { n: 1 })], [edge('a', 'b')]);
    const remote = row([node('a', { url: 'https://remote' }), node('b', { n: 1 })], [edge('a', 'b')]);
    const { merged, conflicts } = mergeJson(base, local, remote, arrayKey);
    expect(conflicts).toEqual([{ path: ['document', 'nodes', 'a', 'parameters', 'url'], base: 'https://a', local: 'https://local', remote: 'https://remote' }]);
    expect(valueAt(merged, conflicts[0]!.path, arrayKey)).toBe('https://local');
    const chosen = withValueAt(merged, conflicts[0]!.path, 'https://remote', arrayKey);
    expect(valueAt(chosen, ['document', 'nodes', 'a', 'parameters', 'url'], arrayKey)).toBe('https://remote');
  });

  it('takes a deletion made on one side when the other left the node alone, and flags delete-versus-edit', () => {
    const deleted = row([node('a', { url: 'https://a' })], []);
    expect(mergeJson(base, deleted, base, arrayKey)).toEqual({ merged: deleted, conflicts: [] });
    const edited = row([node('a', { url: 'https://a' }), node('b', { n: 5 })], [edge('a', 'b')]);
    const { merged, conflicts } = mergeJson(base, deleted, edited, arrayKey);
    expect(conflicts.map((conflict) => conflict.path)).toEqual([['document', 'nodes', 'b']]);
    expect(valueAt(withValueAt(merged, ['document', 'nodes', 'b'], node('b', { n: 5 }), arrayKey), ['document', 'nodes', 'b', 'parameters', 'n'], arrayKey)).toBe(5);
  });

  it('treats the whole entity deleted on one side and edited on the other as one conflict', () => {
    const { conflicts } = mergeJson(base, undefined, row([node('a')]), arrayKey);
    expect(conflicts).toEqual([expect.objectContaining({ path: [], local: undefined })]);
    expect(mergeJson(base, undefined, undefined, arrayKey)).toEqual({ merged: undefined, conflicts: [] });
  });
});
