import { describe, expect, it } from 'vitest';
import { autoLayout } from '../../../renderer/src/canvas/auto-layout';
import { copySelection, parseClip, pasteClip } from '../../../renderer/src/canvas/clipboard';
import { executionOverlay } from '../../../renderer/src/canvas/execution-overlay';
import { nodeSubtitle } from '../../../renderer/src/canvas/node-subtitle';
import { stickyNotes, withStickyNotes } from '../../../renderer/src/canvas/sticky-notes';
import { diffDocuments, isEmptyDiff } from '../../../renderer/src/canvas/version-diff';
import { MIN_ZOOM, openingViewport, READABLE_ZOOM } from '../../../renderer/src/canvas/viewport';
import { humanize, prepareSchema } from '../../../renderer/src/components/schema-form/prepare-schema';
import type { CanvasNodeType } from '../../../renderer/src/canvas/canvas-types';
import { emptyWorkflow, type WorkflowDocument, type WorkflowNode } from '../../../shared/workflow/document';

const node = (id: string, x = 0, y = 0, extra: Partial<WorkflowNode> = {}): WorkflowNode => ({ id, type: 'no-op.pass', typeVersion: '1.0.0', name: id, position: { x, y }, parameters: {}, ...extra });
const edge = (from: string, to: string, output = 'main') => ({ from: { node: from, output }, to: { node: to, input: 'main' } });
const flow = (nodes: WorkflowNode[], edges: ReturnType<typeof edge>[] = []): WorkflowDocument => ({ ...emptyWorkflow('Flow'), nodes, edges });
let ids = 0;
const newId = () => `new${++ids}`;

describe('copy and paste', () => {
  it('copies the selected nodes with the connections among them, and pastes them with fresh ids and unique names', () => {
    const source = flow([node('a'), node('b', 300), node('c', 600)], [edge('a', 'b'), edge('b', 'c')]);
    const clip = copySelection(source, new Set(['a', 'b']));
    expect(clip.edges).toEqual([edge('a', 'b')]);
    const text = JSON.stringify(clip);
    const { clip: parsed } = parseClip(text);
    const { document, created } = pasteClip(source, parsed!, newId, { x: 1000, y: 500 });
    expect(created).toHaveLength(2);
    const pasted = document.nodes.filter((item) => created.includes(item.id));
    expect(pasted.map((item) => item.name)).toEqual(['a 2', 'b 2']);
    expect(pasted.map((item) => item.position)).toEqual([
      { x: 1000, y: 500 },
      { x: 1300, y: 500 },
    ]);
    expect(document.edges).toContainEqual(edge(created[0]!, created[1]!));
    expect(document.nodes).toHaveLength(5);
  });

  it('pastes a whole workflow document into another one, sticky notes included', () => {
    const other = withStickyNotes(flow([node('x')]), [{ id: 'n1', content: 'Why', position: { x: 0, y: -200 }, width: 200, height: 100 }]);
    const { clip } = parseClip(JSON.stringify(other));
    const { document } = pasteClip(flow([node('x')]), clip!, newId);
    expect(document.nodes.map((item) => item.name)).toEqual(['x', 'x 2']);
    expect(stickyNotes(document).map((note) => note.content)).toEqual(['Why']);
  });

  it('ignores text that is not JSON and says why JSON of another kind cannot be pasted', () => {
    expect(parseClip('hello')).toEqual({});
    expect(parseClip(JSON.stringify({ nodes: [{ name: 'x' }], connections: {} })).error).toMatch(/not an Echelon workflow/);
  });
});

describe('versions', () => {
  it('lists nodes added, removed and changed field by field, and connections', () => {
    const before = flow([node('a'), node('b', 0, 0, { parameters: { url: 'https://old' } }), node('gone')], [edge('a', 'b')]);
    const after = { ...flow([node('a', 50), node('b', 0, 0, { parameters: { url: 'https://new' }, retry: { maxTries: 3 } }), node('fresh')], [edge('a', 'fresh')]), name: 'Renamed' };
    const diff = diffDocuments(before, after);
    expect(diff.added.map((item) => item.id)).toEqual(['fresh']);
    expect(diff.removed.map((item) => item.id)).toEqual(['gone']);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]!.fields).toEqual([
      { path: 'parameters.url', before: 'https://old', after: 'https://new' },
      { path: 'retry', before: undefined, after: { maxTries: 3 } },
    ]);
    expect(diff.moved).toEqual(['a']);
    expect(diff.edgesAdded).toEqual(['a → fresh']);
    expect(diff.edgesRemoved).toEqual(['a → b']);
    expect(diff.workflow).toEqual([{ path: 'name', before: 'Flow', after: 'Renamed' }]);
    expect(isEmptyDiff(diffDocuments(before, before))).toBe(true);
  });
});

describe('the opening viewport', () => {
  const box = (x: number, y = 0) => ({ x, y, width: 230, height: 56 });
  const view = { width: 1000, height: 700 };

  it('shows a small workflow whole at a zoom where names are readable', () => {
    const viewport = openingViewport([box(0), box(300)], box(0), view);
    expect(viewport.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(viewport.zoom).toBeLessThanOrEqual(1);
  });

  it('opens a chain a little wider than the view readable, with the trigger on screen at the left', () => {
    const boxes = Array.from({ length: 6 }, (_, i) => box(i * 290));
    const viewport = openingViewport(boxes, boxes[0], view);
    expect(viewport.zoom).toBeCloseTo(READABLE_ZOOM);
    const left = boxes[0]!.x * viewport.zoom + viewport.x;
    expect(left).toBeGreaterThanOrEqual(0);
    expect(left).toBeLessThan(100);
  });

  it('fits a thousand-node graph whole, however far out that is', () => {
    const boxes = Array.from({ length: 1000 }, (_, i) => box(Math.floor(i / 10) * 300, (i % 10) * 140));
    const viewport = openingViewport(boxes, boxes[0], view);
    expect(viewport.zoom).toBeLessThan(0.05);
    expect(viewport.zoom).toBeGreaterThanOrEqual(MIN_ZOOM);
    const right = (boxes.at(-1)!.x + 230) * viewport.zoom + viewport.x;
    expect(right).toBeLessThanOrEqual(view.width);
    expect(viewport.x).toBeGreaterThanOrEqual(0);
  });
});

describe('tidy up', () => {
  it('lays nodes out left to right in the order their connections run', () => {
    const document = flow([node('c', 0, 0), node('a', 500, 500), node('b', 20, 900)], [edge('a', 'b'), edge('b', 'c')]);
    const laid = autoLayout(document);
    const x = Object.fromEntries(laid.nodes.map((item) => [item.id, item.position.x]));
    expect(x.a).toBeLessThan(x.b!);
    expect(x.b).toBeLessThan(x.c!);
    expect(laid.nodes.map((item) => item.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('a run on the canvas', () => {
  it('gives each node its last status, counts items per connection, and marks nodes that never ran as skipped', () => {
    const document = flow([node('t'), node('if'), node('yes'), node('no')], [edge('t', 'if'), edge('if', 'yes', 'true'), edge('if', 'no', 'false')]);
    const overlay = executionOverlay(
      document,
      [
        { seq: 0, nodeId: 't', status: 'succeeded', items: { main: 3 } },
        { seq: 1, nodeId: 'if', status: 'succeeded', items: { true: 2, false: 0 } },
        { seq: 2, nodeId: 'yes', status: 'failed' },
      ],
      true,
    );
    expect(overlay.states).toEqual({ t: 'succeeded', if: 'succeeded', yes: 'failed', no: 'skipped' });
    expect(overlay.edgeItems).toEqual({ 't:main->if:main': 3, 'if:true->yes:main': 2, 'if:false->no:main': 0 });
    expect(overlay.lastStep.yes).toBe(2);
  });
});

describe('words instead of ids', () => {
  const type = (name: string, extra: Partial<CanvasNodeType> = {}): CanvasNodeType => ({ type: 'http-request.send', version: '1.0.0', name, description: '', category: 'Core', icon: 'globe', kind: 'action', inputs: ['main'], outputs: ['main'], parameters: {}, ...extra });

  it('says what a node is without repeating its name or showing an internal id', () => {
    expect(nodeSubtitle(node('Fetch orders'), type('HTTP request'))).toBe('HTTP request');
    expect(nodeSubtitle({ ...node('x'), name: 'HTTP request' }, type('HTTP request'))).toBe('Core');
    expect(nodeSubtitle({ ...node('x'), type: 'n8n.unsupported', parameters: { n8nType: 'n8n-nodes-base.googleSheets' } }, undefined)).toBe('Not supported: Google Sheets (n8n)');
    expect(nodeSubtitle(node('x'), undefined)).not.toContain('.');
  });

  it('titles form fields as people write them and hides list items\' own ids', () => {
    expect(humanize('url')).toBe('URL');
    expect(humanize('jsonBody')).toBe('JSON body');
    expect(humanize('workflowId')).toBe('Workflow ID');
    const { schema, uiSchema } = prepareSchema({
      type: 'object',
      properties: { conditions: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, leftValue: { type: 'string' } }, required: ['id'] } }, combinator: { type: 'string', enum: ['and', 'or'] } },
    });
    const items = (schema.properties as unknown as { conditions: { items: { required: string[] } } }).conditions.items;
    expect(items.required).toEqual([]);
    expect(uiSchema).toMatchObject({ conditions: { items: { id: { 'ui:widget': 'hidden' }, 'ui:title': 'Condition' } }, combinator: { 'ui:enumNames': ['And', 'Or'] } });
  });
});
