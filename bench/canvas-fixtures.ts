import type { WorkflowDocument } from '../shared/workflow/document';

const ROWS = 10;

/** A layered graph: a trigger, then columns of ten nodes, each fed by its row's neighbour and some by the row above (≈1.2 edges a node). */
export function layeredWorkflow(size: number): WorkflowDocument {
  const nodes: WorkflowDocument['nodes'] = [{ id: 'start', type: 'manual.trigger', typeVersion: '1.0.0', name: 'Start', position: { x: 0, y: 630 }, parameters: {} }];
  const edges: WorkflowDocument['edges'] = [];
  const id = (column: number, row: number) => `n${column}_${row}`;
  for (let i = 0; i < size - 1; i++) {
    const column = Math.floor(i / ROWS) + 1;
    const row = i % ROWS;
    nodes.push({ id: id(column, row), type: i % 3 === 0 ? 'transform.edit' : 'no-op.pass', typeVersion: '1.0.0', name: `Step ${column}.${row + 1}`, position: { x: column * 300, y: row * 140 }, parameters: i % 3 === 0 ? { fields: [{ name: 'n', value: '{{ $json.n }}' }] } : {} });
    const from = column === 1 ? 'start' : id(column - 1, row);
    edges.push({ from: { node: from, output: 'main' }, to: { node: id(column, row), input: 'main' } });
    if (column > 1 && row > 0 && i % 4 === 0) edges.push({ from: { node: id(column - 1, row - 1), output: 'main' }, to: { node: id(column, row), input: 'main' } });
  }
  return { schemaVersion: 1, name: `Canvas bench: ${size} nodes`, nodes, edges, settings: {} };
}
