import { describe, expect, it } from 'vitest';
import { parseWorkflow, serializeWorkflow, type WorkflowDocument } from '../../shared/workflow';

const document: WorkflowDocument = {
  schemaVersion: 1,
  name: 'Greet',
  nodes: [
    { id: 'b', type: 'transform.set', typeVersion: '1.0.0', name: 'Set', position: { x: 200, y: 0 }, parameters: { z: 1, a: [3, 1, 2] }, retry: { maxTries: 3 } },
    { id: 'a', type: 'manual.trigger', typeVersion: '1.0.0', name: 'Start', position: { x: 0, y: 0 }, parameters: {}, credentials: { api: { secret: 'TOKEN' } } },
  ],
  edges: [{ from: { node: 'a', output: 'main' }, to: { node: 'b', input: 'main' } }],
  settings: { variables: { greeting: 'hi' }, missedSchedules: 'skip' },
  futureField: { kept: true },
};

describe('workflow document', () => {
  it('serializes with sorted keys and sorted nodes, and round-trips losslessly', () => {
    const text = serializeWorkflow(document);
    expect(text.indexOf('"edges"')).toBeLessThan(text.indexOf('"name"'));
    expect(text.indexOf('"id": "a"')).toBeLessThan(text.indexOf('"id": "b"'));
    expect(JSON.parse(text).nodes[1].parameters.a).toEqual([3, 1, 2]);
    const parsed = parseWorkflow(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(serializeWorkflow(parsed.document)).toBe(text);
    expect(text).toContain('futureField');
  });

  it('reports every shape problem at once with its path', () => {
    const bad = { schemaVersion: 1, name: '', nodes: [{ id: 'a b', type: 'Nope', typeVersion: '1', name: 'x', position: { x: 0, y: 0 }, parameters: {} }], edges: [] };
    const parsed = parseWorkflow(JSON.stringify(bad));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((issue) => issue.path).sort()).toEqual(['name', 'nodes.0.id', 'nodes.0.type', 'nodes.0.typeVersion']);
    expect(parseWorkflow('{').ok).toBe(false);
  });
});
