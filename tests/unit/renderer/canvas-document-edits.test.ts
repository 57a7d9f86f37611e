import { describe, expect, it } from 'vitest';
import { connect, duplicateNodes, moveNodes, removeEdges, removeNodes } from '../../../renderer/src/canvas/document-edits';
import { portsOf } from '../../../renderer/src/canvas/flow-mapping';
import { createNode, defaultParameters, uniqueName } from '../../../renderer/src/canvas/node-defaults';
import { applySettings, settingsOf } from '../../../renderer/src/canvas/node-settings-schema';
import { edgeKey, emptyWorkflow, type WorkflowDocument, type WorkflowNode } from '../../../shared/workflow/document';

const node = (id: string, name = id): WorkflowNode => ({ id, type: 'demo.echo', typeVersion: '1.0.0', name, position: { x: 0, y: 0 }, parameters: {} });

function doc(): WorkflowDocument {
  return {
    ...emptyWorkflow('Test'),
    nodes: [node('a'), node('b'), node('c')],
    edges: [
      { from: { node: 'a', output: 'main' }, to: { node: 'b', input: 'main' } },
      { from: { node: 'b', output: 'main' }, to: { node: 'c', input: 'main' } },
    ],
  };
}

describe('canvas document edits', () => {
  it('removes nodes together with every edge touching them, leaving the original untouched', () => {
    const original = doc();
    const next = removeNodes(original, new Set(['b']));
    expect(next.nodes.map((n) => n.id)).toEqual(['a', 'c']);
    expect(next.edges).toEqual([]);
    expect(original.edges).toHaveLength(2);
  });

  it('connects once, refuses self-loops, and removes edges by key', () => {
    const edge = { from: { node: 'a', output: 'main' }, to: { node: 'c', input: 'main' } };
    const once = connect(doc(), edge);
    expect(connect(once, edge)).toBe(once);
    expect(connect(once, { from: { node: 'a', output: 'main' }, to: { node: 'a', input: 'main' } })).toBe(once);
    expect(removeEdges(once, new Set([edgeKey(edge)])).edges).toHaveLength(2);
  });

  it('moves nodes to rounded positions', () => {
    const moved = moveNodes(doc(), new Map([['a', { x: 10.4, y: 20.6 }]]));
    expect(moved.nodes[0]!.position).toEqual({ x: 10, y: 21 });
  });

  it('duplicates a selection with fresh ids, unique names and its inner edges', () => {
    let n = 0;
    const { document, created } = duplicateNodes(doc(), new Set(['a', 'b']), () => `new${++n}`);
    expect(created).toEqual(['new1', 'new2']);
    expect(document.nodes.map((x) => x.name)).toEqual(['a', 'b', 'c', 'a copy', 'b copy']);
    expect(document.edges.at(-1)).toEqual({ from: { node: 'new1', output: 'main' }, to: { node: 'new2', input: 'main' } });
  });

  it('creates nodes with schema defaults and names unique in the workflow', () => {
    const schema = { type: 'object', properties: { method: { type: 'string', default: 'GET' }, options: { type: 'object', properties: { retries: { type: 'integer', default: 2 } } }, url: { type: 'string' } } };
    expect(defaultParameters(schema)).toEqual({ method: 'GET', options: { retries: 2 } });
    expect(uniqueName('a', doc())).toBe('a 2');
    const created = createNode({ type: 'http.request', version: '1.2.0', name: 'HTTP', description: '', category: 'Core', icon: 'globe', kind: 'action', inputs: ['main'], outputs: ['main'], parameters: schema }, { x: 1.2, y: 2.7 }, doc());
    expect(created).toMatchObject({ type: 'http.request', typeVersion: '1.2.0', name: 'HTTP', position: { x: 1, y: 3 }, parameters: { method: 'GET' } });
  });

  it('round-trips node settings and keeps the document minimal', () => {
    const base = node('a', 'Fetch');
    expect(applySettings(base, settingsOf(base))).toEqual(base);
    const edited = applySettings(base, { ...settingsOf(base), onError: 'route', retry: { maxTries: 3, baseDelayMs: 100 }, credentials: { token: 'GITHUB_TOKEN', other: '' } });
    expect(edited).toMatchObject({ onError: 'route', retry: { maxTries: 3 }, credentials: { token: { secret: 'GITHUB_TOKEN' } } });
    expect(edited.credentials).not.toHaveProperty('other');
  });

  it('adds an error output to nodes that route errors', () => {
    const catalog = new Map();
    expect(portsOf({ ...node('a'), onError: 'route' }, { catalog, ports: {} })).toEqual({ inputs: ['main'], outputs: ['main', 'error'] });
    expect(portsOf(node('a'), { catalog, ports: { a: { inputs: [], outputs: ['true', 'false'] } } })).toEqual({ inputs: [], outputs: ['true', 'false'] });
  });
});
