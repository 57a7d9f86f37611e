import { describe, expect, it } from 'vitest';
import { nodeAt, overviewGeometry } from '../../../renderer/src/canvas/overview-geometry';
import { layeredWorkflow } from '../../../bench/canvas-fixtures';
import type { WorkflowDocument } from '../../../shared/workflow/document';

const context = { catalog: new Map(), ports: {}, problems: [], states: {} };

describe('the overview of a large graph', () => {
  it('draws every node as a box and every connection as one straight line, port to port', () => {
    const document = layeredWorkflow(1000);
    const geometry = overviewGeometry(document, context);
    expect(geometry.boxes).toHaveLength(1000);
    expect(geometry.lines.length).toBe(document.edges.length * 4);
    // Start (0, 630) feeds Step 1.1 (300, 0): from Start's right side to Step 1.1's left, mid-height.
    expect([...geometry.lines.subarray(0, 4)]).toEqual([230, 630 + 28, 300, 28]);
  });

  it('spreads a node with two outputs down its side, as the canvas draws its handles', () => {
    const document: WorkflowDocument = {
      schemaVersion: 1,
      name: 'If',
      nodes: [
        { id: 'if', type: 'if.check', typeVersion: '1.0.0', name: 'Check', position: { x: 0, y: 0 }, parameters: {} },
        { id: 'yes', type: 'no-op.pass', typeVersion: '1.0.0', name: 'Yes', position: { x: 300, y: 0 }, parameters: {} },
      ],
      edges: [{ from: { node: 'if', output: 'false' }, to: { node: 'yes', input: 'main' } }],
      settings: {},
    };
    const geometry = overviewGeometry(document, { ...context, ports: { if: { inputs: ['main'], outputs: ['true', 'false'] } } });
    expect(geometry.lines[1]).toBeCloseTo((2 * 56) / 3);
  });

  it('marks failed nodes and nodes with problems, and finds the node under a point', () => {
    const document = layeredWorkflow(30);
    const geometry = overviewGeometry(document, { ...context, problems: [{ code: 'x', message: 'x', path: '', nodeId: 'n1_0' }], states: { n2_0: 'failed' } });
    expect(geometry.boxes.filter((box) => box.alert).map((box) => box.id)).toEqual(['n1_0', 'n2_0']);
    expect(nodeAt(geometry, { x: 310, y: 10 })).toBe('n1_0');
    expect(nodeAt(geometry, { x: 560, y: 10 })).toBeUndefined();
  });
});
